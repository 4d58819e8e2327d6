package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Map;

/**
 * An MRD result at a named timepoint ("D19", "D46") compared with a threshold in percent: for eligibility the
 * result must be at least the risk group's value; for going off study, at least {@code atLeast}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MrdRule(
        String timepoint, BigDecimal atLeast, Map<String, BigDecimal> atLeastByRiskGroup, String source, String quote) {

    public MrdRule {
        atLeastByRiskGroup = atLeastByRiskGroup == null ? Map.of() : Map.copyOf(atLeastByRiskGroup);
    }
}
