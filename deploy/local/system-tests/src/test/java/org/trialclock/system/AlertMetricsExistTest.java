package org.trialclock.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.trialclock.stack.CloudEventWriter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An alert on a metric nobody exposes never fires, and nothing says so: Prometheus evaluates it to nothing. So
 * every metric that deploy/k8s's PrometheusRule and Grafana dashboard read must be served at /q/metrics by one
 * of the running services, unless it is listed below as another exporter's.
 */
@Order(2)
class AlertMetricsExistTest {
    /** Metrics the rules read that the services do not serve, each with the exporter that does. */
    static final Map<String, String> OTHER_EXPORTERS = Map.of(
            "up", "Prometheus itself, one per scrape target",
            "kube_deployment_status_replicas_available", "kube-state-metrics",
            "kube_deployment_spec_replicas", "kube-state-metrics",
            "kafka_consumergroup_lag", "Strimzi's Kafka Exporter (kafkaExporter in kafka.yaml)",
            "cnpg_pg_stat_archiver_seconds_since_last_archival", "CloudNativePG's exporter on each instance (prod)");

    private static final Path K8S = Path.of(System.getProperty("trialclock.k8s.dir", "../../k8s"));
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void every_metric_the_alerts_and_the_dashboard_read_is_served_by_a_service_or_another_exporter() throws Exception {
        Map<String, Set<String>> used = new TreeMap<>();
        JsonNode rules = new YAMLMapper().readTree(K8S.resolve("base/alerts.yaml").toFile());
        rules.path("spec").path("groups").forEach(g -> g.path("rules").forEach(rule ->
                PromQl.metricNames(rule.path("expr").asText()).forEach(name ->
                        used.computeIfAbsent(name, n -> new TreeSet<>()).add("alert " + rule.path("alert").asText()))));
        JsonNode dashboard = new ObjectMapper().readTree(K8S.resolve("base/dashboards/trialclock.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t ->
                PromQl.metricNames(t.path("expr").asText()).forEach(name ->
                        used.computeIfAbsent(name, n -> new TreeSet<>()).add("panel " + p.path("title").asText()))));
        assertThat(used).as("metrics read by alerts.yaml and the dashboard").isNotEmpty();
        assertThat(used.keySet()).as("OTHER_EXPORTERS entries no rule uses any more").containsAll(OTHER_EXPORTERS.keySet());

        // Meters registered on first use need that use to have a series: a record without CloudEvent headers is
        // refused and dead-lettered, and one API request each gives the HTTP server meters theirs (health and
        // metrics requests are not measured).
        try (CloudEventWriter writer = new CloudEventWriter(stack.broker.bootstrapServers())) {
            writer.send("enrollments", "k-" + UUID.randomUUID(), null, null, "{}");
        }
        assertThat(get(stack.schedule, "/protocols").statusCode()).isEqualTo(200);
        assertThat(get(stack.notify, "/teams/metrics-check/inbox").statusCode()).isLessThan(500);
        Set<String> wanted = new TreeSet<>(used.keySet());
        wanted.removeAll(OTHER_EXPORTERS.keySet());
        Set<String> served = new TreeSet<>();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                served.clear();
                served.addAll(metricNames(scrape(stack.schedule)));
                served.addAll(metricNames(scrape(stack.notify)));
                return served.containsAll(wanted);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Fall through to the assertion below, which names each missing metric and who reads it.
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        wanted.stream().filter(n -> !served.contains(n)).forEach(n -> missing.put(n, used.get(n)));
        assertThat(missing).as("metrics read by deploy/k8s's alerts and dashboard that neither service serves at /q/metrics")
                .isEmpty();
    }

    private static String scrape(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> response = get(service, "/q/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) throws IOException, InterruptedException {
        // signed in as the tests' default caller: the API requests need a token (the probes and /q/metrics do not)
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", org.trialclock.stack.TestCallers.defaultAuthorization())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Names of the samples in Prometheus's text format: each non-comment line's name, before "{" or " ". */
    static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            names.add(line.split("[{ ]", 2)[0]);
        }
        return names;
    }
}
