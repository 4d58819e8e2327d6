package org.trialclock.bench.drill;

import org.trialclock.bench.stack.DueBurst;
import org.trialclock.bench.stack.LocalStack;
import org.trialclock.bench.stack.MailReceiver;
import org.trialclock.bench.stack.Progress;
import org.trialclock.bench.stack.WebhookReceiver;

import java.time.Duration;
import java.util.Random;
import java.util.function.Predicate;

/** What a drill acts on: the stack, its burst, the two receivers, and a seeded random source for its timing. */
record DrillContext(LocalStack stack, DueBurst burst, MailReceiver mail, WebhookReceiver webhook, Random random) {

    /** Waits until the progress satisfies {@code condition} (at most {@code atMost}); returns the progress then. */
    Progress awaitProgress(Predicate<Progress> condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        Progress last = null;
        while (System.nanoTime() < deadline) {
            Progress now = Progress.of(stack);
            if (now != null) {
                last = now;
                if (condition.test(now)) {
                    return now;
                }
            }
            // progress lives in two other processes' databases: polled, nothing to wait on here; every 0.5 s, since
            // each look opens two connections and counts the burst's rows on the machine the drill measures
            Thread.sleep(500);
        }
        log("condition not reached in " + atMost + "; going on at " + last);
        return last;
    }

    /** A fraction of the burst's tasks, as a count. */
    long share(double fraction) {
        return Math.round(burst.taskIds().size() * fraction);
    }

    /** Progress notes go to stderr; stdout carries only the drill lines. */
    static void log(String message) {
        System.err.println("  " + message);
    }
}
