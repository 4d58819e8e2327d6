package org.trialclock.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One piece of the stack (a service replica or the broker) as its own JVM process, so a drill can end it the way
 * a node ends: SIGKILL ({@link #kill}) or SIGTERM ({@link #terminate}), and start it again with the same command.
 * Its output is appended to one log file across restarts.
 */
public final class JavaProcess {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    /** Every process a drill started; none may outlive the drill's JVM, however that JVM ends (Ctrl-C, timeout). */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "drill-process-reaper"));
    }

    JavaProcess(String name, List<String> javaArgs, Map<String, String> env, Path logDir) {
        this.name = name;
        this.command = new ArrayList<>();
        this.command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.command.addAll(javaArgs);
        this.env = new HashMap<>(env);
        this.log = logDir.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    public synchronized JavaProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
            STARTED.add(process);
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush; what a crashed node or an OOM kill does. */
    public synchronized void kill() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * SIGTERM and wait for the exit, as Kubernetes does before a pod's grace period (30 s) ends; SIGKILL after it.
     * Returns whether it exited within the grace period.
     */
    public synchronized boolean terminate() throws InterruptedException {
        if (!alive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    public Path log() {
        return log;
    }

    /** The last lines of its log, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
