package org.trialclock.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peak resident memory and CPU seconds of each process of the run, from Linux's /proc: VmHWM is the kernel's own
 * high-water mark of the resident set, so a peak between two samples is not missed; CPU is user + system time
 * since the meter first saw the process (clock ticks of 1/100 s, Linux's USER_HZ).
 */
final class ProcessMeter implements AutoCloseable {
    private record Seen(long pid, double firstCpu, double lastCpu, long peakKb) {}

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProcessMeter(Map<String, Long> pids) {
        watched.putAll(pids);
        watched.put("bench", ProcessHandle.current().pid());
        sample();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-meter");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(String name, long pid) {
        watched.put(name, pid);
        sample();
    }

    /** Takes a last reading of a process about to end, then stops watching it. */
    void done(String name) {
        sample();
        watched.remove(name);
    }

    synchronized void sample() {
        watched.forEach((name, pid) -> {
            try {
                String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                long hwm = 0;
                for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                Seen old = seen.get(name);
                seen.put(name, old == null || old.pid != pid ? new Seen(pid, cpu, cpu, hwm)
                        : new Seen(pid, old.firstCpu, cpu, Math.max(old.peakKb, hwm)));
            } catch (IOException | RuntimeException gone) {
                // the process ended between two samples: its last reading stands
            }
        });
    }

    Map<String, Double> peakRssMb() {
        Map<String, Double> m = new LinkedHashMap<>();
        seen.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.put(e.getKey(), Math.round(e.getValue().peakKb / 1024.0 * 10) / 10.0));
        return m;
    }

    Map<String, Double> cpuSeconds() {
        Map<String, Double> m = new LinkedHashMap<>();
        seen.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.put(e.getKey(), Math.round((e.getValue().lastCpu - e.getValue().firstCpu) * 10) / 10.0));
        return m;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
