package org.trialclock.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The care team's webhook endpoint: answers 204 to every post and counts every post it reads, per due alert (the
 * body's task, type and recipient, and the channel), whatever its {@code webhook-id}: a post repeated under the
 * same id counts twice ({@link Deliveries}). It can be taken down and brought back on the same port. The JDK's own
 * HTTP server: a receiver that only counts needs nothing more.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final Deliveries deliveries = new Deliveries("WEBHOOK");
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private HttpServer server;

    public WebhookReceiver() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        up();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/alerts";
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    public synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.createContext("/alerts", this::receive);
        server.setExecutor(workers);
        server.start();
    }

    /** Down: connections are refused until {@link #up}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            deliveries.received();
            byte[] raw = body.readAllBytes();
            JsonNode alert;
            try {
                alert = JSON.readTree(raw);
            } catch (IOException e) {
                alert = null; // not JSON: counted as a raw post, about no alert
            }
            if (alert != null && Deliveries.DUE.equals(alert.path("type").asText())) {
                String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
                deliveries.add(alert.path("taskId").asText(), Deliveries.DUE, alert.path("recipient").asText(),
                        webhookId != null ? webhookId : "notification-" + alert.path("notificationId").asText());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        down();
        workers.shutdownNow();
    }
}
