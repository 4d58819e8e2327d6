package org.trialclock.schedule.planning;

/**
 * MET and NOT_MET: judged from the enrollment's data. UNVERIFIED: the data needed is missing, or the data
 * cannot show it. ATTESTED: confirmed by the coordinator.
 */
public enum EligibilityStatus {
    MET, NOT_MET, UNVERIFIED, ATTESTED
}
