package org.trialclock.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A schedule-service or notify-service replica: its process and its HTTP address. */
public final class ServiceReplica {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JavaProcess process;
    private final int port;

    ServiceReplica(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public JavaProcess process() {
        return process;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether /q/health/ready answers UP; fails at once if the process died. */
    public boolean ready() {
        if (!process.alive()) {
            throw new IllegalStateException(process.name() + " is not running; its log " + process.log() + " ends:\n"
                    + process.tail());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready, at most 300 s (two cores shared with builds: a start under load can take minutes). */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process.name() + " not ready after 300 s; see " + process.log());
            }
            Thread.sleep(250); // polling a process's readiness endpoint; nothing to wait on in-process
        }
    }

    /**
     * The bench's bearer token: system property {@code trialclock.bearer} (the system tests mint one) or environment
     * variable {@code TRIALCLOCK_BEARER} (bench/run.sh and drills.sh take it from deploy/local/token.sh).
     */
    public static String authorization() {
        String token = System.getProperty("trialclock.bearer", System.getenv("TRIALCLOCK_BEARER"));
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no bearer token: set TRIALCLOCK_BEARER (deploy/local/token.sh admin TEAM...)");
        }
        return "Bearer " + token;
    }

    /** Sends a request with the dev profile's admin token and JSON body; fails unless 2xx. */
    public String call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Admin-Token", LocalStack.ADMIN_TOKEN)
                .header("Authorization", authorization())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + url() + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
