package org.trialclock.notify.inbox;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * The page for people at {@code /}. Its script only calls the REST API tested elsewhere; this checks it is served
 * and wired to those endpoints (a browser check of its rendering is in the README's manual steps, not in CI).
 */
@QuarkusTest
class InboxPageTest {
    @Test
    void the_inbox_page_is_served_at_the_root_and_uses_the_inbox_stream_and_completion_endpoints() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("/inbox"))
                .body(containsString("/stream"))
                .body(containsString("/completion"))
                .body(containsString("/acknowledgement"));
    }
}
