package org.trialclock.bench.run;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 5: {@code clients} threads each post enrollments one after another for the given time, each with its own
 * HTTP connection, as that many coordinators' systems would. Latency is from send to the whole answer.
 */
final class EnrollmentLoad {
    record Result(int clients, double perSecond, double p50Ms, double p99Ms, double p999Ms, long errors) {}

    static Result run(String scheduleUrl, int clients, int seconds, String runId) throws InterruptedException {
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong created = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                Histogram mine = new Histogram(60_000_000L, 3);
                for (int n = 0; System.nanoTime() < end; n++) {
                    String subject = "LOAD-%s-%d-%d-%d".formatted(runId, clients, client, n);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(scheduleUrl + "/enrollments"))
                            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                            .header("Authorization", org.trialclock.bench.stack.ServiceReplica.authorization())
                            .POST(HttpRequest.BodyPublishers.ofString(Rest.enrollment(subject, "zju-hsct"))).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 201) {
                            mine.recordValue(Math.min((System.nanoTime() - start) / 1_000, 60_000_000L));
                            created.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                synchronized (latency) {
                    latency.add(mine);
                }
            }, "enroll-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(clients, created.get() / (double) seconds, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0, errors.get());
    }
}
