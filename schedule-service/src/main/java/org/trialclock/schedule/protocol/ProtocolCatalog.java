package org.trialclock.schedule.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every loaded protocol version. A patient stays on the version it was enrolled under; new enrollments get the
 * latest. Loading stops at the first bad file, so a bad file stops the service at start-up.
 */
public final class ProtocolCatalog {

    static final String INDEX = "/protocols/index.txt";

    /** id -> versions, oldest first. */
    private final Map<String, List<Protocol>> byId;

    private ProtocolCatalog(Map<String, List<Protocol>> byId) {
        this.byId = byId;
    }

    public static ProtocolCatalog load(List<ProtocolSource> sources) {
        ProtocolReader reader = new ProtocolReader();
        Map<String, List<Protocol>> byId = new TreeMap<>();
        Map<String, String> fileOf = new TreeMap<>();
        for (ProtocolSource source : sources) {
            Protocol protocol = reader.read(source);
            String key = protocol.id() + " v" + protocol.version();
            String earlier = fileOf.putIfAbsent(key, source.name());
            if (earlier != null) {
                throw new InvalidProtocolException(source.name(), "/version", null,
                        "version " + protocol.version() + " of " + protocol.id() + " is also defined in " + earlier);
            }
            byId.computeIfAbsent(protocol.id(), id -> new ArrayList<>()).add(protocol);
        }
        byId.replaceAll((id, versions) -> versions.stream()
                .sorted(Comparator.comparing(Protocol::version, ProtocolCatalog::compareVersions))
                .toList());
        return new ProtocolCatalog(byId);
    }

    /** The shipped protocols alone. */
    public static ProtocolCatalog fromClasspath() {
        return load(shipped());
    }

    /** The files listed in {@code protocols/index.txt} on the classpath (folders can't be listed inside a jar). */
    public static List<ProtocolSource> shipped() {
        List<ProtocolSource> sources = new ArrayList<>();
        for (String name : readResource(INDEX).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            sources.add(new ProtocolSource(name, readResource("/protocols/" + name)));
        }
        return sources;
    }

    public Optional<Protocol> latest(String id) {
        List<Protocol> versions = byId.get(id);
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<Protocol> version(String id, String version) {
        return byId.getOrDefault(id, List.of()).stream().filter(p -> p.version().equals(version)).findFirst();
    }

    /** Newest version of each protocol, sorted by id. */
    public List<Protocol> latestVersions() {
        return byId.keySet().stream().map(id -> latest(id).orElseThrow()).collect(Collectors.toUnmodifiableList());
    }

    /** "2" after "1", "1.10" after "1.9"; non-numeric parts compare as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+")
                    ? Long.compare(Long.parseLong(p), Long.parseLong(q))
                    : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String readResource(String path) {
        try (InputStream in = ProtocolCatalog.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().collect(Collectors.joining("\n", "", "\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
