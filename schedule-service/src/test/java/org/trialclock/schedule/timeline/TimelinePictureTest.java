package org.trialclock.schedule.timeline;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.schedule.time.AdjustableClock;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.trialclock.schedule.enrollment.Coordinator.SHANGHAI;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;

/**
 * The patient timeline of an NCT07105579 patient: "Cycle 1 (starting at day 60 post-transplant)", "Days 1-3:
 * 9 μg/day, Days 4-14: 28 μg/day", "one cycle every 3 months", DLI "at day 120 post-HSCT". Positions are
 * checked from the SVG's own coordinates against dates worked out here from the transplant date.
 */
@QuarkusTest
class TimelinePictureTest {
    private static final Pattern TRANSLATE = Pattern.compile("translate\\(([-0-9.]+),([-0-9.]+)\\)");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Inject
    AdjustableClock clock;

    /** x of a date, from the scale the picture states (linear, then compressed after the treatment phase). */
    private record Scale(LocalDate start, double x0, double pxPerDay, LocalDate compressAfter, double compressedPxPerDay) {
        static Scale of(Element plot) {
            String after = plot.getAttribute("data-compress-after");
            return new Scale(LocalDate.parse(plot.getAttribute("data-start")),
                    Double.parseDouble(plot.getAttribute("data-x0")), Double.parseDouble(plot.getAttribute("data-px-per-day")),
                    after.isEmpty() ? null : LocalDate.parse(after),
                    after.isEmpty() ? 0 : Double.parseDouble(plot.getAttribute("data-compressed-px-per-day")));
        }

        double x(LocalDate d) {
            if (compressAfter == null || !d.isAfter(compressAfter)) {
                return x0 + ChronoUnit.DAYS.between(start, d) * pxPerDay;
            }
            return x0 + ChronoUnit.DAYS.between(start, compressAfter) * pxPerDay
                    + ChronoUnit.DAYS.between(compressAfter, d) * compressedPxPerDay;
        }
    }

    @Test
    void four_cycles_the_day_4_step_up_the_day_120_dli_and_today_sit_at_their_dates() throws Exception {
        LocalDate today = LocalDate.now(clock.withZone(SHANGHAI));
        LocalDate hsct = today.minusDays(61); // "≥2 months post-transplant"
        String id = enroll(dliEnrollment(subject(), hsct));
        // "No active aGVHD ... at the time of infusion": active grade I acute GVHD puts the DLI on hold
        record(id, event("GVHD_ASSESSED", today, "{\"kind\":\"ACUTE\",\"grade\":1,\"active\":true}"));

        String svg = given().get("/enrollments/" + id + "/timeline.svg").then().statusCode(200)
                .contentType("image/svg+xml").extract().asString();
        Document doc = parse(svg);
        Element plot = byId(doc, "plot");
        Scale scale = Scale.of(plot);
        double width = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));

        // a 2-year follow-up must not squeeze the infusions: the scale compresses after the treatment phase
        LocalDate cycle1 = hsct.plusDays(60);
        LocalDate cycle4End = cycle1.plusMonths(9).plusDays(13);
        assertThat(scale.compressAfter()).as("compressed after the last cycle").isAfter(cycle4End);
        assertThat(scale.compressedPxPerDay()).isLessThan(scale.pxPerDay() / 2);
        assertThat(scale.x(hsct.plusMonths(24))).as("24-month follow-up inside the picture").isLessThan(width);

        Element day0 = byId(doc, "anchor");
        assertThat(day0.getAttribute("data-day")).isEqualTo("0");
        assertThat(x(day0, "line", "x1")).as("day 0, the transplant").isCloseTo(scale.x(hsct), within(0.06));
        assertThat(Double.parseDouble(byId(doc, "today").getAttribute("x1"))).isCloseTo(scale.x(today), within(0.06));

        List<Element> cycles = byClass(doc, "g", "cycle");
        assertThat(cycles).extracting(c -> c.getAttribute("data-cycle")).containsExactly("1", "2", "3", "4");
        for (int n = 1; n <= 4; n++) {
            LocalDate start = cycle1.plusMonths(3L * (n - 1)); // "one cycle every 3 months", from day 1 of the last
            List<Element> phases = children(cycles.get(n - 1), "rect", "phase");
            Element first = phases.get(0);
            Element last = phases.get(phases.size() - 1);
            assertThat(attr(first, "x")).as("cycle %d day 1", n).isCloseTo(scale.x(start), within(0.06));
            assertThat(attr(last, "x") + attr(last, "width")).as("cycle %d ends after day 14", n)
                    .isCloseTo(scale.x(start.plusDays(14)), within(0.11));
        }
        List<Element> cycle1Phases = children(cycles.get(0), "rect", "phase");
        assertThat(cycle1Phases).extracting(p -> p.getAttribute("data-dose")).containsExactly("9 ug/day", "28 ug/day");
        assertThat(attr(cycle1Phases.get(1), "x")).as("step-up on day 4").isCloseTo(scale.x(cycle1.plusDays(3)), within(0.06));
        Element stepUp = byClass(doc, "g", "task").stream().filter(t -> "DOSE_CHANGE".equals(t.getAttribute("data-kind")))
                .findFirst().orElseThrow();
        assertThat(translateX(stepUp)).isCloseTo(scale.x(cycle1.plusDays(3)), within(0.06));

        Element dli = byClass(doc, "g", "task").stream().filter(t -> "DLI".equals(t.getAttribute("data-kind")))
                .findFirst().orElseThrow();
        assertThat(dli.getAttribute("data-due")).isEqualTo(hsct.plusDays(120).toString());
        assertThat(translateX(dli)).isCloseTo(scale.x(hsct.plusDays(120)), within(0.06));
        // status by colour and by shape: on hold is a square, planned a circle
        assertThat(dli.getAttribute("data-status")).isEqualTo("ON_HOLD");
        assertThat(dli.getAttribute("class")).contains("on-hold");
        assertThat(dli.getElementsByTagName("rect").getLength()).isEqualTo(1);
        assertThat(dli.getElementsByTagName("circle").getLength()).isZero();
        // the step-up waits for cycle 1's start to be recorded (on hold, a square); a planned task is a circle
        assertThat(stepUp.getAttribute("data-status")).isEqualTo("ON_HOLD");
        assertThat(stepUp.getElementsByTagName("rect").getLength()).isEqualTo(1);
        Element planned = byClass(doc, "g", "task").stream().filter(t -> "PLANNED".equals(t.getAttribute("data-status")))
                .findFirst().orElseThrow();
        assertThat(planned.getElementsByTagName("circle").getLength()).as("planned").isEqualTo(1);

        // every status has its legend entry
        assertThat(byClass(doc, "g", "legend-status")).extracting(g -> g.getAttribute("data-status"))
                .contains("planned", "due", "overdue", "done", "cancelled", "on-hold");

        screenshot("timeline-nct07105579", svg, scale.x(today));
    }

    @Test
    void a_five_year_follow_up_fits_beside_the_induction_it_follows() throws Exception {
        // NCT06607419: follow-up "every 12 months", five times, after the induction and consolidation courses
        LocalDate today = LocalDate.now(clock.withZone(SHANGHAI));
        LocalDate inductionDay1 = today.minusDays(20);
        String id = enroll("""
                {"subjectId":"%s","protocolId":"NCT06607419","riskGroup":"INTERMEDIATE","siteId":"zju",
                 "careTeam":"zju-paed","timezone":"Asia/Shanghai","anchors":{"INDUCTION_D1":"%s"},"weightKg":30,
                 "events":[{"type":"MRD_RESULT","date":"%s","data":{"mrdPercent":0.05,"method":"FLOW","timepoint":"D19"}}]}"""
                .formatted(subject(), inductionDay1, inductionDay1.plusDays(18)));
        String svg = given().get("/enrollments/" + id + "/timeline.svg").then().statusCode(200).extract().asString();
        Document doc = parse(svg);
        Scale scale = Scale.of(byId(doc, "plot"));
        double width = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
        List<LocalDate> followUps = byClass(doc, "g", "task").stream()
                .filter(t -> "FOLLOW_UP".equals(t.getAttribute("data-kind")))
                .map(t -> LocalDate.parse(t.getAttribute("data-due"))).sorted().toList();
        assertThat(followUps).hasSizeGreaterThanOrEqualTo(5);
        LocalDate lastFollowUp = followUps.get(followUps.size() - 1);
        assertThat(ChronoUnit.YEARS.between(inductionDay1, lastFollowUp)).isGreaterThanOrEqualTo(5);
        assertThat(scale.compressAfter()).as("compressed after the treatment phase").isNotNull()
                .isBefore(followUps.get(0));
        assertThat(scale.x(lastFollowUp)).as("the last follow-up inside the picture").isLessThan(width);
        // the treatment phase keeps most of the width: a day there is wider than a week after it
        assertThat(scale.pxPerDay()).isGreaterThan(7 * scale.compressedPxPerDay());
        screenshot("timeline-nct06607419", svg, scale.x(today));
    }

    @Test
    void a_recorded_transplant_moves_day_0_as_it_moves_the_schedule() throws Exception {
        LocalDate today = LocalDate.now(clock.withZone(SHANGHAI));
        LocalDate planned = today.minusDays(70);
        String id = enroll(dliEnrollment(subject(), planned));
        LocalDate given = planned.plusDays(3); // the transplant was in fact three days later than entered
        record(id, event("TRANSPLANT_DONE", given, "{\"anchor\":\"HSCT\"}"));

        Document doc = parse(given().get("/enrollments/" + id + "/timeline.svg").then().statusCode(200)
                .extract().asString());
        Scale scale = Scale.of(byId(doc, "plot"));
        Element day0 = byId(doc, "anchor");
        assertThat(day0.getAttribute("data-date")).isEqualTo(given.toString());
        assertThat(x(day0, "line", "x1")).isCloseTo(scale.x(given), within(0.06));
        // and the schedule agrees: the first cycle starts on day 60 of the recorded transplant
        List<Element> cycles = byClass(doc, "g", "cycle");
        NodeList rects = cycles.get(0).getElementsByTagName("rect");
        List<String> phaseStarts = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if ("phase".equals(rect.getAttribute("class"))) {
                phaseStarts.add(rect.getAttribute("data-from"));
            }
        }
        assertThat(phaseStarts).first().isEqualTo(given.plusDays(60).toString());
    }

    @Test
    void an_unknown_enrollment_is_a_not_found_problem() {
        given().get("/enrollments/" + java.util.UUID.randomUUID() + "/timeline.svg").then().statusCode(404)
                .contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().get("/enrollments/not-an-id/timeline.svg").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    /** Renders the picture in headless Chromium where it is installed (deploy/local/test.sh installs it). */
    private void screenshot(String name, String svg, double todayX) throws Exception {
        assumeThat(Files.isExecutable(CHROMIUM)).as("chromium installed").isTrue();
        Path dir = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".svg"), svg, StandardCharsets.UTF_8);
        Path png = dir.resolve(name + ".png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");
        int height = (int) Double.parseDouble(parse(svg).getDocumentElement().getAttribute("height"));
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile, "--hide-scrollbars", "--window-size=1200," + height,
                // the served picture as fetched above: a browser cannot send the endpoint's bearer token
                "--screenshot=" + png, dir.resolve(name + ".svg").toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".chromium.log").toFile()).start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        // the dashed today line is drawn in the picture's magenta where the SVG says it is
        int column = (int) Math.round(todayX);
        boolean magenta = false;
        for (int y = 0; y < image.getHeight() && !magenta; y++) {
            for (int dx = -1; dx <= 1 && !magenta; dx++) {
                int rgb = image.getRGB(column + dx, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                magenta = r > 170 && g < 90 && b > 60 && b < 150;
            }
        }
        assertThat(magenta).as("today's line rendered at x=%d", column).isTrue();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return doc;
    }

    private static Element byId(Document doc, String id) {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    private static List<Element> byClass(Document doc, String tag, String cssClass) {
        return matching(doc.getElementsByTagName(tag), cssClass);
    }

    private static List<Element> children(Element parent, String tag, String cssClass) {
        return matching(parent.getElementsByTagName(tag), cssClass);
    }

    private static List<Element> matching(NodeList nodes, String cssClass) {
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    private static double x(Element group, String tag, String attribute) {
        return Double.parseDouble(((Element) group.getElementsByTagName(tag).item(0)).getAttribute(attribute));
    }

    private static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    private static double translateX(Element e) {
        Matcher m = TRANSLATE.matcher(e.getAttribute("transform"));
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
