package org.trialclock.bench.run;

import java.io.IOException;

/**
 * A process held still with SIGSTOP until closed (SIGCONT): notify-service while db-scheduler runs, and with
 * {@code --notify-paused} while a burst is dispatched, so neither competes with it for the two cores. Java's
 * ProcessHandle can only end a process, not stop one, hence kill(1).
 */
final class Paused implements AutoCloseable {
    private final long pid;

    private Paused(long pid) {
        this.pid = pid;
    }

    static Paused stop(long pid) throws IOException, InterruptedException {
        signal("-STOP", pid);
        return new Paused(pid);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        signal("-CONT", pid);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill " + signal + " " + pid + " exited with " + exit);
        }
    }
}
