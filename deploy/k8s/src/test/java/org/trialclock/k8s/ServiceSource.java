package org.trialclock.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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

    /** ${NAME} placeholders in the values, each with whether it has a default. */
    Map<String, Boolean> placeholders() {
        Map<String, Boolean> found = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = PLACEHOLDER.matcher(properties.getProperty(key));
            while (m.find()) {
                found.merge(m.group(1), m.group(2) != null, Boolean::logicalAnd);
            }
        }
        return found;
    }

    /**
     * Whether an environment variable sets something this service reads: a ${NAME} placeholder, the
     * MicroProfile Config environment form of a key in application.properties (profile keys included), or a
     * key under the prefix of a Quarkus extension the pom declares (QUARKUS_MAILER_HOST needs quarkus-mailer).
     */
    boolean reads(String env) {
        if (placeholders().containsKey(env)) {
            return true;
        }
        for (String key : properties.stringPropertyNames()) {
            if (environmentForm(key).equals(env)) {
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
