package org.trialclock.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service's built jar running as its own process, as in production; its log goes to a file. */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final Path jar;
    private final Map<String, String> env;

    private ServiceProcess(String name, int port, Path log, Process process, Path jar, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.jar = jar;
        this.env = env;
    }

    static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, Path logDir) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw verify builds them before this module)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        if (Files.exists(log)) {
            log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new ServiceProcess(name, port, log, builder.start(), jar, env);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether /q/health/ready answers UP; fails at once if the process died. */
    boolean ready() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log + ":\n"
                    + tail());
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** SIGTERM, as Kubernetes sends it to a pod it stops, without waiting for the process to end. */
    void terminate() {
        process.destroy();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye; what a crashed node does. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The same service again, on the same port, database and broker. */
    ServiceProcess restart() throws IOException {
        return start(name, jar, port, env, log.getParent());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
