package org.trialclock.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free port standing in for a team's webhook receiver. It answers 500 to the first
 * {@code failures} posts (all of them when negative), then 204, and keeps every post it got.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Post(String timestamp, String signature, String body, int answeredWith) {
    }

    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    public WebhookReceiver(int failures) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int call = calls.incrementAndGet();
            int status = failures < 0 || call <= failures ? 500 : 204;
            posts.add(new Post(exchange.getRequestHeaders().getFirst("X-TrialClock-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-TrialClock-Signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
