package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planner is a pure function of a protocol and a patient's data: it imports nothing from Jakarta, Quarkus,
 * Hibernate or Kafka, so adapters point to it and never back. (A scan of the import lines is all this needs; an
 * architecture library would add a dependency for one rule.)
 */
class PlannerIsPureTest {

    static final List<String> FORBIDDEN = List.of("jakarta.", "javax.persistence", "io.quarkus.", "org.hibernate.",
            "org.apache.kafka.", "io.smallrye.", "org.eclipse.microprofile.");

    @Test
    void the_planning_package_imports_no_framework() throws IOException {
        Path dir = Path.of("src/main/java/org/trialclock/schedule/planning");
        assertThat(dir).isDirectory();
        List<String> offending;
        try (Stream<Path> files = Files.list(dir)) {
            offending = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> FORBIDDEN.stream().anyMatch(p -> l.replace("import static ", "import ")
                                    .startsWith("import " + p)))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(offending).isEmpty();
    }
}
