package org.trialclock.schedule.protocol;

/** Window and reminder lead time for every task of one kind, unless an activity says otherwise. */
public record TaskDefault(String window, int reminderDays, String source, String quote) {

    public Window asWindow() {
        return new Window(window, source, quote);
    }
}
