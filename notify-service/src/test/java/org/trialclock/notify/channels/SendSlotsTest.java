package org.trialclock.notify.channels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendSlotsTest {
    @Test
    void a_destination_gets_at_most_its_share_and_the_others_the_rest() {
        SendSlots slots = new SendSlots(4, 2);
        assertThat(slots.take("http://slow.test", 1)).isTrue();
        assertThat(slots.take("http://slow.test", 2)).isTrue();
        assertThat(slots.take("http://slow.test", 3)).isFalse();
        assertThat(slots.fullDestinations()).containsExactly("http://slow.test");
        assertThat(slots.take("smtp", 4)).isTrue();
        assertThat(slots.take("http://fast.test", 5)).isTrue();
        assertThat(slots.free()).isZero();
        assertThat(slots.take("http://other.test", 6)).isFalse();

        slots.release("http://slow.test", 1);
        assertThat(slots.fullDestinations()).isEmpty();
        assertThat(slots.take("http://slow.test", 3)).isTrue();
        assertThat(slots.inFlight()).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
    }

    @Test
    void a_notification_already_in_flight_is_not_taken_twice_and_a_double_release_frees_one_slot() {
        SendSlots slots = new SendSlots(4, 2);
        assertThat(slots.take("smtp", 7)).isTrue();
        assertThat(slots.take("smtp", 7)).isFalse();
        slots.release("smtp", 7);
        slots.release("smtp", 7);
        assertThat(slots.free()).isEqualTo(4);
        assertThat(slots.take("smtp", 8)).isTrue();
        assertThat(slots.take("smtp", 9)).isTrue();
        assertThat(slots.take("smtp", 10)).isFalse();
    }
}
