package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The dose steps of the listed cycles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CycleDoses(List<Integer> cycles, List<DoseStep> steps, String source, String quote) {

    public CycleDoses {
        cycles = List.copyOf(cycles);
        steps = List.copyOf(steps);
    }
}
