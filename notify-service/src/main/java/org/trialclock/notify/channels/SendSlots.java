package org.trialclock.notify.channels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The courier's sends in flight: at most {@code total} at once, and at most {@code perDestination} to one
 * destination, so a receiver that hangs until its timeout holds a few senders, never all of them.
 */
final class SendSlots {
    private final int total;
    private final int perDestination;
    private final Map<String, Integer> byDestination = new HashMap<>();
    private final Set<Long> notifications = new HashSet<>();

    SendSlots(int total, int perDestination) {
        this.total = total;
        this.perDestination = perDestination;
    }

    synchronized int free() {
        return total - notifications.size();
    }

    /** Takes a slot for the notification if both limits allow; false leaves it for a later round. */
    synchronized boolean take(String destination, long notificationId) {
        int busy = byDestination.getOrDefault(destination, 0);
        if (notifications.size() >= total || busy >= perDestination || notifications.contains(notificationId)) {
            return false;
        }
        byDestination.put(destination, busy + 1);
        notifications.add(notificationId);
        return true;
    }

    synchronized void release(String destination, long notificationId) {
        if (notifications.remove(notificationId)) {
            byDestination.computeIfPresent(destination, (d, busy) -> busy <= 1 ? null : busy - 1);
        }
    }

    /** Destinations that take no more sends now. */
    synchronized List<String> fullDestinations() {
        List<String> full = new ArrayList<>();
        byDestination.forEach((d, busy) -> {
            if (busy >= perDestination) {
                full.add(d);
            }
        });
        return full;
    }

    /** Notifications being sent by this process: not claimed again, even when a moved clock ended their lease. */
    synchronized List<Long> inFlight() {
        return List.copyOf(notifications);
    }
}
