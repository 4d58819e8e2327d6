package org.trialclock.schedule.planning;

import java.time.LocalDate;
import java.util.Map;

/**
 * Something that happened to the patient and changes the schedule. Types: GVHD_ASSESSED, LAB_RESULT,
 * MRD_RESULT, TRANSPLANT_DONE, RELAPSE, DEATH, WITHDRAWN, HD_MTX_2_STARTED.
 */
public record ClinicalEvent(String type, LocalDate date, Map<String, Object> data) {

    public static final String GVHD_ASSESSED = "GVHD_ASSESSED";
    public static final String LAB_RESULT = "LAB_RESULT";
    public static final String MRD_RESULT = "MRD_RESULT";
    public static final String TRANSPLANT_DONE = "TRANSPLANT_DONE";
    public static final String RELAPSE = "RELAPSE";
    public static final String DEATH = "DEATH";
    public static final String WITHDRAWN = "WITHDRAWN";
    public static final String HD_MTX_2_STARTED = "HD_MTX_2_STARTED";

    public ClinicalEvent {
        // Map.copyOf refuses null values, and a result may legitimately carry one.
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
