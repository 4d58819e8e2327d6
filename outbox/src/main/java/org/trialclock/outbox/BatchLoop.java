package org.trialclock.outbox;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One background thread that works in batches: it repeats while a batch comes back full, then sleeps until it is
 * woken (a commit in this process, a clock move) or its next look is due. A failed batch is logged and tried again
 * after {@code retryAfter}. The outbox relay, the dispatcher and the courier each run one.
 *
 * <p>Hand-written rather than {@code @Scheduled}: the scheduler runs on a fixed period and cannot be woken the
 * moment a transaction commits, which is what keeps an event's delay in milliseconds, not a polling period.
 */
public final class BatchLoop {
    private static final Logger LOG = Logger.getLogger(BatchLoop.class);

    /** One batch; returns how many items it handled. */
    @FunctionalInterface
    public interface Batch {
        int run() throws InterruptedException;
    }

    private final String name;
    private final int fullBatch;
    private final Batch batch;
    private final Supplier<Duration> idleSleep;
    private final Duration retryAfter;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;

    public BatchLoop(String name, int fullBatch, Batch batch, Supplier<Duration> idleSleep, Duration retryAfter) {
        this.name = name;
        this.fullBatch = fullBatch;
        this.batch = batch;
        this.idleSleep = idleSleep;
        this.retryAfter = retryAfter;
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        wakeUp.release();
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Whether the caller is this loop's own thread (inside one of its batches). */
    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Look again now rather than at the end of the current sleep. */
    public void wakeUp() {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            try {
                while (running && batch.run() >= fullBatch) {
                    // a full batch: more may be waiting
                }
                sleep(idleSleep.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: batch failed, will retry in %s", name, retryAfter);
                try {
                    sleep(retryAfter);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void sleep(Duration duration) throws InterruptedException {
        wakeUp.tryAcquire(Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
    }
}
