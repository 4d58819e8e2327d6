package org.trialclock.bench.stack;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one receiver got, by raw message: every email the SMTP server accepted and every post the webhook receiver
 * read counts, per alert. An alert is known by what it is about (task, event, recipient, channel), not by its
 * delivery id: a sender that repeats an alert under the same Message-ID or {@code webhook-id} has still sent it
 * twice, and a care team whose mail client does not drop repeats sees it twice. The delivery ids are kept only to
 * tell, in the drill's log, how many repeats came under an id already received.
 */
public final class Deliveries {
    /** The event type of a due alert, as the webhook body names it; an email saying "Due now" is the same event. */
    public static final String DUE = "trialclock.task.due";

    /** What an alert is about; the same alert sent twice, under any ids, is the same key. */
    public record Alert(String taskId, String event, String recipient, String channel) {
    }

    private final String channel;
    private final AtomicInteger raw = new AtomicInteger();
    private final Map<Alert, AtomicInteger> copies = new ConcurrentHashMap<>();
    private final Map<Alert, Set<String>> deliveryIds = new ConcurrentHashMap<>();

    Deliveries(String channel) {
        this.channel = channel;
    }

    /** One raw message arrived, an alert or not (counted before it is read, so an unreadable one counts too). */
    void received() {
        raw.incrementAndGet();
    }

    /** The raw message just {@link #received} is a copy of this alert, under this delivery id. */
    void add(String taskId, String event, String recipient, String deliveryId) {
        Alert alert = new Alert(taskId, event, recipient, channel);
        copies.computeIfAbsent(alert, k -> new AtomicInteger()).incrementAndGet();
        deliveryIds.computeIfAbsent(alert, k -> ConcurrentHashMap.newKeySet()).add(String.valueOf(deliveryId));
    }

    /** Every raw message received, alerts and anything else. */
    public int raw() {
        return raw.get();
    }

    /** Raw messages that were alerts of {@code event}, every copy counted. */
    public int total(String event) {
        return copies.entrySet().stream().filter(e -> e.getKey().event().equals(event))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Raw copies of the alert of {@code event} about {@code taskId} to {@code recipient}. */
    public int count(String taskId, String event, String recipient) {
        AtomicInteger n = copies.get(new Alert(taskId, event, recipient, channel));
        return n == null ? 0 : n.get();
    }

    /** Distinct delivery ids (Message-ID, webhook-id) the copies of that alert came under. */
    public int distinctIds(String taskId, String event, String recipient) {
        Set<String> ids = deliveryIds.get(new Alert(taskId, event, recipient, channel));
        return ids == null ? 0 : ids.size();
    }

    /** Every alert received at least once. */
    public Set<Alert> alerts() {
        return Set.copyOf(copies.keySet());
    }
}
