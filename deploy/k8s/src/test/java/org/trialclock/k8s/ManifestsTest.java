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
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
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

    /**
     * Fails, never skips, without kubectl: a check that quietly does nothing on a machine without it would let
     * broken manifests through. deploy/local/test.sh installs kubectl where it is missing.
     */
    private static Rendered rendered(String overlay) {
        assertThat(Rendered.kubectlPresent())
                .as("kubectl (with kustomize) must be on the PATH to render the manifests: run deploy/local/test.sh, which installs it")
                .isTrue();
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
                        "ServiceAccount", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Ingress",
                        "ServiceMonitor", "PodMonitor", "PrometheusRule");
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
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.fabric8.openshift.api.model")
                && !pkg.startsWith("io.strimzi.api")) {
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
                keysOf(r, from.getSecretRef().getName()).ifPresent(keys -> keys.forEach(k -> names.add(prefix + k)));
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
                    if (sk != null && !keysOf(r, sk.getName()).map(keys -> keys.contains(sk.getKey())).orElse(false)) {
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
                    if (from.getSecretRef() != null && keysOf(r, from.getSecretRef().getName()).isEmpty()) {
                        problems.add(pods.owner() + ": no Secret " + from.getSecretRef().getName());
                    }
                }
            }
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null && r.named(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
                    problems.add(pods.owner() + ": volume " + v.getName() + " needs ConfigMap " + v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    Optional<Set<String>> keys = keysOf(r, v.getSecret().getSecretName());
                    if (keys.isEmpty()) {
                        problems.add(pods.owner() + ": volume " + v.getName() + " needs Secret " + v.getSecret().getSecretName());
                    }
                    v.getSecret().getItems().stream().filter(i -> keys.isPresent() && !keys.get().contains(i.getKey()))
                            .forEach(i -> problems.add(pods.owner() + ": volume " + v.getName() + " needs key " + i.getKey()
                                    + " of Secret " + v.getSecret().getSecretName()));
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
            assertThat(config(r, name))
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
    }

    /** The one listener the services use; kafkaIsTlsOnly... checks it is the only one and needs certificates. */
    private static GenericKafkaListener listener(Kafka kafka) {
        return kafka.getSpec().getKafka().getListeners().get(0);
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
            // Destinations outside the cluster, by the port that tells them apart: every service checks tokens
            // with the identity provider (OIDC_ISSUER, HTTPS); a ConfigMap with SMTP_PORT (notify-service) also
            // sends email, and its HTTPS rule also carries the care teams' webhooks.
            Map<Integer, String> outside = new HashMap<>();
            if (config(r, name).get("OIDC_ISSUER") != null) {
                outside.put(443, "identity provider");
            }
            Optional.ofNullable(config(r, name).get("SMTP_PORT"))
                    .ifPresent(smtp -> {
                        outside.put(Integer.valueOf(smtp), "smtp");
                        outside.put(443, "identity provider and webhooks");
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
                    // Only the ingress controller and Prometheus call the services; they talk to each other through Kafka.
                    if (in.getFrom().isEmpty() || !in.getFrom().stream().allMatch(f -> f.getPodSelector() == null
                            && f.getIpBlock() == null && f.getNamespaceSelector() != null
                            && Set.of(MONITORING, INGRESS_CONTROLLER).contains(f.getNamespaceSelector().getMatchLabels()))) {
                        problems.add(name + ": ingress from " + in.getFrom() + ", should be the ingress controller's and monitoring namespaces only");
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
                            case "smtp", "identity provider", "identity provider and webhooks" -> ports;
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
        return config(r, service).get("PGHOST");
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
            // A version tag (never latest), optionally pinned by digest as the release step does in prod.
            String image = container(d).getImage();
            if (!image.matches("[a-z0-9.-]+/trialclock/" + name + ":\\d+\\.\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?")) {
                problems.add(name + ": image " + image + " is not registry/trialclock/" + name + ":<version>[@sha256:<digest>] from kustomize images:");
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
        assertThat(r.cnpg()).allSatisfy(c -> assertThat(c.path("apiVersion").asText())
                .isIn(Rendered.CNPG_GROUP + "v1", Rendered.BARMAN_GROUP + "v1"));
        List<String> problems = new ArrayList<>();
        r.cnpg().forEach(c -> problems.addAll(CloudNativePgSchema.problems(c)));
        assertThat(problems).as("CloudNativePG objects against its documented API").isEmpty();
        JsonNode cluster = r.cnpg("Cluster").stream().collect(singleOnly());
        assertThat(fieldNames(cluster.path("spec").path("bootstrap"))).containsExactly("initdb");
        // Backups: WAL archived continuously to an ObjectStore whose credentials exist, base backups scheduled,
        // and a retention period, so a point-in-time restore is possible (README.md, "Backups and restore").
        String clusterName0 = cluster.path("metadata").path("name").asText();
        List<JsonNode> archivers = new ArrayList<>();
        cluster.path("spec").path("plugins").forEach(p -> {
            if (p.path("isWALArchiver").asBoolean() && p.path("name").asText().equals(BARMAN_PLUGIN)) {
                archivers.add(p);
            }
        });
        assertThat(archivers).as("a WAL archiver plugin on the Cluster").hasSize(1);
        String storeName = archivers.get(0).path("parameters").path("barmanObjectName").asText();
        JsonNode store = r.cnpg("ObjectStore").stream().filter(o -> o.path("metadata").path("name").asText().equals(storeName))
                .collect(singleOnly());
        assertThat(store.path("spec").path("retentionPolicy").asText()).isNotEmpty();
        for (String ref : List.of("accessKeyId", "secretAccessKey")) {
            JsonNode key = store.path("spec").path("configuration").path("s3Credentials").path(ref);
            assertThat(secret(key.path("name").asText()).map(ManifestsTest::secretKeys).orElse(Set.of()))
                    .as("ObjectStore " + ref + " in secrets.example.yaml").contains(key.path("key").asText());
        }
        assertThat(r.cnpg("ScheduledBackup")).as("a ScheduledBackup of the cluster through the plugin").anySatisfy(b -> {
            assertThat(b.path("spec").path("cluster").path("name").asText()).isEqualTo(clusterName0);
            assertThat(b.path("spec").path("method").asText()).isEqualTo("plugin");
            assertThat(b.path("spec").path("pluginConfiguration").path("name").asText()).isEqualTo(BARMAN_PLUGIN);
        });
        assertThat(cluster.path("spec").path("instances").asInt()).isEqualTo(3);

        String clusterName = cluster.path("metadata").path("name").asText();
        Map<String, String> databases = new HashMap<>();
        JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
        databases.put(initdb.path("database").asText(), initdb.path("owner").asText());
        for (JsonNode db : r.cnpg("Database")) {
            assertThat(db.path("spec").path("cluster").path("name").asText()).isEqualTo(clusterName);
            databases.put(db.path("spec").path("name").asText(), db.path("spec").path("owner").asText());
        }
        Set<String> roles = new HashSet<>(Set.of(initdb.path("owner").asText()));
        cluster.path("spec").path("managed").path("roles").forEach(role -> roles.add(role.path("name").asText()));
        // Each service's database exists, is owned by a role the cluster creates, and that role is the
        // username in the Secret the service logs in with.
        for (var entry : Map.of("schedule-service", "SCHEDULE_DB", "notify-service", "NOTIFY_DB").entrySet()) {
            Map<String, String> data = config(r, entry.getKey());
            assertThat(data).containsEntry("PGHOST", clusterName + "-rw");
            String owner = databases.get(data.get(entry.getValue()));
            assertThat(owner).as("owner of database " + data.get(entry.getValue())).isNotNull().isIn(roles);
            String credentials = container(r.named(Deployment.class, entry.getKey()).orElseThrow()).getEnv().stream()
                    .filter(e -> e.getName().equals("PGUSER")).findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName();
            assertThat(secret(credentials).orElseThrow().getStringData()).containsEntry("username", owner);
        }
    }

    /**
     * Kafka has no plaintext listener: its one listener is TLS and wants a client certificate, authorization is
     * on, and each service connects with SSL, trusting the cluster CA and presenting its own KafkaUser's
     * certificate, whose files and password come from the Secrets Strimzi makes. Each KafkaUser's ACLs are
     * exactly what the service's channels in application.properties need: no more (a service reading another's
     * topic or group), no less (a channel that would be refused at run time).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaIsTlsOnlyAndEachServiceHasExactlyTheAclsItsChannelsNeed(String overlay) {
        Rendered r = rendered(overlay);
        Kafka kafka = r.all(Kafka.class).get(0);
        String cluster = kafka.getMetadata().getName();
        List<String> problems = new ArrayList<>();
        for (GenericKafkaListener l : kafka.getSpec().getKafka().getListeners()) {
            if (!l.isTls() || l.getAuth() == null || !"tls".equals(l.getAuth().getType())) {
                problems.add("listener " + l.getName() + " is not TLS with client certificates");
            }
        }
        if (kafka.getSpec().getKafka().getAuthorization() == null
                || !"simple".equals(kafka.getSpec().getKafka().getAuthorization().getType())) {
            problems.add("Kafka " + cluster + ": no authorization, so ACLs are not enforced");
        }
        for (String name : SERVICES) {
            Map<String, String> config = config(r, name);
            Deployment d = r.named(Deployment.class, name).orElseThrow();
            if (!"SSL".equals(config.get("KAFKA_SECURITY_PROTOCOL"))) {
                problems.add(name + ": KAFKA_SECURITY_PROTOCOL is " + config.get("KAFKA_SECURITY_PROTOCOL") + ", not SSL");
            }
            String truststore = mountedFrom(d, config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            if (!(cluster + "-cluster-ca-cert/ca.crt").equals(truststore)) {
                problems.add(name + ": KAFKA_SSL_TRUSTSTORE_LOCATION is " + truststore + ", not the cluster CA's ca.crt");
            }
            String keystore = mountedFrom(d, config.get("KAFKA_SSL_KEYSTORE_LOCATION"));
            if (!(name + "/user.p12").equals(keystore)) {
                problems.add(name + ": KAFKA_SSL_KEYSTORE_LOCATION is " + keystore + ", not KafkaUser " + name + "'s user.p12");
            }
            boolean password = container(d).getEnv().stream().anyMatch(e -> e.getName().equals("KAFKA_SSL_KEYSTORE_PASSWORD")
                    && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                    && e.getValueFrom().getSecretKeyRef().getName().equals(name)
                    && e.getValueFrom().getSecretKeyRef().getKey().equals("user.password"));
            if (!password) {
                problems.add(name + ": KAFKA_SSL_KEYSTORE_PASSWORD is not user.password of Secret " + name);
            }
            Optional<KafkaUser> user = r.named(KafkaUser.class, name);
            if (user.isEmpty()) {
                problems.add(name + ": no KafkaUser");
                continue;
            }
            if (!cluster.equals(user.get().getMetadata().getLabels().get("strimzi.io/cluster"))
                    || !(user.get().getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication)) {
                problems.add(name + ": KafkaUser is not a TLS user of cluster " + cluster);
            }
            Set<String> granted = new TreeSet<>();
            if (user.get().getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple) {
                for (AclRule rule : simple.getAcls()) {
                    String resource = rule.getResource() instanceof AclRuleTopicResource t
                            ? "topic:" + t.getName() + (t.getPatternType() == AclResourcePatternType.PREFIX ? "*" : "")
                            : rule.getResource() instanceof AclRuleGroupResource g
                            ? "group:" + g.getName() + (g.getPatternType() == AclResourcePatternType.PREFIX ? "*" : "")
                            : rule.getResource().getType() + ":?";
                    rule.getOperations().forEach(op -> granted.add(resource + ":" + capitalized(op.toString())));
                }
            }
            assertThat(granted).as(name + "'s ACLs against its channels in application.properties")
                    .isEqualTo(SOURCES.get(name).kafkaAccess());
        }
        assertThat(problems).isEmpty();
    }

    private static String capitalized(String operation) {
        return operation.substring(0, 1).toUpperCase() + operation.substring(1).toLowerCase();
    }

    /** "secret/key" of the Secret item mounted at {@code file} in the Deployment's container, or null. */
    private static String mountedFrom(Deployment d, String file) {
        if (file == null) {
            return null;
        }
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        for (var mount : container(d).getVolumeMounts()) {
            if (!file.startsWith(mount.getMountPath() + "/")) {
                continue;
            }
            String path = file.substring(mount.getMountPath().length() + 1);
            for (Volume v : spec.getVolumes()) {
                if (v.getName().equals(mount.getName()) && v.getSecret() != null) {
                    return v.getSecret().getItems().stream().filter(i -> i.getPath().equals(path))
                            .map(i -> v.getSecret().getSecretName() + "/" + i.getKey()).findFirst().orElse(null);
                }
            }
        }
        return null;
    }

    /**
     * In production the services reach PostgreSQL over TLS and check its certificate (verify-full against
     * CloudNativePG's CA, mounted where PGSSLROOTCERT points), and the server refuses TCP connections without TLS.
     */
    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodTalksToPostgresOverVerifiedTls(String overlay) {
        Rendered r = rendered(overlay);
        JsonNode cluster = r.cnpg("Cluster").get(0);
        String clusterName = cluster.path("metadata").path("name").asText();
        for (String name : SERVICES) {
            Map<String, String> config = config(r, name);
            assertThat(config).as(name).containsEntry("PGSSLMODE", "verify-full");
            assertThat(mountedFrom(r.named(Deployment.class, name).orElseThrow(), config.get("PGSSLROOTCERT")))
                    .as(name + ": PGSSLROOTCERT").isEqualTo(clusterName + "-ca/ca.crt");
        }
        List<String> hba = new ArrayList<>();
        cluster.path("spec").path("postgresql").path("pg_hba").forEach(l -> hba.add(l.asText().replaceAll("\\s+", " ")));
        assertThat(hba).contains("hostnossl all all all reject");
    }

    /**
     * Changing a setting rolls the pods: the ConfigMaps the services read come from configMapGenerator, so
     * their names carry a hash of the content, and kustomize writes that name into the pod template.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesConfigMapsAreGeneratedWithAContentHash(String overlay) {
        Rendered r = rendered(overlay);
        for (String name : SERVICES) {
            assertThat(configMapName(r, name)).as(name).matches(name + "-config-[a-z0-9]{10}");
        }
    }

    /**
     * Prometheus finds both services through ServiceMonitors that select their Service and scrape the port and
     * path Micrometer serves; Strimzi's and (in prod) CloudNativePG's pods through PodMonitors that select pods
     * that exist. The NetworkPolicies let the monitoring namespace reach those ports. Every alert has a
     * severity the README's routing knows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusScrapesEveryServiceAndEveryAlertHasASeverity(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (String name : SERVICES) {
            Service svc = r.named(Service.class, name).orElseThrow();
            List<ServiceMonitor> monitors = r.all(ServiceMonitor.class).stream()
                    .filter(m -> svc.getMetadata().getLabels().entrySet().containsAll(m.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            if (monitors.size() != 1) {
                problems.add(name + ": " + monitors.size() + " ServiceMonitors select its Service");
                continue;
            }
            Set<String> servicePorts = new HashSet<>();
            svc.getSpec().getPorts().forEach(p -> servicePorts.add(p.getName()));
            for (var endpoint : monitors.get(0).getSpec().getEndpoints()) {
                if (!servicePorts.contains(endpoint.getPort()) || !"/q/metrics".equals(endpoint.getPath())) {
                    problems.add(name + ": scraped on port " + endpoint.getPort() + " path " + endpoint.getPath());
                }
            }
            if (!admitsMonitoring(r, r.podsMatching(Map.of("app.kubernetes.io/name", name)).get(0), SOURCES.get(name).httpPort())) {
                problems.add(name + ": its NetworkPolicy does not admit the monitoring namespace on " + SOURCES.get(name).httpPort());
            }
        }
        for (PodMonitor m : r.all(PodMonitor.class)) {
            if (r.podsMatching(m.getSpec().getSelector().getMatchLabels()).isEmpty()) {
                problems.add("PodMonitor/" + m.getMetadata().getName() + ": selects no pods");
            }
        }
        if (r.all(PodMonitor.class).stream().noneMatch(m -> r.podsMatching(m.getSpec().getSelector().getMatchLabels())
                .stream().anyMatch(p -> p.owner().startsWith("KafkaNodePool/")))) {
            problems.add("no PodMonitor scrapes the Kafka brokers");
        }
        Kafka kafka = r.all(Kafka.class).get(0);
        if (kafka.getSpec().getKafka().getMetricsConfig() == null || kafka.getSpec().getKafkaExporter() == null) {
            problems.add("Kafka: no metricsConfig or no Kafka Exporter (consumer-group lag)");
        }
        for (Rendered.Pods db : r.pods().stream().filter(p -> p.owner().startsWith("Cluster/")).toList()) {
            if (r.all(PodMonitor.class).stream().noneMatch(m -> db.labels().entrySet().containsAll(m.getSpec().getSelector().getMatchLabels().entrySet()))) {
                problems.add(db.owner() + ": no PodMonitor");
            }
            if (!admitsMonitoring(r, db, 9187)) {
                problems.add(db.owner() + ": its NetworkPolicy does not admit the monitoring namespace on 9187");
            }
        }
        List<PrometheusRule> rules = r.all(PrometheusRule.class);
        assertThat(rules).isNotEmpty();
        for (PrometheusRule rule : rules) {
            rule.getSpec().getGroups().forEach(g -> g.getRules().forEach(alert -> {
                String severity = alert.getLabels() == null ? null : alert.getLabels().get("severity");
                if (alert.getAlert() == null || alert.getExpr() == null || !Set.of("critical", "warning").contains(severity)) {
                    problems.add("PrometheusRule " + g.getName() + "/" + alert.getAlert() + ": needs alert, expr and severity critical|warning");
                }
            }));
        }
        assertThat(problems).isEmpty();
    }

    private static boolean admitsMonitoring(Rendered r, Rendered.Pods pods, int port) {
        return r.all(NetworkPolicy.class).stream()
                .filter(n -> pods.labels().entrySet().containsAll(n.getSpec().getPodSelector().getMatchLabels().entrySet()))
                .flatMap(n -> n.getSpec().getIngress().stream())
                .anyMatch(in -> ports(in.getPorts(), pods).contains(port) && in.getFrom().stream().anyMatch(f ->
                        f.getNamespaceSelector() != null && MONITORING.equals(f.getNamespaceSelector().getMatchLabels())));
    }

    private static final Map<String, String> MONITORING = Map.of("kubernetes.io/metadata.name", "monitoring");
    private static final Map<String, String> INGRESS_CONTROLLER = Map.of("kubernetes.io/metadata.name", "ingress-nginx");

    /**
     * The Ingress serves HTTPS only, with a certificate for every host it routes, asks the authentication proxy
     * about every request, and routes only to the services' HTTP ports, never /q (health, metrics).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressIsTlsAuthenticatedAndRoutesOnlyToTheServicesApis(String overlay) {
        Rendered r = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (Ingress ingress : r.all(Ingress.class)) {
            String where = "Ingress/" + ingress.getMetadata().getName();
            Set<String> tlsHosts = new HashSet<>();
            ingress.getSpec().getTls().forEach(t -> {
                tlsHosts.addAll(t.getHosts());
                if (t.getSecretName() == null) {
                    problems.add(where + ": TLS without a secretName");
                }
            });
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            if (!"true".equals(annotations.get("nginx.ingress.kubernetes.io/force-ssl-redirect"))) {
                problems.add(where + ": must force HTTPS");
            }
            for (var rule : ingress.getSpec().getRules()) {
                if (!tlsHosts.contains(rule.getHost())) {
                    problems.add(where + ": host " + rule.getHost() + " has no TLS certificate");
                }
                for (var path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    Optional<Service> svc = r.named(Service.class, backend.getName());
                    boolean port = svc.isPresent() && svc.get().getSpec().getPorts().stream()
                            .anyMatch(p -> p.getName().equals(backend.getPort().getName()));
                    if (!SERVICES.contains(backend.getName()) || !port || path.getPath().startsWith("/q")) {
                        problems.add(where + ": " + path.getPath() + " goes to " + backend.getName() + ":" + backend.getPort().getName());
                    }
                }
            }
        }
        assertThat(r.all(Ingress.class)).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    /**
     * A rolling update drops no request: the service turns unready at SIGTERM and keeps serving for
     * quarkus.shutdown.delay, then finishes requests for up to quarkus.shutdown.timeout; the pod's grace period
     * must cover both with room to stop the consumers (else SIGKILL cuts the batch in hand).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGracePeriodCoversTheShutdownDelayAndTimeout(String overlay) {
        Rendered r = rendered(overlay);
        for (String name : SERVICES) {
            Map<String, String> deployed = SOURCES.get(name).deployed();
            assertThat(deployed).as(name).containsEntry("quarkus.shutdown.delay-enabled", "true")
                    .containsKeys("quarkus.shutdown.delay", "quarkus.shutdown.timeout");
            long needed = java.time.Duration.parse("PT" + deployed.get("quarkus.shutdown.delay").toUpperCase()).toSeconds()
                    + java.time.Duration.parse("PT" + deployed.get("quarkus.shutdown.timeout").toUpperCase()).toSeconds()
                    + STOPPING_SECONDS;
            Long grace = r.named(Deployment.class, name).orElseThrow().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertThat(grace).as(name + ": terminationGracePeriodSeconds").isNotNull().isGreaterThanOrEqualTo(needed);
        }
    }

    /** Measured: stopping the consumers and the outbox relay took 25 s with the broker unreachable. */
    private static final long STOPPING_SECONDS = 25;

    private static final String BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

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

    /**
     * The keys of a Secret that exists when the pods start: one of secrets.example.yaml (made by hand), or one an
     * operator makes from an object of this overlay, with the keys its documentation gives.
     */
    private static Optional<Set<String>> keysOf(Rendered r, String name) {
        Optional<Set<String>> byHand = secret(name).map(ManifestsTest::secretKeys);
        return byHand.isPresent() ? byHand : Optional.ofNullable(r.operatorSecrets().get(name));
    }

    /** The data of a service's ConfigMap, found through its Deployment's envFrom (the name carries a hash). */
    private static Map<String, String> config(Rendered r, String service) {
        return r.named(ConfigMap.class, configMapName(r, service)).orElseThrow().getData();
    }

    private static String configMapName(Rendered r, String service) {
        return container(r.named(Deployment.class, service).orElseThrow()).getEnvFrom().stream()
                .filter(f -> f.getConfigMapRef() != null).map(f -> f.getConfigMapRef().getName()).findFirst().orElseThrow();
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
