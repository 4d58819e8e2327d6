package org.trialclock.notify.time;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ClockResourceTest {

    @Test
    void the_clock_moves_only_forward_and_only_with_the_admin_token() {
        given().get("/admin/clock").then().statusCode(401);
        given().header("X-Admin-Token", "wrong").contentType(ContentType.JSON).body(Map.of("by", "P3D"))
                .post("/admin/clock/advance").then().statusCode(401);
        given().header("X-Admin-Token", "test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("by", "-PT1H")).post("/admin/clock/advance").then().statusCode(422)
                .contentType("application/problem+json");
        given().header("X-Admin-Token", "test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("by", "three days")).post("/admin/clock/advance").then().statusCode(400)
                .body("errors[0].field", equalTo("by"));
        String before = given().header("X-Admin-Token", "test-admin-token").get("/admin/clock").then()
                .statusCode(200).extract().path("offset");
        String after = given().header("X-Admin-Token", "test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("by", "PT1S")).post("/admin/clock/advance").then().statusCode(200)
                .extract().path("offset");
        assertThat(Duration.parse(after)).isEqualTo(Duration.parse(before).plusSeconds(1));
    }

    @Test
    void where_time_is_real_the_endpoint_does_not_exist() {
        ClockConfig production = new ClockConfig() {
            @Override
            public boolean adjustable() {
                return false;
            }

            @Override
            public Optional<String> adminToken() {
                return Optional.of("a-token");
            }
        };
        ClockResource resource = new ClockResource(new AdjustableClock(), production);
        assertThatThrownBy(() -> resource.advance("a-token", new ClockResource.Advance("P3D")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_zoned_view_moves_with_the_clock() {
        AdjustableClock clock = new AdjustableClock();
        var shanghai = clock.withZone(java.time.ZoneId.of("Asia/Shanghai"));
        clock.advance(Duration.ofDays(3));
        assertThat(Duration.between(java.time.Instant.now(), shanghai.instant())).isGreaterThan(Duration.ofHours(71));
    }
}
