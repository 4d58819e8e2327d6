package org.trialclock.schedule.planning;

import java.time.LocalDate;

/**
 * An eligibility criterion as judged for one patient: {@code reason} says what the data showed (or that none
 * did); {@code date} is when the data that did not meet it was found.
 */
public record CriterionStatus(String id, String type, String text, String source, EligibilityStatus status,
                              String reason, LocalDate date) {}
