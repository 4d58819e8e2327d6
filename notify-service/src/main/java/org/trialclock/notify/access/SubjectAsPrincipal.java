package org.trialclock.notify.access;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Makes the token's {@code sub} the principal's name. MicroProfile JWT names the principal after {@code upn} or
 * {@code preferred_username} when present (Keycloak and Entra ID send them), but a user name can be renamed or
 * reused; {@code sub} is the provider's stable id, and it is what "who did it" records.
 */
@ApplicationScoped
public class SubjectAsPrincipal implements SecurityIdentityAugmentor {
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getSubject() == null || jwt.getSubject().equals(jwt.getName())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).setPrincipal(new Subject(jwt)).build());
    }

    /** The same token, named by its subject. */
    private record Subject(JsonWebToken token) implements JsonWebToken {
        @Override
        public String getName() {
            return token.getSubject();
        }

        @Override
        public Set<String> getClaimNames() {
            return token.getClaimNames();
        }

        @Override
        public <T> T getClaim(String claimName) {
            return token.getClaim(claimName);
        }
    }
}
