package org.trialclock.audit;

/**
 * Whose changes the caller may read: each service answers from its own notion of the caller's teams (the token's
 * {@code teams} claim), so the audit trail shows a member of team A nothing of team B.
 */
public interface AuditReaders {
    boolean mayRead(String team);
}
