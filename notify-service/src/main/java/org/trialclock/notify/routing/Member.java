package org.trialclock.notify.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One person of a care team and the channels that reach them. */
@Entity
@Table(name = "team_member")
public class Member extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "team_id")
    public CareTeam team;
    public String name;
    public String role;
    public String email;
    public String webhookUrl;
    /** Encrypted at rest (SealedSecret). */
    @Convert(converter = SealedSecret.class)
    public String webhookSecret;

    /** The member's own secret, else the team's: what a receiver uses to check a post really came from us. */
    public String signingSecret() {
        return webhookSecret != null ? webhookSecret : team.webhookSecret;
    }
}
