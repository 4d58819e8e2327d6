package org.trialclock.notify;

import org.trialclock.stack.TestCallers;
import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Creates a care team of its own for each test over the real REST API, so tests never see each other's alerts. */
public final class CareTeamFixture {
    public static final String TEAM_SECRET = "team-secret-for-tests";

    private CareTeamFixture() {
    }

    public static String newTeam(String escalationContact, List<Map<String, Object>> members) {
        String team = TestCallers.team("team");
        var body = new java.util.HashMap<String, Object>();
        body.put("name", "Test team " + team);
        body.put("webhookSecret", TEAM_SECRET);
        body.put("members", members);
        if (escalationContact != null) {
            body.put("escalationContact", escalationContact);
        }
        given().contentType(ContentType.JSON).body(body).put("/teams/" + team).then().statusCode(201);
        return team;
    }

    public static Map<String, Object> member(String name, String role, String email, String webhookUrl) {
        var m = new java.util.HashMap<String, Object>();
        m.put("name", name);
        m.put("role", role);
        if (email != null) {
            m.put("email", email);
        }
        if (webhookUrl != null) {
            m.put("webhookUrl", webhookUrl);
        }
        return m;
    }
}
