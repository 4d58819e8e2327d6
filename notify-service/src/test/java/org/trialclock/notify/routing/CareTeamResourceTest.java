package org.trialclock.notify.routing;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
class CareTeamResourceTest {

    @Test
    void a_team_seeded_from_configuration_is_there_with_its_escalation_contact_and_no_secret_shown() {
        given().get("/teams/seeded-team").then().statusCode(200)
                .body("escalationContact", equalTo("dr-seed"))
                .body("members[0].email", equalTo("dr-seed@zju.test"))
                .body("hasWebhookSecret", equalTo(true))
                .body("$", not(hasKey("webhookSecret")));
    }

    @Test
    void a_team_is_replaced_whole_and_a_wrong_one_is_refused_with_every_field_named() {
        String ward5 = TestCallers.team("ward-5");
        String ward6 = TestCallers.team("ward-6");
        given().contentType(ContentType.JSON).body(Map.of("name", "Ward 5", "members", List.of(
                        Map.of("name", "nurse-li", "role", "NURSE", "email", "li@zju.test"))))
                .put("/teams/" + ward5).then().statusCode(201).body("members[0].role", equalTo("NURSE"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Ward 5", "escalationContact", "dr-wang",
                        "members", List.of(Map.of("name", "nurse-li", "role", "NURSE", "email", "li@zju.test"),
                                Map.of("name", "dr-wang", "role", "pi", "webhookUrl", "https://hooks.zju.test/pi"))))
                .put("/teams/" + ward5).then().statusCode(200).body("members.name", hasItems("nurse-li", "dr-wang"));

        given().contentType(ContentType.JSON).body(Map.of("name", "Ward 6", "escalationContact", "nobody",
                        "members", List.of(Map.of("name", "x", "role", "SURGEON", "email", "not-an-address",
                                "webhookUrl", "ftp://x"))))
                .put("/teams/" + ward6).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("members[0].role", "members[0].email", "members[0].webhookUrl",
                        "escalationContact"));
        given().get("/teams/" + ward6).then().statusCode(404);
    }
}
