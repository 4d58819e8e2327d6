package org.trialclock.bench.stack;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one receiver got: for each task and recipient, the distinct deliveries (a receiver drops a repeat of the
 * same delivery id, as a webhook receiver does with {@code webhook-id} and a mail client with Message-ID).
 */
public final class Deliveries {
    private final Map<String, Set<String>> byTaskAndRecipient = new ConcurrentHashMap<>();

    void add(String taskId, String recipient, String deliveryId) {
        byTaskAndRecipient.computeIfAbsent(taskId + "/" + recipient, k -> ConcurrentHashMap.newKeySet()).add(deliveryId);
    }

    /** Distinct deliveries of all alerts. */
    public int total() {
        return byTaskAndRecipient.values().stream().mapToInt(Set::size).sum();
    }

    /** Distinct deliveries of the alert about {@code taskId} to {@code recipient}. */
    public int count(String taskId, String recipient) {
        Set<String> ids = byTaskAndRecipient.get(taskId + "/" + recipient);
        return ids == null ? 0 : ids.size();
    }
}
