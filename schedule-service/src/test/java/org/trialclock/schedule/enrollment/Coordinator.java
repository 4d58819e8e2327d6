package org.trialclock.schedule.enrollment;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What a trial coordinator does through the REST API, in the tests' words. */
public final class Coordinator {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Coordinator() {
    }

    /** Today at the site: events may not be dated after it. */
    public static LocalDate today() {
        return LocalDate.now(SHANGHAI);
    }

    public static String subject() {
        return "ZJU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An NCT07105579 (blinatumomab + DLI after allo-HSCT) enrollment body. */
    public static String dliEnrollment(String subjectId, LocalDate hsct) {
        return """
                {"subjectId":"%s","protocolId":"NCT07105579","siteId":"zju","careTeam":"zju-hsct",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}""".formatted(subjectId, hsct);
    }

    /** Enrolls and returns the new enrollment's id. */
    public static String enroll(String body) {
        String location = given().contentType(ContentType.JSON).body(body).post("/enrollments")
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public static String event(String type, LocalDate date, String data) {
        return """
                {"type":"%s","date":"%s","data":%s}""".formatted(type, date, data);
    }

    public static ValidatableResponse postEvent(String enrollmentId, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/enrollments/" + enrollmentId + "/events").then();
    }

    /** Posts an event that must be accepted; returns the id it was recorded under. */
    public static String record(String enrollmentId, String body) {
        String location = postEvent(enrollmentId, body).statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public static List<Map<String, Object>> tasks(String enrollmentId) {
        return given().get("/enrollments/" + enrollmentId + "/tasks").then().statusCode(200).extract().jsonPath()
                .getList("");
    }

    /** The enrollment's task of a kind (CYCLE_START, DLI...), in a cycle or none. */
    public static Map<String, Object> task(String enrollmentId, String kind, Integer cycle) {
        return tasks(enrollmentId).stream()
                .filter(t -> kind.equals(t.get("kind")) && Objects.equals(cycle, t.get("cycle")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " task in cycle " + cycle));
    }
}
