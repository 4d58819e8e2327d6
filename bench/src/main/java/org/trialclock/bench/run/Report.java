package org.trialclock.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's figures: a table for people (printed, and pasted into bench/README.md) and JSON for tools. */
final class Report {
    private record Row(String step, String figure, String value, String target) {}

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    void put(String key, Object value) {
        json.put(key, value instanceof Double d ? round(d) : value);
    }

    Object get(String key) {
        return json.get(key);
    }

    void row(String step, String figure, String value, String target) {
        rows.add(new Row(step, figure, value, target));
    }

    static double round(double d) {
        return Math.abs(d) >= 100 ? Math.round(d) : Math.round(d * 100) / 100.0;
    }

    static String num(double d) {
        return Math.abs(d) >= 100 ? "%,.0f".formatted(d) : "%.2f".formatted(d);
    }

    String table() {
        int a = "step".length(), b = "figure".length(), c = "value".length(), d = "target".length();
        for (Row r : rows) {
            a = Math.max(a, r.step.length());
            b = Math.max(b, r.figure.length());
            c = Math.max(c, r.value.length());
            d = Math.max(d, r.target.length());
        }
        String fmt = "| %-" + a + "s | %-" + b + "s | %" + c + "s | %-" + d + "s |%n";
        StringBuilder sb = new StringBuilder();
        sb.append(fmt.formatted("step", "figure", "value", "target"));
        sb.append("|").append("-".repeat(a + 2)).append("|").append("-".repeat(b + 2)).append("|")
                .append("-".repeat(c + 1)).append(":|").append("-".repeat(d + 2)).append("|\n");
        // in the order of steps (rows are added in the order the run takes them)
        rows.stream().sorted(java.util.Comparator.comparing(Row::step))
                .forEach(r -> sb.append(fmt.formatted(r.step, r.figure, r.value, r.target)));
        return sb.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
