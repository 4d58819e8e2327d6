package org.trialclock.bench.drill;

/**
 * What a drill counted (see {@link org.trialclock.bench.stack.Tally}) and how long it took, stack start included;
 * {@code rawMail} and {@code rawWebhook} are every message the SMTP server accepted and every post the webhook
 * receiver read, alerts or not, repeats included.
 */
public record DrillResult(String drill, int expected, int lost, int duplicated, long seconds, int rawMail,
                          int rawWebhook) {

    /** The line bench/drills.sh prints: the raw counts after the fields scripts and tests read, on the same line. */
    public String line() {
        return "drill=%s expected=%d lost=%d duplicated=%d seconds=%d raw_mail=%d raw_webhook=%d"
                .formatted(drill, expected, lost, duplicated, seconds, rawMail, rawWebhook);
    }
}
