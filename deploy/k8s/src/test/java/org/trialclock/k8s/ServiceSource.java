package org.trialclock.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a service's sources say about how it must be deployed: its settings, topics and extensions. */
record ServiceSource(String name, Properties properties, String pom, String dockerfile) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    static ServiceSource read(String name) throws IOException {
        Path dir = Path.of("..", "..", name);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return new ServiceSource(name, properties, Files.readString(dir.resolve("pom.xml")),
                Files.readString(dir.resolve("src/main/docker/Dockerfile.jvm")));
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    boolean declaresExtension(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /** The profile the pods run: Quarkus's default for a packaged jar, since no manifest sets another. */
    static final String DEPLOYED_PROFILE = "prod";

    /**
     * application.properties as the deployed profile sees it: unprefixed keys, overridden by keys prefixed with
     * a profile list that names prod ({@code %prod.} or {@code %dev,prod.}). A key prefixed with any other
     * profile ({@code %dev.}, {@code %test.}, {@code %e2e.}) does not exist in the pods, and neither do the
     * placeholders in its value.
     */
    Map<String, String> deployed() {
        Map<String, String> effective = new TreeMap<>();
        Map<String, String> profiled = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                effective.put(key, properties.getProperty(key));
                continue;
            }
            int dot = key.indexOf('.');
            if (dot < 0) {
                continue;
            }
            List<String> profiles = List.of(key.substring(1, dot).split(","));
            if (profiles.stream().map(String::strip).anyMatch(DEPLOYED_PROFILE::equals)) {
                profiled.put(key.substring(dot + 1), properties.getProperty(key));
            }
        }
        // A profile's value beats the unprefixed one, so an unprefixed placeholder shadowed by %prod is not read.
        effective.putAll(profiled);
        return effective;
    }

    /** ${NAME} placeholders in the values the deployed profile sees, each with whether it has a default. */
    Map<String, Boolean> placeholders() {
        Map<String, Boolean> found = new HashMap<>();
        for (String value : deployed().values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                found.merge(m.group(1), m.group(2) != null, Boolean::logicalAnd);
            }
        }
        return found;
    }

    /**
     * Whether an environment variable sets something this service reads in the deployed profile: a ${NAME}
     * placeholder of {@link #deployed()}, the MicroProfile Config environment form of one of its keys (or of the
     * key with the {@code %prod.} prefix, _PROD_...), or a key under the prefix of a Quarkus extension the pom
     * declares (QUARKUS_MAILER_HOST needs quarkus-mailer). A variable named after a %dev-only key sets nothing
     * in the pods.
     */
    boolean reads(String env) {
        if (placeholders().containsKey(env)) {
            return true;
        }
        for (String key : deployed().keySet()) {
            if (environmentForm(key).equals(env) || environmentForm("%" + DEPLOYED_PROFILE + "." + key).equals(env)) {
                return true;
            }
        }
        String[] parts = env.split("_");
        return parts.length > 2 && parts[0].equals("QUARKUS")
                && declaresExtension("quarkus-" + parts[1].toLowerCase());
    }

    /** MicroProfile Config's rule: every non-alphanumeric character becomes '_', then upper case. */
    static String environmentForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Topic names of every Kafka channel and dead-letter queue, with SmallRye's defaults where unset. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (!m.matches() || !properties.getProperty(key).equals("smallrye-kafka")) {
                continue;
            }
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            topics.add(properties.getProperty(prefix + "topic", m.group(2)));
            if ("dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy"))) {
                topics.add(properties.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + m.group(2)));
            }
        }
        return topics;
    }

    /**
     * What this service does on Kafka, as ACL entries: "topic:NAME:Read" for each topic it consumes,
     * "topic:NAME:Write" for each it produces to and each dead-letter topic of its consumers, "group:ID:Read"
     * for each consumer group. A consumer without group.id would get a random one, which no ACL could name.
     */
    Set<String> kafkaAccess() {
        Set<String> access = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (!m.matches() || !properties.getProperty(key).equals("smallrye-kafka")) {
                continue;
            }
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            String topic = properties.getProperty(prefix + "topic", m.group(2));
            if (m.group(1).equals("outgoing")) {
                access.add("topic:" + topic + ":Write");
                continue;
            }
            access.add("topic:" + topic + ":Read");
            access.add("group:" + properties.getProperty(prefix + "group.id", "(none: set group.id)") + ":Read");
            if ("dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy"))) {
                access.add("topic:" + properties.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + m.group(2)) + ":Write");
            }
        }
        return access;
    }

    /** The numeric USER of the image, or null when it is missing or a name (which runAsNonRoot cannot check). */
    Integer imageUser() {
        Integer user = null;
        for (String line : dockerfile.split("\n")) {
            String l = line.strip();
            if (l.startsWith("USER ")) {
                String u = l.substring(5).strip().split(":")[0];
                user = u.matches("\\d+") ? Integer.valueOf(u) : null;
            }
        }
        return user;
    }
}
