package org.trialclock.schedule.planning;

import java.time.LocalDate;

/** Something the care team must hear about once: MRD_CONVERSION, RELAPSE, DEATH, WITHDRAWN, OFF_STUDY. */
public record EnrollmentAlert(String key, String kind, LocalDate date, String message) {}
