package org.trialclock.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** AlertMetricsExistTest is only as good as this reading of PromQL, so it is checked on its own. */
class PromQlTest {

    @Test
    void findsTheMetricsAndNothingElse() {
        assertThat(PromQl.metricNames("max by (namespace, job) (trialclock_outbox_oldest_age_seconds) > 300"))
                .containsExactly("trialclock_outbox_oldest_age_seconds");
        assertThat(PromQl.metricNames(
                "sum by (job, topic, reason) (increase(trialclock_dead_lettered_total{namespace=\"$namespace\", topic=~\"a|b\"}[15m])) > 0"))
                .containsExactly("trialclock_dead_lettered_total");
        assertThat(PromQl.metricNames("""
                kube_deployment_status_replicas_available{deployment=~"schedule-service|notify-service"}
                  < kube_deployment_spec_replicas{deployment=~"x"}"""))
                .containsExactly("kube_deployment_spec_replicas", "kube_deployment_status_replicas_available");
        assertThat(PromQl.metricNames("absent(up{job=\"schedule-service\"}) or absent(up{job=\"notify-service\"})"))
                .containsExactly("up");
        assertThat(PromQl.metricNames("a_total / on (pod) group_left (node) b offset 5m and bool c"))
                .containsExactly("a_total", "b", "c");
        assertThat(PromQl.metricNames("max(delta(trialclock_notifications{state=\"FAILED\"}[30m])) > 1e3"))
                .containsExactly("trialclock_notifications");
    }
}
