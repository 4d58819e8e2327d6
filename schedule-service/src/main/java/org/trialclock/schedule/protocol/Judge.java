package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Map;

/** How a criterion is judged from the enrollment's data; exactly one of the fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Judge(Age age, SinceAnchor sinceAnchor, Boolean mrdNegativeAtEnrollment, GvhdFree gvhdFree,
                    MrdAtTimepoint mrdAtTimepoint) {

    /**
     * Age in completed years or months, bounds inclusive: {@code maxYears: 65} accepts a patient of 65 (not yet
     * 66), {@code minMonths: 1} a child of at least one completed month.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Age(Integer minYears, Integer maxYears, Integer minMonths) {}

    /** At least {@code minMonths} calendar months from the anchor's date to the enrollment date. */
    public record SinceAnchor(String anchor, int minMonths) {}

    /** No acute or chronic GVHD of grade {@code gradeAtLeast} or worse ever, and none active at enrollment. */
    public record GvhdFree(int gradeAtLeast) {}

    /** The MRD at a named timepoint (D19) must reach a value, per provisional risk group or for everyone. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record MrdAtTimepoint(String timepoint, BigDecimal atLeast, Map<String, BigDecimal> atLeastByRiskGroup) {
        public MrdAtTimepoint {
            atLeastByRiskGroup = atLeastByRiskGroup == null ? Map.of() : Map.copyOf(atLeastByRiskGroup);
        }
    }
}
