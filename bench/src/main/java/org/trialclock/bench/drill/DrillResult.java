package org.trialclock.bench.drill;

/** What a drill counted (see {@link org.trialclock.bench.stack.Tally}) and how long it took, stack start included. */
public record DrillResult(String drill, int expected, int lost, int duplicated, long seconds) {

    /** The line bench/drills.sh prints. */
    public String line() {
        return "drill=%s expected=%d lost=%d duplicated=%d seconds=%d".formatted(drill, expected, lost, duplicated, seconds);
    }
}
