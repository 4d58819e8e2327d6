package org.trialclock.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), for tests in-process
 * and for the local stack as a standalone process ({@link #main}). No Docker, only Maven Central artifacts.
 *
 * <p>We do not use Kafka's own {@code main} methods: they call {@code System.exit}, which would end the test JVM.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats {@code dataDir} if it is new and starts a broker on the given ports (0 = any free port). */
    public static KafkaBroker start(Path dataDir, int brokerPort, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(dataDir,
                brokerPort == 0 ? freePort() : brokerPort,
                controllerPort == 0 ? freePort() : controllerPort);
        broker.startServer();
        return broker;
    }

    /**
     * TrialClock's topics, created up front as KafkaTopic resources do in Kubernetes. A consumer that subscribes
     * before its topic exists waits for a metadata refresh, which made the first event late by seconds.
     */
    public static final List<String> TOPICS = List.of(
            "trial-tasks", "task-completions", "enrollments", "trial-tasks-dlq", "task-completions-dlq", "enrollments-dlq");

    /** Creates the topics that do not exist yet, with 3 partitions each. */
    public void createTopics(List<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = names.stream().filter(n -> !existing.contains(n)).map(n -> new NewTopic(n, 3, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + names + " on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and keeps its data, as a broker outage does. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts it again on the same ports and data, so clients reconnect to the same address. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        try {
            Files.createDirectories(dataDir);
            Properties props = properties();
            Path configFile = dataDir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(configFile)) {
                props.store(out, "written by TrialClock's KafkaBroker");
            }
            format(configFile);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka data directory " + dataDir, e);
        }
    }

    /** Formats the storage once; a restart on the same directory keeps its cluster id and its data. */
    private void format(Path configFile) throws IOException {
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (Files.exists(clusterIdFile)) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = kafka.tools.StorageTool.execute(new String[]{
                "format", "--cluster-id", clusterId, "--config", configFile.toString()},
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Kafka storage format failed (" + code + "): "
                    + captured.toString(StandardCharsets.UTF_8));
        }
        Files.writeString(clusterIdFile, clusterId);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MB default dedupe buffer would cost heap in every test JVM.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * The standalone broker of the local stack: {@code KafkaBroker <dataDir> <brokerPort> <controllerPort>}.
     * Runs until the process is told to stop (SIGTERM from down.sh).
     */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : "deploy/local/.run/kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int controller = args.length > 2 ? Integer.parseInt(args[2]) : 9093;
        KafkaBroker broker = start(dir, port, controller);
        broker.createTopics(TOPICS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers());
        stopped.await();
    }
}
