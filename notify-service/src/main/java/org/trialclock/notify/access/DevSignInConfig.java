package org.trialclock.notify.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The inbox page's local sign-in: only in the dev profile, like the movable clock. */
@ConfigMapping(prefix = "trialclock.dev-sign-in")
public interface DevSignInConfig {
    /** Off everywhere but dev: production signs people in at its identity provider. */
    @WithDefault("false")
    boolean enabled();

    /** The local private key (PEM, PKCS#8) that up.sh made; the services trust its public half. */
    Optional<String> keyLocation();
}
