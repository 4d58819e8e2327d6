package org.trialclock.bench.run;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.ClinicalEventType;
import org.trialclock.schedule.planning.Enrollee;
import org.trialclock.schedule.planning.Plan;
import org.trialclock.schedule.planning.Planner;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Plans per second of the pure planner, one enrollment of each shipped protocol, as enrollment and every re-plan
 * call it: the patient is 200 days in, with the anchors each protocol needs (as PlannerPropertiesTest writes them).
 * The catalog is loaded once in setup; its YAML reading and validation are start-up costs, not per-plan ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlannerBench {
    @Param({"NCT07105579", "NCT06438796", "BLINA-PRE-HSCT-RCT", "NCT06507514", "NCT06607419"})
    public String protocolId;

    private final Planner planner = new Planner();
    private Protocol protocol;
    private Enrollee enrollee;
    private List<ClinicalEvent> events;
    private LocalDate today;

    @Setup
    public void setUp() {
        protocol = ProtocolCatalog.fromClasspath().latest(protocolId).orElseThrow();
        LocalDate base = LocalDate.of(2026, 1, 10);
        today = base.plusDays(200);
        Map<String, LocalDate> anchors = new HashMap<>();
        String riskGroup = null;
        BigDecimal weight = null;
        events = List.of();
        switch (protocolId) {
            case "NCT07105579" -> {
                anchors.put("HSCT", base);
                weight = new BigDecimal("62.5");
            }
            case "NCT06438796" -> {
                anchors.put("HSCT", base);
                anchors.put("MAINTENANCE_START", base.plusDays(60));
            }
            case "BLINA-PRE-HSCT-RCT" -> {
                anchors.put("RANDOMIZATION", base);
                anchors.put("HSCT", base.plusDays(45));
            }
            case "NCT06507514" -> anchors.put("BLINA_START", base);
            default -> {
                anchors.put("INDUCTION_D1", base);
                riskGroup = "INTERMEDIATE";
                events = List.of(new ClinicalEvent(ClinicalEventType.MRD_RESULT, base.plusDays(18),
                        Map.of("mrdPercent", 0.5, "method", "FLOW", "timepoint", "D19")));
            }
        }
        String arm = protocol.randomized() ? protocol.armIds().get(0) : null;
        enrollee = new Enrollee("BENCH-1", arm, riskGroup, anchors, weight, base, null, null, Set.of());
        if (plan().tasks().isEmpty()) {
            throw new IllegalStateException(protocolId + ": the bench enrollment plans no task");
        }
    }

    @Benchmark
    public Plan plan() {
        return planner.plan(protocol, enrollee, events, List.of(), today);
    }
}
