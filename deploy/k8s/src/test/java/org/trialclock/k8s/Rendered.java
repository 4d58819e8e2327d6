package org.trialclock.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One overlay as kubectl renders it: every object in its typed model (fabric8 for Kubernetes kinds, Strimzi
 * for kafka.strimzi.io), CloudNativePG objects as plain trees since no typed model for them is published on
 * Maven Central, and the pods the operators will create, as far as their labels go.
 */
record Rendered(String overlay, List<HasMetadata> objects, List<JsonNode> cnpg, List<Pods> pods) {

    static final String CNPG_GROUP = "postgresql.cnpg.io/";
    /** The Barman Cloud plugin's ObjectStore: CloudNativePG's too, and as untyped. */
    static final String BARMAN_GROUP = "barmancloud.cnpg.io/";
    static final String STRIMZI_VERSION = "kafka.strimzi.io/v1";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class,
            "KafkaUser", KafkaUser.class);

    /** Pods that exist at run time: from a Deployment or StatefulSet (with their spec), or made by an operator. */
    record Pods(String owner, Map<String, String> labels, Optional<PodSpec> spec) {}

    static boolean kubectlPresent() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Rendered render(String overlay) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", Path.of("overlays", overlay).toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize overlays/" + overlay + " failed: " + err);
            }
            return parse(overlay, Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Rendered parse(String overlay, String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> cnpg = new ArrayList<>();
        YAMLMapper yamlMapper = new YAMLMapper();
        try (var docs = yamlMapper.readValues(new YAMLFactory().createParser(yaml), JsonNode.class)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                String apiVersion = doc.path("apiVersion").asText();
                String kind = doc.path("kind").asText();
                String json = JSON.writeValueAsString(doc);
                if (apiVersion.startsWith(CNPG_GROUP) || apiVersion.startsWith(BARMAN_GROUP)) {
                    cnpg.add(doc);
                } else if (apiVersion.startsWith("kafka.strimzi.io/")) {
                    Class<? extends HasMetadata> type = STRIMZI.get(kind);
                    if (type == null) {
                        throw new AssertionError(overlay + ": no typed model wired for Strimzi kind " + kind);
                    }
                    // The class is chosen by kind alone, so the version is checked here: v1 is the one version
                    // both Strimzi 0.51 (whose model runs on Java 17) and Strimzi 1.x serve.
                    if (!apiVersion.equals(STRIMZI_VERSION)) {
                        throw new AssertionError(overlay + ": " + kind + " is " + apiVersion + ", expected " + STRIMZI_VERSION);
                    }
                    objects.add(SERIALIZATION.unmarshal(json, type));
                } else {
                    Object typed = SERIALIZATION.unmarshal(json);
                    if (!(typed instanceof HasMetadata resource)
                            || typed instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                        throw new AssertionError(overlay + ": " + apiVersion + " " + kind
                                + " has no typed fabric8 model; a typo in apiVersion or kind?");
                    }
                    objects.add(resource);
                }
            }
        }
        return new Rendered(overlay, objects, cnpg, pods(objects, cnpg));
    }

    private static List<Pods> pods(List<HasMetadata> objects, List<JsonNode> cnpg) {
        List<Pods> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                pods.add(new Pods("Deployment/" + d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata().getLabels(), Optional.of(d.getSpec().getTemplate().getSpec())));
            } else if (o instanceof StatefulSet s) {
                pods.add(new Pods("StatefulSet/" + s.getMetadata().getName(),
                        s.getSpec().getTemplate().getMetadata().getLabels(), Optional.of(s.getSpec().getTemplate().getSpec())));
            } else if (o instanceof KafkaNodePool pool && pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
                // The labels Strimzi puts on broker pods of a node pool.
                pods.add(new Pods("KafkaNodePool/" + pool.getMetadata().getName(), Map.of(
                        "strimzi.io/cluster", pool.getMetadata().getLabels().get("strimzi.io/cluster"),
                        "strimzi.io/kind", "Kafka",
                        "strimzi.io/pool-name", pool.getMetadata().getName(),
                        "strimzi.io/broker-role", "true"), Optional.empty()));
            }
        }
        for (JsonNode c : cnpg) {
            if (c.path("kind").asText().equals("Cluster")) {
                // CloudNativePG labels instance pods with the cluster name and copies inheritedMetadata labels.
                Map<String, String> labels = new HashMap<>();
                c.path("spec").path("inheritedMetadata").path("labels").fields()
                        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                labels.put("cnpg.io/cluster", c.path("metadata").path("name").asText());
                pods.add(new Pods("Cluster/" + c.path("metadata").path("name").asText(), labels, Optional.empty()));
            }
        }
        return pods;
    }

    /**
     * Secrets the operators make from this overlay's objects, with the keys their documentation lists: Strimzi's
     * cluster CA certificate and each KafkaUser's certificate, CloudNativePG's CA of each Cluster.
     */
    Map<String, java.util.Set<String>> operatorSecrets() {
        Map<String, java.util.Set<String>> secrets = new HashMap<>();
        for (Kafka k : all(Kafka.class)) {
            secrets.put(k.getMetadata().getName() + "-cluster-ca-cert", java.util.Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        for (KafkaUser u : all(KafkaUser.class)) {
            secrets.put(u.getMetadata().getName(), java.util.Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password"));
        }
        for (JsonNode c : cnpg("Cluster")) {
            secrets.put(c.path("metadata").path("name").asText() + "-ca", java.util.Set.of("ca.crt", "ca.key"));
        }
        return secrets;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    List<JsonNode> cnpg(String kind) {
        return cnpg.stream().filter(c -> c.path("kind").asText().equals(kind)).toList();
    }

    /** Pods whose labels include every one of {@code selector}; an empty selector selects all. */
    List<Pods> podsMatching(Map<String, String> selector) {
        Map<String, String> wanted = selector == null ? Map.of() : selector;
        return pods.stream().filter(p -> p.labels().entrySet().containsAll(wanted.entrySet())).toList();
    }
}
