package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/** The dose of a single-day activity such as a DLI; {@code per: kg} makes it weight-based. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoseSpec(BigDecimal amount, String unit, String per, String text, String source, String quote) {

    public static final String PER_KG = "kg";

    public DoseStep asStep() {
        return new DoseStep("1-1", amount, unit, per, text);
    }
}
