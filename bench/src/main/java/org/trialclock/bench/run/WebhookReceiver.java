package org.trialclock.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;

/**
 * The care team's webhook member for step 2: answers every post 204 at once and notes when each task's due alert
 * first arrived. The JDK's own HTTP server is enough for a receiver that does nothing else.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicLong posts = new AtomicLong();
    private Set<String> wanted = Set.of();
    private int matched;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in);
                posts.incrementAndGet();
                String task = body.path("taskId").asText();
                if ("trialclock.task.due".equals(body.path("type").asText())
                        && seen.putIfAbsent(task, Instant.now()) == null) {
                    synchronized (this) {
                        if (wanted.contains(task)) {
                            matched++;
                        }
                    }
                }
            } finally {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Counts from now on the due alerts of these tasks (by id), those already received included. */
    synchronized void watch(Set<String> tasks) {
        wanted = tasks;
        matched = (int) tasks.stream().filter(seen::containsKey).count();
    }

    synchronized int count() {
        return matched;
    }

    long posts() {
        return posts.get();
    }

    synchronized Instant last() {
        return wanted.stream().map(seen::get).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
