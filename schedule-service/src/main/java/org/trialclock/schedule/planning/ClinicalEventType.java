package org.trialclock.schedule.planning;

/** The clinical events the service accepts; each re-plans (PROTOCOLS.md, "Clinical events the service must accept"). */
public enum ClinicalEventType {
    GVHD_ASSESSED, LAB_RESULT, MRD_RESULT, TRANSPLANT_DONE, RELAPSE, DEATH, WITHDRAWN, HD_MTX_2_STARTED
}
