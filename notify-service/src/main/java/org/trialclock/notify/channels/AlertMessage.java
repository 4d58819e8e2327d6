package org.trialclock.notify.channels;

/**
 * What a notification says: its subject line, its text (every channel) and, for email, an HTML version (or null).
 * Task and enrollment alerts are written by {@code inbox/AlertMessages} from its Qute templates.
 */
public record AlertMessage(String subject, String text, String html) {

    /** A message that is text alone (an email without an HTML version). */
    public AlertMessage(String subject, String text) {
        this(subject, text, null);
    }

    /** To the escalation contact: who did not get which alert, why, and the alert itself. */
    static AlertMessage deliveryFailed(Notification n) {
        String original = n.subject.startsWith("[TrialClock] ") ? n.subject.substring("[TrialClock] ".length())
                : n.subject;
        return new AlertMessage("[TrialClock] NOT DELIVERED to " + n.recipient + ": " + original,
                "This alert could not be delivered to " + n.recipient + " by " + n.channel.name().toLowerCase()
                        + " (" + n.address + ") from " + n.createdAt + " until " + n.retryUntil + ", after "
                        + n.attempts + " attempts. Last error: " + n.lastError
                        + "\nPlease make sure they hear of it.\n\n" + n.message);
    }
}
