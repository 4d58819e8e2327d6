package org.trialclock.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void theTableListsRowsInStepOrderWithAlignedColumns() {
        Report report = new Report();
        report.row("5 enrollment", "32 clients", "120", ">= 500");
        report.row("1 dispatch", "burst 10k", "1,500", ">= 10,000");

        String[] lines = report.table().split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[2]).startsWith("| 1 dispatch ");
        assertThat(lines[3]).startsWith("| 5 enrollment ");
        assertThat(lines[0].length()).isEqualTo(lines[2].length()).isEqualTo(lines[3].length());
    }

    @Test
    void theJsonHoldsNumbersRoundedAndNestedMaps(@TempDir Path dir) throws Exception {
        Report report = new Report();
        report.put("dispatch_per_s", 1234.567);
        report.put("due_p50_ms", 12.345);
        report.put("rss_mb", Map.of("schedule-service", 287.4));

        report.write(dir.resolve("results/latest.json"));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results/latest.json").toFile());
        assertThat(json.get("dispatch_per_s").isNumber()).isTrue();
        assertThat(json.get("dispatch_per_s").asDouble()).isEqualTo(1235.0);
        assertThat(json.get("due_p50_ms").asDouble()).isEqualTo(12.35);
        assertThat(json.get("rss_mb").get("schedule-service").asDouble()).isEqualTo(287.4);
    }
}
