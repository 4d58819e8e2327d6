package org.trialclock.bench.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    @Test
    void theFullRunHasTheIssuesSizesAndQuickIsSmaller() {
        Settings full = Settings.parse(new String[] {"--schedule-port=1", "--pids=kafka:12,schedule-service:34"});
        Settings quick = Settings.parse(new String[] {"--quick"});

        assertThat(full.smallBurst()).isEqualTo(10_000);
        assertThat(full.bigBurst()).isEqualTo(100_000);
        assertThat(full.otherTasks()).isEqualTo(1_000_000);
        assertThat(full.enrollSeconds()).isEqualTo(60);
        assertThat(full.scheduleUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(full.pids()).containsEntry("kafka", 12L).containsEntry("schedule-service", 34L);
        assertThat(quick.bigBurst()).isLessThan(full.bigBurst());
        assertThat(quick.enrollSeconds()).isLessThan(full.enrollSeconds());
        assertThat(full.notifyPaused()).isFalse();
    }

    @Test
    void notifyServiceIsPausedOnlyWhenAsked() {
        Settings paused = Settings.parse(new String[] {"--only=burst-100k", "--notify-paused=true"});
        Settings shell = Settings.parse(new String[] {"--notify-paused=false"});

        assertThat(paused.notifyPaused()).isTrue();
        assertThat(paused.runs("burst 100k")).isTrue();
        assertThat(paused.runs("burst 10k")).isFalse();
        assertThat(shell.notifyPaused()).isFalse();
    }

    @Test
    void aStepGetsWhatItWantsWhileTimeIsLeftAndShrinksNearTheDeadline() {
        long now = Instant.now().getEpochSecond();
        Settings early = Settings.parse(new String[] {"--deadline=" + (now + 600)});
        Settings late = Settings.parse(new String[] {"--deadline=" + (now + 100)});
        Settings over = Settings.parse(new String[] {"--deadline=" + (now - 10)});

        assertThat(early.budget(60, 300)).isEqualTo(Duration.ofSeconds(60));
        assertThat(late.budget(60, 70).toSeconds()).isBetween(28L, 30L);
        assertThat(over.budget(60, 0)).isEqualTo(Duration.ofSeconds(5));
    }
}
