package org.trialclock.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemasTest {
    private final EventSchemas schemas = new EventSchemas();

    static TaskPayload dli() {
        return new TaskPayload(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "ZJU-0001", "NCT07105579", "1",
                "dli", "DLI", "Donor lymphocyte infusion", null, LocalDate.of(2026, 5, 10), LocalDate.of(2026, 5, 3),
                LocalDate.of(2026, 5, 24), "PLANNED", null,
                new TaskPayload.Dose(new BigDecimal("1E+7"), "CD3+ cells", "kg", new BigDecimal("6.25E+8"), "1x10^7 CD3+ cells/kg"),
                new TaskPayload.Gate("no grade III-IV aGVHD, no active GVHD", "PENDING", null, "text"),
                "zju", "zju-hsct", "Asia/Shanghai", 1);
    }

    @Test
    void every_task_type_accepts_a_well_formed_task() {
        JsonNode task = Json.MAPPER.valueToTree(dli());
        for (String type : EventTypes.TASK_TYPES) {
            assertThat(schemas.violations(type, task)).as(type).isEmpty();
        }
    }

    @Test
    void a_task_without_due_date_or_with_an_impossible_date_is_refused() {
        ObjectNode task = Json.MAPPER.valueToTree(dli());
        task.remove("dueDate");
        assertThat(schemas.violations(EventTypes.TASK_DUE, task)).anyMatch(m -> m.contains("dueDate"));

        ObjectNode impossible = Json.MAPPER.valueToTree(dli());
        impossible.put("dueDate", "2026-02-30");
        assertThat(schemas.violations(EventTypes.TASK_DUE, impossible)).anyMatch(m -> m.contains("dueDate"));
    }

    @Test
    void an_unknown_kind_or_status_is_refused() {
        ObjectNode task = Json.MAPPER.valueToTree(dli());
        task.put("kind", "COFFEE");
        task.put("status", "MAYBE");
        assertThat(schemas.violations(EventTypes.TASK_SCHEDULED, task)).hasSize(2);
    }

    @Test
    void completions_alerts_and_enrollment_requests_have_schemas() {
        var completion = new TaskCompletedPayload(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "ZJU-0001", LocalDate.of(2026, 3, 12), "nurse-li",
                Map.of("mrdPercent", 0.005, "method", "FLOW"), java.time.Instant.parse("2026-03-12T09:15:00Z"));
        assertThat(schemas.violations(EventTypes.TASK_COMPLETED, Json.MAPPER.valueToTree(completion))).isEmpty();

        var alert = new EnrollmentAlertPayload("MRD_CONVERSION:2026-05-01", UUID.randomUUID().toString(), "ZJU-0001",
                "NCT07105579", "zju", "zju-hsct", "MRD_CONVERSION", LocalDate.of(2026, 5, 1), "MRD 0.5% by FLOW");
        assertThat(schemas.violations(EventTypes.ENROLLMENT_ALERT, Json.MAPPER.valueToTree(alert))).isEmpty();

        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("subjectId", "ZJU-0001").put("protocolId", "NCT07105579").put("careTeam", "zju-hsct");
        request.putObject("anchors").put("HSCT", "2026-01-10");
        assertThat(schemas.violations(EventTypes.ENROLLMENT_REQUESTED, request)).isEmpty();
        request.remove("careTeam");
        assertThat(schemas.violations(EventTypes.ENROLLMENT_REQUESTED, request)).anyMatch(m -> m.contains("careTeam"));
    }

    @Test
    void an_unknown_type_has_no_schema() {
        assertThat(schemas.violations("trialclock.coffee.brewed", Json.MAPPER.createObjectNode())).isNotEmpty();
    }
}
