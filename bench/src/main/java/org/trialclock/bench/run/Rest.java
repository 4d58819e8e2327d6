package org.trialclock.bench.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;

/** The few REST calls the bench makes to set a run up, and the enrollment body it posts. */
final class Rest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("Authorization", org.trialclock.bench.stack.ServiceReplica.authorization());
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> ok(String method, String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, url, json);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    /** The README's example enrollment (NCT07105579, arm BITE_DLI), for a subject of the given id. */
    static String enrollment(String subjectId, String careTeam) {
        return """
                {"subjectId":"%s","protocolId":"NCT07105579","arm":"BITE_DLI","siteId":"bench","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}"""
                .formatted(subjectId, careTeam, LocalDate.now().minusDays(61)); // "≥2 months post-transplant"
    }

    /** The bench's care team: one member reached by webhook only, so every due alert is one post to the bench. */
    static String team(String webhookUrl) {
        return """
                {"id":"%s","name":"Bench care team","escalationContact":"bench-nurse","webhookSecret":"bench-secret",
                 "members":[{"name":"bench-nurse","role":"NURSE","webhookUrl":"%s"}]}"""
                .formatted(ScheduleTable.TEAM, webhookUrl);
    }
}
