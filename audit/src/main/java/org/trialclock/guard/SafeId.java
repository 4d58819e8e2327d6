package org.trialclock.guard;

import java.util.regex.Pattern;

/**
 * The shape of subject, site and team ids: letters, digits, '.', '_' and '-', starting with a letter or digit,
 * at most 64 characters. They travel in paths, events, emails, calendar feeds and log lines, so nothing that could
 * be markup, a path separator or a control character gets in.
 */
public final class SafeId {
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String RULE = "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64";

    private SafeId() {
    }

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
