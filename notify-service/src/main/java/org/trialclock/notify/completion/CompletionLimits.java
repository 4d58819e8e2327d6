package org.trialclock.notify.completion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much a caller may put into a completion or acknowledgement, and so into the {@code task.completed} event:
 * a few kilobytes say everything a nurse records, and an event that stays small is never refused by Kafka.
 */
@ConfigMapping(prefix = "trialclock.completion")
public interface CompletionLimits {
    /** Characters of {@code by}: a person's name or user id. */
    @WithDefault("100")
    int maxByLength();

    /** Bytes of {@code result} written as JSON (UTF-8): MRD, GVHD grade, counts and a note fit in far less. */
    @WithDefault("4096")
    int maxResultBytes();
}
