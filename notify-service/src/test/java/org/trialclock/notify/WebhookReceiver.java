package org.trialclock.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free port standing in for a team's webhook receiver. It answers 500 to the first
 * {@code failures} posts (all of them when negative), then 204, and keeps every post it got. A receiver made
 * {@link #hanging()} holds every post without answering until {@link #recover()}: a slow receiver whose
 * sender times out.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One post as received, with the Standard Webhooks headers and every header (for a library's verify). */
    public record Post(String id, String timestamp, String signature, String body, int answeredWith,
                       Map<String, List<String>> headers, Instant receivedAt) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile int failures;

    public WebhookReceiver(int failures) {
        this.failures = failures;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                CountDownLatch held = hold;
                int status = held.getCount() > 0 ? -1
                        : this.failures < 0 || calls.incrementAndGet() <= this.failures ? 500 : 204;
                posts.add(new Post(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"), body, status, new HashMap<>(headers),
                        Instant.now()));
                if (status < 0) {
                    held.await(30, TimeUnit.SECONDS); // the sender has given up long before: no answer
                } else {
                    exchange.sendResponseHeaders(status, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** A receiver that takes each post and answers nothing (the sender times out) until {@link #recover()}. */
    public static WebhookReceiver hanging() {
        WebhookReceiver receiver = new WebhookReceiver(0);
        receiver.hold = new CountDownLatch(1);
        return receiver;
    }

    /** From now on every post gets 204 at once. */
    public void recover() {
        failures = 0;
        calls.set(0);
        hold.countDown();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every post received; one held without an answer has {@code answeredWith} -1. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
