package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One inclusion or exclusion criterion of the trial, in the text's words. A criterion with a {@code judge} is
 * checked from the enrollment's data; one without is confirmed by the coordinator (an attestation), because the
 * data TrialClock keeps cannot show it (ECOG, organ function, consent...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Criterion(String id, String type, String text, Judge judge, String source, String quote) {

    public static final String INCLUSION = "inclusion";
    public static final String EXCLUSION = "exclusion";

    public boolean judged() {
        return judge != null;
    }
}
