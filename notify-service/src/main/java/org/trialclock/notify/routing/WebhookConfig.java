package org.trialclock.notify.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * Where alerts may be posted. A webhook URL set over {@code PUT /teams/{team}} could otherwise send a team's
 * patient alerts to any address, or make this service call into the cluster (SSRF).
 */
@ConfigMapping(prefix = "trialclock.webhooks")
public interface WebhookConfig {
    /**
     * Hosts a webhook may point at: a name ({@code hooks.hospital.org}), a domain and its subdomains
     * ({@code *.hospital.org}), or {@code *} for any public host. Loopback, private, link-local and cluster addresses
     * and names ({@code localhost}, {@code *.svc}, {@code *.local}, single-label names) are refused unless listed
     * exactly, never through a wildcard.
     */
    @WithDefault("*")
    List<String> allowedHosts();

    /** Hosts reached over plain http (only the tests' and local stack's receivers on 127.0.0.1); all others https. */
    Optional<List<String>> plainHttpHosts();
}
