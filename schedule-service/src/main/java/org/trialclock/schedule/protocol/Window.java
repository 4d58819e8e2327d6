package org.trialclock.schedule.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A window written like the protocol writes it: "-3/+7" is 3 days before to 7 days after the due date,
 * both ends included.
 */
public record Window(String days, String source, String quote) {

    static final Pattern SPAN = Pattern.compile("([+-]\\d+)/([+-]\\d+)");

    public int startOffset() {
        return part(1);
    }

    public int endOffset() {
        return part(2);
    }

    public boolean containsDueDate() {
        return startOffset() <= 0 && endOffset() >= 0;
    }

    private int part(int group) {
        Matcher m = SPAN.matcher(days);
        if (!m.matches()) {
            throw new IllegalStateException("unchecked window: " + days);
        }
        return Integer.parseInt(m.group(group));
    }
}
