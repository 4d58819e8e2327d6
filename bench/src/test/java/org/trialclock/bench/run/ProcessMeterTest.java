package org.trialclock.bench.run;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessMeterTest {

    @Test
    void readsPeakMemoryAndCpuOfLiveProcessesAndKeepsTheLastReadingOfAnEndedOne() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (ProcessMeter meter = new ProcessMeter(Map.of("sleeper", sleeper.pid()))) {
            long spin = System.nanoTime() + 300_000_000L;
            double x = 0;
            while (System.nanoTime() < spin) {
                x += Math.sqrt(x + 1);
            }
            meter.sample();
            sleeper.destroy();
            sleeper.waitFor();
            meter.done("sleeper");

            assertThat(meter.peakRssMb()).containsKeys("bench", "sleeper");
            assertThat(meter.peakRssMb().get("bench")).isGreaterThan(10.0);
            assertThat(meter.peakRssMb().get("sleeper")).isGreaterThan(0.0);
            assertThat(meter.cpuSeconds().get("bench")).as("spun %s", x).isGreaterThan(0.0);
        }
    }
}
