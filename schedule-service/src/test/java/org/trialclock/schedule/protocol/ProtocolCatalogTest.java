package org.trialclock.schedule.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCatalogTest {

    static String shipped(String file) throws IOException {
        try (InputStream in = ProtocolCatalogTest.class.getResourceAsStream("/protocols/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static InvalidProtocolException failure(String file, String yaml) {
        return catchThrowableOfType(InvalidProtocolException.class,
                () -> ProtocolCatalog.load(List.of(new ProtocolSource(file, yaml))));
    }

    @Test
    void all_five_protocols_load_and_are_listed_by_id() {
        ProtocolCatalog catalog = ProtocolCatalog.fromClasspath();

        assertThat(catalog.latestVersions()).extracting(Protocol::id).containsExactly(
                "BLINA-PRE-HSCT-RCT", "NCT06438796", "NCT06507514", "NCT06607419", "NCT07105579");
        Protocol nct06438796 = catalog.latest("NCT06438796").orElseThrow();
        assertThat(nct06438796.randomized()).isTrue();
        assertThat(nct06438796.armIds()).containsExactly("BLINATUMOMAB", "CONTROL");
        assertThat(nct06438796.anchorNames()).containsExactly("HSCT", "MAINTENANCE_START");
        Protocol single = catalog.latest("NCT07105579").orElseThrow();
        assertThat(single.randomized()).isFalse();
        assertThat(single.anchor("HSCT").orElseThrow().day()).isZero();
        assertThat(catalog.latest("NCT06607419").orElseThrow().anchor("INDUCTION_D1").orElseThrow().day()).isEqualTo(1);
        assertThat(catalog.latest("NOPE")).isEmpty();
    }

    @Test
    void every_text_rule_carries_a_quote_and_every_other_rule_is_marked_default() throws IOException {
        for (Protocol p : ProtocolCatalog.fromClasspath().latestVersions()) {
            String yaml = shipped(p.id() + "-v" + p.version() + ".yaml");
            long sources = yaml.lines().filter(l -> l.contains("source:")).count();
            long marked = yaml.lines().filter(l -> l.matches(".*source: (text|default).*")).count();
            assertThat(marked).as(p.id()).isEqualTo(sources);
        }
    }

    @Test
    void a_new_version_is_the_latest_while_the_old_one_stays_available_for_patients_enrolled_under_it() throws IOException {
        String v1 = shipped("NCT07105579-v1.yaml");
        String v2 = v1.replace("version: \"1\"", "version: \"2\"").replace("day: 120", "day: 110");
        ProtocolCatalog catalog = ProtocolCatalog.load(List.of(
                new ProtocolSource("NCT07105579-v2.yaml", v2), new ProtocolSource("NCT07105579-v1.yaml", v1)));

        assertThat(catalog.latest("NCT07105579").orElseThrow().version()).isEqualTo("2");
        assertThat(catalog.version("NCT07105579", "1").orElseThrow().activity("dli").orElseThrow().offset().day()).isEqualTo(120);
        assertThat(catalog.latestVersions()).hasSize(1);
    }

    @Test
    void the_loaded_protocol_serialises_to_json_for_the_rest_api() throws Exception {
        Protocol p = ProtocolCatalog.fromClasspath().latest("NCT07105579").orElseThrow();
        String json = new ObjectMapper().writeValueAsString(p);

        assertThat(json).contains("\"id\":\"NCT07105579\"").contains("\"anchors\"").contains("\"activities\"");
    }

    @Test
    void an_unknown_anchor_reference_names_the_file_path_line_and_reason() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml").replace("anchor: HSCT\n      day: 120", "anchor: HSTC\n      day: 120");
        InvalidProtocolException e = failure("NCT07105579-v1.yaml", yaml);

        assertThat(e.file()).isEqualTo("NCT07105579-v1.yaml");
        assertThat(e.path()).isEqualTo("/activities/2/offset/anchor");
        assertThat(e.reason()).contains("unknown anchor HSTC");
        int line = (int) yaml.lines().takeWhile(l -> !l.contains("anchor: HSTC")).count() + 1;
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.getMessage()).contains("NCT07105579-v1.yaml:" + line).contains("/activities/2/offset/anchor")
                .contains("unknown anchor HSTC");
    }

    @Test
    void a_schema_violation_names_the_path_and_line() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml").replace("lengthDays: 14", "lengthDays: fourteen");
        InvalidProtocolException e = failure("NCT07105579-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/0/lengthDays");
        assertThat(e.line()).isEqualTo((int) yaml.lines().takeWhile(l -> !l.contains("fourteen")).count() + 1);
        assertThat(e.reason()).isNotBlank();
    }

    @Test
    void a_text_rule_without_its_quote_is_refused() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml").replace("      quote: \"Administered at day 120 post-HSCT\"\n", "");
        InvalidProtocolException e = failure("NCT07105579-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/2/offset");
        assertThat(e.reason()).contains("quote");
    }

    @Test
    void duplicate_activity_ids_are_refused() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml").replace("- id: gvhd-assessment-before-dli", "- id: dli");
        InvalidProtocolException e = failure("NCT07105579-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/3/id");
        assertThat(e.reason()).contains("duplicate activity id dli");
    }

    @Test
    void a_single_task_cancelled_when_an_unknown_anchor_comes_is_refused() throws IOException {
        String yaml = shipped("NCT06507514-v1.yaml").replace("    stopWhen:\n      anchor: RECONSTITUTION\n\n",
                "    stopWhen:\n      anchor: RECONSTITUTON\n\n");
        InvalidProtocolException e = failure("NCT06507514-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/5/stopWhen/anchor"); // reconstitution-review
        assertThat(e.reason()).contains("unknown anchor RECONSTITUTON");
    }

    @Test
    void a_window_that_does_not_contain_the_due_date_is_refused() throws IOException {
        String yaml = shipped("NCT06607419-v1.yaml").replace("days: \"-7/+0\"", "days: \"+1/+7\"");
        InvalidProtocolException e = failure("NCT06607419-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/3/window/days"); // mrd-after-course
        assertThat(e.reason()).contains("does not contain the due date");
    }

    @Test
    void an_unknown_arm_is_refused() throws IOException {
        String yaml = shipped("NCT06438796-v1.yaml").replace("arms: [BLINATUMOMAB]\n    source: text\n    quote: \"9",
                "arms: [BLINA]\n    source: text\n    quote: \"9");
        InvalidProtocolException e = failure("NCT06438796-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/0/arms/0");
        assertThat(e.reason()).contains("unknown arm BLINA");
    }

    @Test
    void dose_steps_that_leave_a_gap_in_the_cycle_are_refused() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml").replace("days: \"4-14\"", "days: \"5-14\"");
        InvalidProtocolException e = failure("NCT07105579-v1.yaml", yaml);

        assertThat(e.path()).isEqualTo("/activities/0/doses/0/steps/1/days");
    }

    @Test
    void broken_yaml_names_the_line() {
        InvalidProtocolException e = failure("X-v1.yaml", "id: X\nversion: \"1\"\ntitle: [unclosed\n");

        assertThat(e.file()).isEqualTo("X-v1.yaml");
        assertThat(e.line()).isNotNull();
        assertThat(e.reason()).contains("not valid YAML");
    }

    @Test
    void a_file_named_for_another_version_is_refused() throws IOException {
        InvalidProtocolException e = failure("NCT07105579-v2.yaml", shipped("NCT07105579-v1.yaml"));

        assertThat(e.path()).isEqualTo("/version");
        assertThat(e.reason()).contains("NCT07105579-v1.yaml");
    }

    @Test
    void the_same_version_twice_is_refused() throws IOException {
        String yaml = shipped("NCT07105579-v1.yaml");
        InvalidProtocolException e = catchThrowableOfType(InvalidProtocolException.class, () -> ProtocolCatalog.load(List.of(
                new ProtocolSource("NCT07105579-v1.yaml", yaml), new ProtocolSource("NCT07105579-v1.yaml", yaml))));

        assertThat(e.reason()).contains("also defined");
    }

    @Test
    void versions_compare_numerically() {
        assertThat(ProtocolCatalog.compareVersions("10", "9")).isPositive();
        assertThat(ProtocolCatalog.compareVersions("1.10", "1.9")).isPositive();
        assertThat(ProtocolCatalog.compareVersions("2", "2.0")).isZero();
    }
}
