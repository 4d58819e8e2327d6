package org.trialclock.schedule.timeline;

import java.util.Arrays;
import java.util.List;

/** One row of the picture: the task kinds it shows, in the order a clinician reads a transplant course. */
enum Lane {
    CYCLES("Blinatumomab cycles", List.of("CYCLE_START", "DOSE_CHANGE", "CYCLE_END")),
    TRANSPLANT("Collection, transplant", List.of("STEM_CELL_COLLECTION", "TRANSPLANT")),
    DLI("Donor lymphocytes (DLI)", List.of("DLI")),
    MRD("Marrow MRD checks", List.of("MRD_MARROW")),
    BLOOD("Blood counts", List.of("LAB_CHECK")),
    ASSESSMENTS("GVHD, safety checks", List.of("GVHD_ASSESSMENT", "SAFETY_ASSESSMENT")),
    FOLLOW_UP("Follow-up, endpoints", List.of("FOLLOW_UP", "ENDPOINT_ASSESSMENT"));

    final String label;
    final List<String> kinds;

    Lane(String label, List<String> kinds) {
        this.label = label;
        this.kinds = kinds;
    }

    /** The lane of a task kind; a kind added later lands with the assessments rather than vanishing. */
    static Lane of(String kind) {
        return Arrays.stream(values()).filter(l -> l.kinds.contains(kind)).findFirst().orElse(ASSESSMENTS);
    }

    /** Kinds that make up the treatment phase: the scale is linear until the last of them. */
    static boolean treatment(String kind) {
        return CYCLES.kinds.contains(kind) || TRANSPLANT.kinds.contains(kind) || DLI.kinds.contains(kind);
    }
}
