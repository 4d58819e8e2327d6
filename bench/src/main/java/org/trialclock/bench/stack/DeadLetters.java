package org.trialclock.bench.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What reached the dead-letter topics ({@code *-dlq}) of a fresh broker: records per topic, the reasons, and the
 * tasks whose due alert was dead-lettered (a due alert in a dead-letter topic is an alert the team never got).
 */
public record DeadLetters(Map<String, Integer> perTopic, Map<String, Integer> reasons, Set<String> dueTaskIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static DeadLetters read(String bootstrapServers) throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.endsWith("-dlq"))
                    .sorted().toList();
        }
        Map<String, Integer> perTopic = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        Set<String> due = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            topics.forEach(t -> perTopic.put(t, 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    perTopic.merge(r.topic(), 1, Integer::sum);
                    String reason = header(r, "dead-letter-reason");
                    reasons.merge(r.topic() + ": " + shorten(reason), 1, Integer::sum);
                    if ("trialclock.task.due".equals(header(r, "ce_type"))) {
                        String task = header(r, "ce_subject");
                        if (task == null) {
                            try {
                                task = JSON.readTree(r.value()).path("id").asText(null);
                            } catch (Exception unreadable) {
                                task = null;
                            }
                        }
                        if (task != null) {
                            due.add(task);
                        }
                    }
                }
            }
        }
        return new DeadLetters(perTopic, reasons, due);
    }

    public int total() {
        return perTopic.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String shorten(String reason) {
        if (reason == null) {
            return "(no reason header)";
        }
        return reason.length() > 100 ? reason.substring(0, 100) + "..." : reason;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
