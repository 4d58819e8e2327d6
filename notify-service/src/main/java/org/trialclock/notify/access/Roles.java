package org.trialclock.notify.access;

/**
 * The roles a token may carry in its {@code roles} claim (strings, because {@code @RolesAllowed} takes constants).
 * Each acts only on the care teams in the token's {@code teams} claim; an admin may do what every other role may,
 * on its own teams.
 */
public final class Roles {
    /** Enrolls patients and records clinical events (schedule-service); here it may only list its teams. */
    public static final String COORDINATOR = "coordinator";
    /** Reads and completes its teams' tasks. */
    public static final String CARE_TEAM = "care-team";
    /** Reads everything of its teams. */
    public static final String INVESTIGATOR = "investigator";
    /** Everything the others may on its teams, plus configuration and the clock in dev. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
