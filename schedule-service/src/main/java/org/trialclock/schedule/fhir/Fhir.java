package org.trialclock.schedule.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR R4 JSON, written by HAPI. */
final class Fhir {
    static final String JSON = "application/fhir+json";

    private Fhir() {
    }

    /** HAPI's R4 context is costly to build (it scans the model once) and thread-safe: its cached one is shared. */
    static String json(IBaseResource resource) {
        return FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
    }
}
