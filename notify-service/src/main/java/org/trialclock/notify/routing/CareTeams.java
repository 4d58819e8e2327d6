package org.trialclock.notify.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.notify.problem.InvalidRequest;
import org.trialclock.notify.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The care teams: who is in each and how to reach them. One place that checks and stores a team. */
@ApplicationScoped
public class CareTeams {
    private final AuditTrail audit;
    private final WebhookPolicy webhooks;

    CareTeams(AuditTrail audit, WebhookPolicy webhooks) {
        this.audit = audit;
        this.webhooks = webhooks;
    }

    private static final Pattern TEAM_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public Optional<CareTeam> find(String teamId) {
        return Optional.ofNullable(CareTeam.findById(teamId));
    }

    public List<CareTeam> all() {
        return CareTeam.listAll();
    }

    /** Creates or replaces the team; returns true when it is new. Refuses the whole document if any field is wrong. */
    @Transactional
    public boolean put(String teamId, TeamDocument doc) {
        check(teamId, doc);
        lock(teamId);
        CareTeam team = CareTeam.findById(teamId);
        boolean created = team == null;
        // secrets are never in the trail: the documents say only whether one is set
        TeamDocument before = created ? null : TeamDocument.of(team);
        if (created) {
            team = new CareTeam();
            team.teamId = teamId;
        }
        team.name = doc.name();
        team.escalationContact = doc.escalationContact();
        if (doc.webhookSecret() != null) {
            team.webhookSecret = doc.webhookSecret();
        }
        List<Member> previous = List.copyOf(team.members);
        team.members.clear();
        for (TeamDocument.MemberDocument m : doc.members()) {
            Member member = previous.stream().filter(p -> p.name.equals(m.name())).findFirst().orElseGet(Member::new);
            member.team = team;
            member.name = m.name();
            member.role = m.role().toUpperCase(Locale.ROOT);
            member.email = m.email();
            member.webhookUrl = m.webhookUrl();
            // an omitted secret keeps the one already set, since answers never show it
            if (m.webhookSecret() != null) {
                member.webhookSecret = m.webhookSecret();
            }
            team.members.add(member);
        }
        if (created) {
            team.persist();
        }
        audit.record(AuditAction.CARE_TEAM_CHANGED, AuditEntry.Subject.team(teamId), before, TeamDocument.of(team));
        return created;
    }

    /**
     * Creates the team unless it exists; returns whether it did. Two replicas starting together on an empty database
     * both seed the configured teams: the lock makes the second see the first's team instead of inserting it again.
     */
    @Transactional
    public boolean createIfAbsent(String teamId, TeamDocument doc) {
        check(teamId, doc);
        lock(teamId);
        return CareTeam.findById(teamId) == null && put(teamId, doc);
    }

    /**
     * Serializes writers of one team id until commit (a transaction-scoped advisory lock), so two creating the same
     * new team one after the other update it rather than both inserting it (the second failed on care_team_pkey).
     * A row lock cannot do this: the row does not exist yet.
     */
    private static void lock(String teamId) {
        CareTeam.getEntityManager().createNativeQuery(
                "SELECT 1 FROM pg_advisory_xact_lock(hashtext('care_team'), hashtext(?1))")
                .setParameter(1, teamId).getSingleResult();
    }

    private void check(String teamId, TeamDocument doc) {
        List<FieldError> errors = new ArrayList<>();
        if (teamId == null || !TEAM_ID.matcher(teamId).matches()) {
            errors.add(new FieldError("id", "lower-case letters, digits and '-', as the enrollment's careTeam"));
        }
        if (doc == null) {
            throw new InvalidRequest(400, "Invalid care team", List.of(new FieldError("body", "required")));
        }
        if (doc.id() != null && !doc.id().equals(teamId)) {
            errors.add(new FieldError("id", "differs from the path's team id " + teamId));
        }
        if (blank(doc.name())) {
            errors.add(new FieldError("name", "required"));
        }
        List<TeamDocument.MemberDocument> members = doc.members() == null ? List.of() : doc.members();
        if (doc.members() == null) {
            errors.add(new FieldError("members", "required (may be empty)"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            TeamDocument.MemberDocument m = members.get(i);
            String at = "members[" + i + "].";
            if (m == null || blank(m.name())) {
                errors.add(new FieldError(at + "name", "required"));
                continue;
            }
            if (!names.add(m.name())) {
                errors.add(new FieldError(at + "name", "'" + m.name() + "' appears twice"));
            }
            if (m.role() == null || !isRole(m.role())) {
                errors.add(new FieldError(at + "role", "one of " + List.of(Role.values())));
            }
            if (m.email() != null && !EMAIL.matcher(m.email()).matches()) {
                errors.add(new FieldError(at + "email", "'" + m.email() + "' is not an email address"));
            }
            if (m.webhookUrl() != null) {
                webhooks.refusal(m.webhookUrl()).ifPresent(why -> errors.add(new FieldError(at + "webhookUrl", why)));
            }
        }
        if (doc.escalationContact() != null && !names.contains(doc.escalationContact())) {
            errors.add(new FieldError("escalationContact", "must be the name of a member of the team"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.stream().anyMatch(e -> e.reason().equals("required")) ? 400 : 422,
                    "Invalid care team", errors);
        }
    }

    private static boolean isRole(String role) {
        try {
            Role.valueOf(role.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
