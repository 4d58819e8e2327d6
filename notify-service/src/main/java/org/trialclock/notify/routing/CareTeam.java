package org.trialclock.notify.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A care team: the people who look after one group of patients (the enrollment's {@code careTeam}). */
@Entity
public class CareTeam extends PanacheEntityBase {
    @Id
    public String teamId;
    public String name;
    /** Name of the member who hears of an overdue task nobody acknowledged in time. */
    public String escalationContact;
    /** Signs webhook posts of members without a secret of their own. */
    /** Encrypted at rest (SealedSecret). */
    @Convert(converter = SealedSecret.class)
    public String webhookSecret;
    @OneToMany(mappedBy = "team", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("name")
    public List<Member> members = new ArrayList<>();

    public Optional<Member> escalationMember() {
        return members.stream().filter(m -> m.name.equals(escalationContact)).findFirst();
    }
}
