package org.trialclock.bench.drill;

/** A drill's burst size: its default, or {@code DRILL_TASKS} for every drill (a short run, or a bigger one). */
final class BurstSize {
    private BurstSize() {
    }

    static int orDefault(int tasks) {
        String override = System.getenv("DRILL_TASKS");
        return override == null || override.isBlank() ? tasks : Integer.parseInt(override);
    }
}
