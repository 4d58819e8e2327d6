package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One dose level over a run of cycle days ("days 4-14: 28 ug/day"). Without an amount the registry text gives
 * no dose, and the task says "per protocol" (or {@code text}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoseStep(String days, BigDecimal amount, String unit, String per, String text) {

    public int firstDay() {
        return Integer.parseInt(days.substring(0, days.indexOf('-')).trim());
    }

    public int lastDay() {
        return Integer.parseInt(days.substring(days.indexOf('-') + 1).trim());
    }
}
