package org.trialclock.notify.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A care team as REST and the seed configuration give it: the whole team in one document, so a change is one
 * {@code PUT}. Secrets are write-only: answers say whether one is set, never what it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeamDocument(String id, String name, String escalationContact, String webhookSecret,
                           Boolean hasWebhookSecret, List<MemberDocument> members) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberDocument(String name, String role, String email, String webhookUrl, String webhookSecret,
                                 Boolean hasWebhookSecret) {
    }

    static TeamDocument of(CareTeam team) {
        return new TeamDocument(team.teamId, team.name, team.escalationContact, null, team.webhookSecret != null,
                team.members.stream().map(m -> new MemberDocument(m.name, m.role, m.email, m.webhookUrl, null,
                        m.webhookSecret != null)).toList());
    }
}
