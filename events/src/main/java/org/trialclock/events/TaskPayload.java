package org.trialclock.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A task as it travels on {@code trial-tasks} (and as REST shows it). Field names are fixed by DESIGN.md.
 * {@code version} grows with every change of the task, so a consumer can ignore a late or repeated event.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskPayload(
        String id,
        String enrollmentId,
        String subjectId,
        String protocolId,
        String protocolVersion,
        String activity,
        String kind,
        String title,
        Integer cycle,
        LocalDate dueDate,
        LocalDate windowStart,
        LocalDate windowEnd,
        String status,
        String statusReason,
        Dose dose,
        Gate gate,
        String siteId,
        String careTeam,
        String timezone,
        long version) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dose(BigDecimal amount, String unit, String per, BigDecimal absolute, String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gate(String rule, String state, String reason, String source) {
    }
}
