package org.trialclock.notify.routing;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a webhook URL may be stored: https, a host within {@link WebhookConfig#allowedHosts()}, and no
 * internal address unless listed by name. Host names are judged as written, not resolved (a name that resolves
 * to a private address is the allow-list's business: list exact hosts in production).
 */
@ApplicationScoped
public class WebhookPolicy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".localhost", ".internal", ".svc",
            ".cluster.local", ".localdomain", ".home.arpa");

    private final WebhookConfig config;

    WebhookPolicy(WebhookConfig config) {
        this.config = config;
    }

    /** Why the URL is refused, or empty when it may be used. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getUserInfo() != null) {
            return Optional.of("an absolute https URL without user name or password");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean listedExactly = config.allowedHosts().stream().anyMatch(h -> h.equalsIgnoreCase(bare)
                || h.equalsIgnoreCase(host));
        if ("http".equals(uri.getScheme())) {
            boolean plainAllowed = config.plainHttpHosts().orElse(List.of()).stream()
                    .anyMatch(h -> h.equalsIgnoreCase(bare) || h.equalsIgnoreCase(host));
            if (!plainAllowed) {
                return Optional.of("must be https (plain http only for hosts in trialclock.webhooks.plain-http-hosts)");
            }
        } else if (!"https".equals(uri.getScheme())) {
            return Optional.of("must be https");
        }
        if (listedExactly) {
            return Optional.empty();
        }
        if (internal(bare)) {
            return Optional.of("host " + bare + " is an internal address; list it in trialclock.webhooks.allowed-hosts"
                    + " to allow it");
        }
        boolean allowed = config.allowedHosts().stream().anyMatch(h -> "*".equals(h)
                || (h.startsWith("*.") && bare.endsWith(h.substring(1).toLowerCase(Locale.ROOT))));
        return allowed ? Optional.empty()
                : Optional.of("host " + bare + " is not in trialclock.webhooks.allowed-hosts");
    }

    /** Loopback, private, link-local, carrier-grade NAT, unique-local and cluster names. */
    static boolean internal(String host) {
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            try {
                InetAddress a = InetAddress.getByName(host); // a literal: parsed, never looked up
                byte[] b = a.getAddress();
                boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
                boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
                return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                        || a.isAnyLocalAddress() || a.isMulticastAddress() || cgnat || uniqueLocal;
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return "localhost".equals(host) || !host.contains(".") || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith);
    }
}
