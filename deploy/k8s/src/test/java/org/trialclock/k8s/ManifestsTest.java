package org.trialclock.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders each overlay with kubectl and checks what breaks deployments in practice and no cluster is here to
 * tell us: objects a typed model would not accept, and references between objects and to the services' own
 * configuration that do not line up. Each check collects every problem, so one run shows them all.
 */
class ManifestsTest {

    private static final List<String> SERVICES = List.of("schedule-service", "notify-service");
    private static final Map<String, String> HEALTH = Map.of(
            "startup", "/q/health/started", "readiness", "/q/health/ready", "liveness", "/q/health/live");

    /**
     * Settings the manifests may carry ahead of the code that reads them (prefix, then what will read it). An
     * entry must leave this list once the service reads the setting, so the list never hides a typo. Empty
     * now: the email channel reads the SMTP_* placeholders, and webhooks are signed with per-team secrets
     * from notify's API, so no global signing key is awaited.
     */
    private static final Map<String, String> AWAITED = Map.of();

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final Map<String, ServiceSource> SOURCES = new HashMap<>();
    private static List<Secret> exampleSecrets;

    @BeforeAll
    static void readSources() throws Exception {
        for (String s : SERVICES) {
            SOURCES.put(s, ServiceSource.read(s));
        }
        exampleSecrets = new ArrayList<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        ObjectMapper json = new ObjectMapper();
        try (var docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .<JsonNode>readValues(Files.readString(Path.of("secrets.example.yaml")))) {
            while (docs.hasNext()) {
                exampleSecrets.add(serialization.unmarshal(json.writeValueAsString(docs.next()), Secret.class));
            }
        }
    }

    private static Rendered rendered(String overlay) {
        assumeTrue(Rendered.kubectlPresent(),
                "kubectl is not on the PATH: the Kubernetes manifests were NOT rendered or checked");
        return RENDERED.computeIfAbsent(overlay, o -> {
            try {
                return Rendered.render(o);
            } catch (Exception e) {
                throw new AssertionError("rendering overlays/" + o, e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectFitsItsTypedModelWithNoUnknownField(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (var o : r.objects()) {
            unknownFields(o, o.getKind() + "/" + o.getMetadata().getName(), problems, new HashSet<>());
        }
        for (Secret s : exampleSecrets) {
            unknownFields(s, "secrets.example.yaml Secret/" + s.getMetadata().getName(), problems, new HashSet<>());
        }
        assertThat(problems).as("fields no typed model knows (typos, wrong nesting, wrong API version)").isEmpty();
        assertThat(r.objects()).extracting(o -> o.getKind())
                .contains("Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy",
                        "ServiceAccount", "Kafka", "KafkaNodePool", "KafkaTopic");
    }

    /** fabric8 and Strimzi keep fields they do not know in additionalProperties; anything there is a mistake. */
    private static void unknownFields(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || !seen.add(new IdentityKey(value))) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(property, path + "." + getter.getName().replaceFirst("^(get|is)", ""), problems, seen);
            }
        }
    }

    private record IdentityKey(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey k && k.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesContainerPortsAndServicePortsAgreeWithTheServicesHttpPort(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (String name : SERVICES) {
            ServiceSource src = SOURCES.get(name);
            int port = src.httpPort();
            if (!src.declaresExtension("quarkus-smallrye-health")) {
                problems.add(name + ": pom lacks quarkus-smallrye-health, so " + HEALTH.values() + " do not exist");
            }
            Deployment d = r.named(Deployment.class, name).orElseThrow();
            Container c = container(d);
            Map<String, Integer> ports = new HashMap<>();
            for (ContainerPort p : c.getPorts()) {
                ports.put(p.getName(), p.getContainerPort());
                if (p.getContainerPort() != port) {
                    problems.add(name + ": container port " + p.getName() + "=" + p.getContainerPort() + ", service listens on " + port);
                }
            }
            Map<String, Probe> probes = Map.of("startup", nonNull(c.getStartupProbe()),
                    "readiness", nonNull(c.getReadinessProbe()), "liveness", nonNull(c.getLivenessProbe()));
            probes.forEach((kind, probe) -> {
                HTTPGetAction get = probe.getHttpGet();
                if (get == null) {
                    problems.add(name + ": no HTTP " + kind + " probe");
                    return;
                }
                if (!HEALTH.get(kind).equals(get.getPath())) {
                    problems.add(name + ": " + kind + " probe on " + get.getPath() + ", Quarkus serves " + HEALTH.get(kind));
                }
                if (!Objects.equals(resolve(get.getPort(), ports), port)) {
                    problems.add(name + ": " + kind + " probe port " + get.getPort() + " is not " + port);
                }
            });
            Service svc = r.named(Service.class, name).orElseThrow();
            for (ServicePort sp : svc.getSpec().getPorts()) {
                if (!Objects.equals(resolve(sp.getTargetPort(), ports), port)) {
                    problems.add(name + ": Service targetPort " + sp.getTargetPort() + " does not reach " + port);
                }
            }
            String scrape = d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port");
            if (scrape != null && Integer.parseInt(scrape) != port) {
                problems.add(name + ": metrics scraped on " + scrape + ", served on " + port);
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableSetsARealSettingAndNoneIsMissing(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> awaitedInUse = new TreeSet<>();
        for (String name : SERVICES) {
            ServiceSource src = SOURCES.get(name);
            Set<String> set = environment(r, container(r.named(Deployment.class, name).orElseThrow()));
            for (String env : set) {
                Optional<String> awaited = AWAITED.keySet().stream().filter(env::startsWith).findFirst();
                if (awaited.isPresent()) {
                    awaitedInUse.add(awaited.get());
                    if (src.reads(env)) {
                        problems.add(name + ": " + env + " is read now; remove " + awaited.get() + " from AWAITED");
                    }
                } else if (!src.reads(env)) {
                    problems.add(name + ": " + env + " is not a setting of the service");
                }
            }
            // Every default in application.properties is a laptop default (127.0.0.1, trialclock/trialclock),
            // so in a cluster each placeholder must be set, with or without a default. Only placeholders of the
            // prod profile the pods run count: ${ZJU_HSCT_WEBHOOK_SECRET} on a %dev. line does not exist there.
            for (String placeholder : src.placeholders().keySet()) {
                if (!set.contains(placeholder)) {
                    problems.add(name + ": ${" + placeholder + "} is not set");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(awaitedInUse).as("AWAITED entries nothing uses any more").isEqualTo(AWAITED.keySet());
    }

    /** The variable names a container gets, from env and from every key of its envFrom sources. */
    private static Set<String> environment(Rendered r, Container c) {
        Set<String> names = new TreeSet<>();
        c.getEnv().forEach(e -> names.add(e.getName()));
        for (EnvFromSource from : c.getEnvFrom()) {
            String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
            if (from.getConfigMapRef() != null) {
                r.named(ConfigMap.class, from.getConfigMapRef().getName())
                        .ifPresent(cm -> cm.getData().keySet().forEach(k -> names.add(prefix + k)));
            }
            if (from.getSecretRef() != null) {
                secret(from.getSecretRef().getName()).ifPresent(s -> secretKeys(s).forEach(k -> names.add(prefix + k)));
            }
        }
        return names;
    }

    /** Environment variables that would take the pods out of the prod profile or switch on /admin/clock. */
    private static final Set<String> NOT_IN_PRODUCTION = Set.of(
            "QUARKUS_PROFILE", "SMALLRYE_CONFIG_PROFILE", "TRIALCLOCK_CLOCK_ADJUSTABLE");

    /**
     * /admin/clock moves the services' time: due dates, reminders and escalations would fire when someone says,
     * not when they are due. It exists only where trialclock.clock.adjustable is true, which application.properties
     * sets for %dev, %test and %e2e only. So the pods must run the prod profile and nothing may switch the
     * setting on: no profile variable, no TRIALCLOCK_CLOCK_ADJUSTABLE (in any profile's form), and no system
     * property or config file carrying either, in env, a ConfigMap or the command line.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsRunTheProdProfileWithTheClockFixed(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (String name : SERVICES) {
            Map<String, String> deployed = SOURCES.get(name).deployed();
            if (deployed.containsKey("quarkus.profile")) {
                problems.add(name + ": application.properties sets quarkus.profile");
            }
            if (!"false".equals(deployed.getOrDefault("trialclock.clock.adjustable", "false"))) {
                problems.add(name + ": trialclock.clock.adjustable is not false in the prod profile");
            }
            PodSpec spec = r.named(Deployment.class, name).orElseThrow().getSpec().getTemplate().getSpec();
            List<Container> containers = new ArrayList<>(spec.getContainers());
            containers.addAll(spec.getInitContainers());
            for (Container c : containers) {
                String where = name + "/" + c.getName();
                for (String env : environment(r, c)) {
                    if (NOT_IN_PRODUCTION.contains(env) || env.endsWith("_TRIALCLOCK_CLOCK_ADJUSTABLE")) {
                        problems.add(where + ": sets " + env);
                    }
                }
                List<String> values = new ArrayList<>();
                c.getEnv().stream().map(EnvVar::getValue).filter(Objects::nonNull).forEach(values::add);
                values.addAll(c.getCommand());
                values.addAll(c.getArgs());
                values.stream().filter(ManifestsTest::switchesProfileOrClock)
                        .forEach(v -> problems.add(where + ": " + v));
            }
        }
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            cm.getData().forEach((k, v) -> {
                if (NOT_IN_PRODUCTION.contains(k) || switchesProfileOrClock(k) || switchesProfileOrClock(v)) {
                    problems.add("ConfigMap/" + cm.getMetadata().getName() + " " + k);
                }
            });
        }
        assertThat(problems).as("the clock admin endpoint must never be enabled in production").isEmpty();
    }

    /** A system property (-Dquarkus.profile=...) or a properties file line that would do the same. */
    private static boolean switchesProfileOrClock(String text) {
        return text.contains("quarkus.profile") || text.contains("trialclock.clock.adjustable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferencedSecretAndConfigMapKeyExists(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (Rendered.Pods pods : r.pods()) {
            if (pods.spec().isEmpty()) {
                continue;
            }
            PodSpec spec = pods.spec().get();
            for (Container c : spec.getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var sk = e.getValueFrom().getSecretKeyRef();
                    if (sk != null && !secret(sk.getName()).map(s -> secretKeys(s).contains(sk.getKey())).orElse(false)) {
                        problems.add(pods.owner() + " " + e.getName() + ": no Secret " + sk.getName() + " key " + sk.getKey());
                    }
                    var ck = e.getValueFrom().getConfigMapKeyRef();
                    if (ck != null && !r.named(ConfigMap.class, ck.getName()).map(m -> m.getData().containsKey(ck.getKey())).orElse(false)) {
                        problems.add(pods.owner() + " " + e.getName() + ": no ConfigMap " + ck.getName() + " key " + ck.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null && r.named(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(pods.owner() + ": no ConfigMap " + from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null && secret(from.getSecretRef().getName()).isEmpty()) {
                        problems.add(pods.owner() + ": no Secret " + from.getSecretRef().getName());
                    }
                }
            }
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null && r.named(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
                    problems.add(pods.owner() + ": volume " + v.getName() + " needs ConfigMap " + v.getConfigMap().getName());
                }
                if (v.getSecret() != null && secret(v.getSecret().getSecretName()).isEmpty()) {
                    problems.add(pods.owner() + ": volume " + v.getName() + " needs Secret " + v.getSecret().getSecretName());
                }
            }
        }
        for (JsonNode c : r.cnpg("Cluster")) {
            List<JsonNode> refs = new ArrayList<>(c.findParents("secret"));
            refs.addAll(c.findParents("passwordSecret"));
            for (JsonNode parent : refs) {
                JsonNode ref = parent.has("secret") ? parent.get("secret") : parent.get("passwordSecret");
                String secretName = ref.path("name").asText();
                // CloudNativePG takes credentials as kubernetes.io/basic-auth: username and password.
                boolean ok = secret(secretName).map(s -> "kubernetes.io/basic-auth".equals(s.getType())
                        && secretKeys(s).containsAll(Set.of("username", "password"))).orElse(false);
                if (!ok) {
                    problems.add("Cluster " + c.path("metadata").path("name").asText() + ": Secret " + secretName
                            + " missing or not basic-auth with username and password");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void selectorsMatchThePodsTheyAreFor(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            if (!d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet())) {
                problems.add("Deployment/" + d.getMetadata().getName() + ": selector does not match its own pods");
            }
        }
        for (StatefulSet s : r.all(StatefulSet.class)) {
            if (!s.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(s.getSpec().getSelector().getMatchLabels().entrySet())) {
                problems.add("StatefulSet/" + s.getMetadata().getName() + ": selector does not match its own pods");
            }
            boolean governed = r.named(Service.class, s.getSpec().getServiceName())
                    .map(svc -> "None".equals(svc.getSpec().getClusterIP())).orElse(false);
            if (!governed) {
                problems.add("StatefulSet/" + s.getMetadata().getName() + ": no headless Service " + s.getSpec().getServiceName());
            }
        }
        for (Service s : r.all(Service.class)) {
            if (r.podsMatching(s.getSpec().getSelector()).size() != 1 || s.getSpec().getSelector().isEmpty()) {
                problems.add("Service/" + s.getMetadata().getName() + ": selects " + owners(r.podsMatching(s.getSpec().getSelector())));
            }
        }
        for (PodDisruptionBudget p : r.all(PodDisruptionBudget.class)) {
            if (r.podsMatching(p.getSpec().getSelector().getMatchLabels()).size() != 1) {
                problems.add("PodDisruptionBudget/" + p.getMetadata().getName() + ": selects "
                        + owners(r.podsMatching(p.getSpec().getSelector().getMatchLabels())));
            }
        }
        for (NetworkPolicy n : r.all(NetworkPolicy.class)) {
            if (r.podsMatching(n.getSpec().getPodSelector().getMatchLabels()).isEmpty()) {
                problems.add("NetworkPolicy/" + n.getMetadata().getName() + ": selects no pods");
            }
        }
        for (HorizontalPodAutoscaler h : r.all(HorizontalPodAutoscaler.class)) {
            if (r.named(Deployment.class, h.getSpec().getScaleTargetRef().getName()).isEmpty()) {
                problems.add("HorizontalPodAutoscaler/" + h.getMetadata().getName() + ": no target Deployment");
            }
        }
        for (Rendered.Pods pods : r.pods()) {
            pods.spec().map(PodSpec::getServiceAccountName).filter(sa -> r.named(ServiceAccount.class, sa).isEmpty())
                    .ifPresent(sa -> problems.add(pods.owner() + ": no ServiceAccount " + sa));
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicTheServicesUseIsAKafkaTopicOfTheCluster(String overlay) {
        Rendered r = rendered(overlay);
        Kafka kafka = r.all(Kafka.class).get(0);
        Map<String, KafkaTopic> topics = new HashMap<>();
        for (KafkaTopic t : r.all(KafkaTopic.class)) {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            topics.put(Objects.requireNonNullElse(t.getSpec().getTopicName(), t.getMetadata().getName()), t);
        }
        Set<String> used = new TreeSet<>();
        SOURCES.values().forEach(s -> used.addAll(s.topics()));
        assertThat(used).contains("trial-tasks", "trial-tasks-dlq");
        assertThat(topics.keySet()).containsAll(used);
        for (KafkaNodePool pool : r.all(KafkaNodePool.class)) {
            assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        }
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + listener(kafka).getPort();
        for (String name : SERVICES) {
            assertThat(r.named(ConfigMap.class, name + "-config").orElseThrow().getData())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
    }

    private static GenericKafkaListener listener(Kafka kafka) {
        return kafka.getSpec().getKafka().getListeners().stream().filter(l -> !l.isTls()).findFirst().orElseThrow();
    }

    /**
     * Each service may send to DNS, the Kafka brokers on the listener port and its database on 5432; notify-service
     * also to its SMTP relay on SMTP_PORT of its ConfigMap and to webhook receivers on 443, both anywhere outside
     * the cluster since their addresses are a site's (see notify-service.yaml); nothing else. Each accepts traffic
     * on its HTTP port only; and Kafka's and the database's own policies let it in.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPolicyLetsEachServiceReachKafkaAndItsDatabaseAndNothingElse(String overlay) {
        Rendered r = rendered(overlay);
        Kafka kafka = r.all(Kafka.class).get(0);
        int kafkaPort = listener(kafka).getPort();
        List<String> problems = new ArrayList<>();
        for (String name : SERVICES) {
            ServiceSource src = SOURCES.get(name);
            Rendered.Pods self = r.podsMatching(Map.of("app.kubernetes.io/name", name)).get(0);
            String database = databaseHost(r, name);
            // Destinations outside the cluster, by the port that tells them apart; a ConfigMap without
            // SMTP_PORT (schedule-service) sends no email and reaches nothing outside.
            Map<Integer, String> outside = new HashMap<>();
            Optional.ofNullable(r.named(ConfigMap.class, name + "-config").orElseThrow().getData().get("SMTP_PORT"))
                    .ifPresent(smtp -> {
                        outside.put(Integer.valueOf(smtp), "smtp");
                        outside.put(443, "webhooks");
                    });
            Set<String> needed = new TreeSet<>(Set.of("dns", "kafka", "database"));
            needed.addAll(outside.values());
            List<NetworkPolicy> policies = r.all(NetworkPolicy.class).stream()
                    .filter(n -> self.labels().entrySet().containsAll(n.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            if (policies.isEmpty()) {
                problems.add(name + ": no NetworkPolicy selects it, so it may talk to anything");
            }
            Set<String> reached = new LinkedHashSet<>();
            for (NetworkPolicy n : policies) {
                if (!n.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))) {
                    problems.add(name + ": " + n.getMetadata().getName() + " does not restrict both directions");
                }
                for (NetworkPolicyIngressRule in : n.getSpec().getIngress()) {
                    Set<Integer> ports = ports(in.getPorts(), self);
                    if (!ports.equals(Set.of(src.httpPort()))) {
                        problems.add(name + ": ingress allowed on " + ports + ", should be " + src.httpPort() + " only");
                    }
                }
                for (NetworkPolicyEgressRule out : n.getSpec().getEgress()) {
                    if (out.getTo().isEmpty() || out.getPorts().isEmpty()) {
                        problems.add(name + ": an egress rule without peers or ports allows every destination or port");
                        continue;
                    }
                    Set<Integer> ports = ports(out.getPorts(), self);
                    for (NetworkPolicyPeer peer : out.getTo()) {
                        String what = classify(r, peer, database);
                        if (what.startsWith("outside ") && ports.size() == 1 && outside.containsKey(ports.iterator().next())) {
                            what = outside.get(ports.iterator().next());
                        }
                        Set<Integer> allowed = switch (what) {
                            case "dns" -> Set.of(53);
                            case "kafka" -> Set.of(kafkaPort);
                            case "database" -> Set.of(5432);
                            case "smtp", "webhooks" -> ports;
                            default -> Set.of();
                        };
                        if (allowed.isEmpty() || !ports.equals(allowed)) {
                            problems.add(name + ": egress to " + what + " on " + ports);
                        } else {
                            reached.add(what);
                        }
                    }
                }
            }
            if (!new TreeSet<>(reached).equals(needed)) {
                problems.add(name + ": reaches " + reached + ", needs exactly " + needed);
            }
            boolean kafkaAdmits = listener(kafka).getNetworkPolicyPeers().stream()
                    .anyMatch(p -> p.getNamespaceSelector() == null && p.getPodSelector() != null
                            && self.labels().entrySet().containsAll(p.getPodSelector().getMatchLabels().entrySet()));
            if (!kafkaAdmits) {
                problems.add(name + ": Kafka listener's networkPolicyPeers do not admit it");
            }
            boolean databaseAdmits = r.all(NetworkPolicy.class).stream()
                    .filter(n -> n.getSpec().getPolicyTypes().contains("Ingress"))
                    .filter(n -> r.podsMatching(n.getSpec().getPodSelector().getMatchLabels()).stream()
                            .anyMatch(p -> isDatabase(r, p, database)))
                    .allMatch(n -> n.getSpec().getIngress().stream().anyMatch(in ->
                            in.getFrom().stream().anyMatch(f -> f.getNamespaceSelector() == null && f.getPodSelector() != null
                                    && self.labels().entrySet().containsAll(f.getPodSelector().getMatchLabels().entrySet()))
                                    && portsOn(in.getPorts(), r, database).contains(5432)));
            if (!databaseAdmits) {
                problems.add(name + ": the database's NetworkPolicy does not admit it on 5432");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The pods behind the PGHOST a service is given: base's StatefulSet Service or CloudNativePG's -rw Service. */
    private static String databaseHost(Rendered r, String service) {
        return r.named(ConfigMap.class, service + "-config").orElseThrow().getData().get("PGHOST");
    }

    private static boolean isDatabase(Rendered r, Rendered.Pods pods, String host) {
        Optional<Service> svc = r.named(Service.class, host);
        if (svc.isPresent()) {
            return pods.labels().entrySet().containsAll(svc.get().getSpec().getSelector().entrySet());
        }
        return r.cnpg("Cluster").stream().anyMatch(c -> host.equals(c.path("metadata").path("name").asText() + "-rw")
                && c.path("metadata").path("name").asText().equals(pods.labels().get("cnpg.io/cluster")));
    }

    private static String classify(Rendered r, NetworkPolicyPeer peer, String databaseHost) {
        // ipBlock is for addresses outside the cluster: 0.0.0.0/0 and ::/0 in the manifests, or the /32 of one
        // relay or receiver where a site narrows the rule as notify-service.yaml explains.
        if (peer.getIpBlock() != null) {
            return "outside " + peer.getIpBlock().getCidr();
        }
        if (peer.getNamespaceSelector() != null) {
            boolean dns = Map.of("kubernetes.io/metadata.name", "kube-system").equals(peer.getNamespaceSelector().getMatchLabels())
                    && peer.getPodSelector() != null
                    && Map.of("k8s-app", "kube-dns").equals(peer.getPodSelector().getMatchLabels());
            return dns ? "dns" : "another namespace";
        }
        List<Rendered.Pods> pods = r.podsMatching(peer.getPodSelector() == null ? null : peer.getPodSelector().getMatchLabels());
        if (!pods.isEmpty() && pods.stream().allMatch(p -> p.owner().startsWith("KafkaNodePool/"))) {
            return "kafka";
        }
        if (!pods.isEmpty() && pods.stream().allMatch(p -> isDatabase(r, p, databaseHost))) {
            return "database";
        }
        return "pods " + owners(pods);
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports, Rendered.Pods target) {
        Map<String, Integer> named = new HashMap<>();
        target.spec().ifPresent(spec -> spec.getContainers().forEach(c ->
                c.getPorts().forEach(p -> named.put(p.getName(), p.getContainerPort()))));
        Set<Integer> result = new TreeSet<>();
        ports.forEach(p -> result.add(resolve(p.getPort(), named)));
        return result;
    }

    private static Set<Integer> portsOn(List<NetworkPolicyPort> ports, Rendered r, String databaseHost) {
        Rendered.Pods db = r.pods().stream().filter(p -> isDatabase(r, p, databaseHost)).findFirst().orElseThrow();
        return ports(ports, db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsRunAsNonRootOnAReadOnlyRootWithTmpWritable(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (Rendered.Pods pods : r.pods()) {
            if (pods.spec().isEmpty()) {
                continue;
            }
            PodSpec spec = pods.spec().get();
            var pod = spec.getSecurityContext();
            if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot())
                    || pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                problems.add(pods.owner() + ": pod must set runAsNonRoot and the RuntimeDefault seccomp profile");
            }
            if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                problems.add(pods.owner() + ": mounts a service account token");
            }
            for (Container c : spec.getContainers()) {
                var sc = c.getSecurityContext();
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
                        || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())
                        || sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(pods.owner() + "/" + c.getName()
                            + ": needs allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL");
                }
                if (c.getResources() == null || c.getResources().getRequests().get("memory") == null
                        || !Objects.equals(c.getResources().getLimits().get("memory"), c.getResources().getRequests().get("memory"))) {
                    problems.add(pods.owner() + "/" + c.getName() + ": memory request and limit must be set and equal");
                }
                Set<String> emptyDirs = new HashSet<>();
                spec.getVolumes().stream().filter(v -> v.getEmptyDir() != null).forEach(v -> emptyDirs.add(v.getName()));
                boolean tmp = c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                        && emptyDirs.contains(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly()));
                if (!tmp) {
                    problems.add(pods.owner() + "/" + c.getName() + ": /tmp is not a writable emptyDir");
                }
            }
        }
        for (ServiceAccount sa : r.all(ServiceAccount.class)) {
            if (!Boolean.FALSE.equals(sa.getAutomountServiceAccountToken())) {
                problems.add("ServiceAccount/" + sa.getMetadata().getName() + ": automountServiceAccountToken is not false");
            }
        }
        for (String name : SERVICES) {
            Deployment d = r.named(Deployment.class, name).orElseThrow();
            Integer imageUser = SOURCES.get(name).imageUser();
            Long runAs = d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
            // runAsNonRoot can only be checked by the kubelet against a numeric user.
            if (imageUser == null || imageUser == 0 || runAs == null || runAs.intValue() != imageUser) {
                problems.add(name + ": Dockerfile.jvm USER " + imageUser + " and runAsUser " + runAs + " must be the same non-root uid");
            }
            if (!container(d).getImage().matches("[a-z0-9.-]+/trialclock/" + name + ":[\\w.-]+")) {
                problems.add(name + ": image " + container(d).getImage() + " was not set by kustomize images:");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devRunsOneOfEverything(String overlay) {
        Rendered r = rendered(overlay);
        r.all(Deployment.class).forEach(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isEqualTo(1));
        assertThat(r.all(KafkaNodePool.class)).singleElement().satisfies(p -> assertThat(p.getSpec().getReplicas()).isEqualTo(1));
        assertThat(r.all(StatefulSet.class)).extracting(s -> s.getMetadata().getName()).containsExactly("postgres");
        assertThat(r.cnpg()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodSurvivesLosingANode(String overlay) {
        Rendered r = rendered(overlay);
        for (String name : SERVICES) {
            assertThat(r.named(Deployment.class, name).orElseThrow().getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
            HorizontalPodAutoscaler hpa = r.named(HorizontalPodAutoscaler.class, name).orElseThrow();
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        }
        int brokers = r.all(KafkaNodePool.class).stream().mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers).isEqualTo(3);
        Map<String, Object> config = r.all(Kafka.class).get(0).getSpec().getKafka().getConfig();
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3);
        for (KafkaTopic t : r.all(KafkaTopic.class)) {
            assertThat(t.getSpec().getReplicas()).as(t.getMetadata().getName()).isEqualTo(3);
            assertThat(t.getSpec().getConfig()).as(t.getMetadata().getName()).containsEntry("min.insync.replicas", 2);
        }
        assertThat(r.all(StatefulSet.class)).as("the base PostgreSQL StatefulSet is replaced").isEmpty();
        assertThat(r.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName()).doesNotContain("postgres-init");
        checkCloudNativePg(r);
    }

    /**
     * No typed model of CloudNativePG is published on Maven Central, so its objects are held to the fields
     * this project uses, spelled as CloudNativePG's v1 API documents them; a typo fails here instead of being
     * dropped by the operator's pruning.
     */
    private static void checkCloudNativePg(Rendered r) {
        Map<String, Set<String>> known = Map.of(
                "Cluster.spec", Set.of("instances", "inheritedMetadata", "primaryUpdateStrategy", "postgresql",
                        "bootstrap", "managed", "storage", "resources", "affinity"),
                "Cluster.spec.bootstrap.initdb", Set.of("database", "owner", "secret"),
                "Cluster.spec.managed.roles[]", Set.of("name", "ensure", "login", "passwordSecret"),
                "Cluster.spec.affinity", Set.of("enablePodAntiAffinity", "topologyKey", "podAntiAffinityType"),
                "Cluster.spec.storage", Set.of("size", "storageClass"),
                "Database.spec", Set.of("name", "owner", "cluster"));
        assertThat(r.cnpg()).allSatisfy(c -> assertThat(c.path("apiVersion").asText()).isEqualTo(Rendered.CNPG_GROUP + "v1"));
        JsonNode cluster = r.cnpg("Cluster").stream().collect(singleOnly());
        assertThat(fieldNames(cluster.path("spec"))).isSubsetOf(known.get("Cluster.spec"));
        assertThat(fieldNames(cluster.path("spec").path("bootstrap"))).containsExactly("initdb");
        assertThat(fieldNames(cluster.path("spec").path("bootstrap").path("initdb"))).isSubsetOf(known.get("Cluster.spec.bootstrap.initdb"));
        cluster.path("spec").path("managed").path("roles").forEach(role ->
                assertThat(fieldNames(role)).isSubsetOf(known.get("Cluster.spec.managed.roles[]")));
        assertThat(fieldNames(cluster.path("spec").path("affinity"))).isSubsetOf(known.get("Cluster.spec.affinity"));
        assertThat(fieldNames(cluster.path("spec").path("storage"))).isSubsetOf(known.get("Cluster.spec.storage"));
        assertThat(cluster.path("spec").path("instances").asInt()).isEqualTo(3);

        String clusterName = cluster.path("metadata").path("name").asText();
        Map<String, String> databases = new HashMap<>();
        JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
        databases.put(initdb.path("database").asText(), initdb.path("owner").asText());
        for (JsonNode db : r.cnpg("Database")) {
            assertThat(fieldNames(db.path("spec"))).isSubsetOf(known.get("Database.spec"));
            assertThat(db.path("spec").path("cluster").path("name").asText()).isEqualTo(clusterName);
            databases.put(db.path("spec").path("name").asText(), db.path("spec").path("owner").asText());
        }
        Set<String> roles = new HashSet<>(Set.of(initdb.path("owner").asText()));
        cluster.path("spec").path("managed").path("roles").forEach(role -> roles.add(role.path("name").asText()));
        // Each service's database exists, is owned by a role the cluster creates, and that role is the
        // username in the Secret the service logs in with.
        for (var entry : Map.of("schedule-service", "SCHEDULE_DB", "notify-service", "NOTIFY_DB").entrySet()) {
            Map<String, String> data = r.named(ConfigMap.class, entry.getKey() + "-config").orElseThrow().getData();
            assertThat(data).containsEntry("PGHOST", clusterName + "-rw");
            String owner = databases.get(data.get(entry.getValue()));
            assertThat(owner).as("owner of database " + data.get(entry.getValue())).isNotNull().isIn(roles);
            String credentials = container(r.named(Deployment.class, entry.getKey()).orElseThrow()).getEnv().stream()
                    .filter(e -> e.getName().equals("PGUSER")).findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName();
            assertThat(secret(credentials).orElseThrow().getStringData()).containsEntry("username", owner);
        }
    }

    private static <T> java.util.stream.Collector<T, ?, T> singleOnly() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(d.getMetadata().getName())).findFirst().orElseThrow();
    }

    private static Probe nonNull(Probe p) {
        return p == null ? new Probe() : p;
    }

    private static Integer resolve(IntOrString port, Map<String, Integer> named) {
        if (port == null) {
            return null;
        }
        return port.getIntVal() != null ? port.getIntVal() : named.get(port.getStrVal());
    }

    private static Optional<Secret> secret(String name) {
        return exampleSecrets.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
    }

    private static Set<String> secretKeys(Secret s) {
        Set<String> keys = new TreeSet<>();
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        return keys;
    }

    private static String owners(List<Rendered.Pods> pods) {
        return pods.stream().map(Rendered.Pods::owner).toList().toString();
    }
}
