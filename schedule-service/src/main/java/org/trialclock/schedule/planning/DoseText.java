package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import org.trialclock.schedule.protocol.DoseSpec;
import org.trialclock.schedule.protocol.DoseStep;

/** Turns a protocol dose step into the dose a task carries, with the absolute dose for weight-based ones. */
final class DoseText {

    static final String PER_PROTOCOL = "per protocol";
    private static final BigDecimal SCIENTIFIC_FROM = BigDecimal.valueOf(100_000);

    private DoseText() {}

    static Dose of(DoseStep step, BigDecimal weightKg) {
        if (step == null || step.amount() == null) {
            // The registry text gives no dose: say so rather than invent one.
            return new Dose(null, null, null, null, step != null && step.text() != null ? step.text() : PER_PROTOCOL);
        }
        String text = format(step.amount()) + " " + step.unit() + "/" + step.per();
        BigDecimal absolute = null;
        if (DoseSpec.PER_KG.equals(step.per()) && weightKg != null) {
            absolute = step.amount().multiply(weightKg).stripTrailingZeros();
            text += " (" + format(absolute) + " for " + weightKg.stripTrailingZeros().toPlainString() + " kg)";
        }
        return new Dose(step.amount(), step.unit(), step.per(), absolute, text);
    }

    /** Cell doses read as 6.25x10^8, as on the order sheet; small doses as plain numbers. */
    static String format(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.abs().compareTo(SCIENTIFIC_FROM) < 0) {
            return v.toPlainString();
        }
        int exponent = v.precision() - v.scale() - 1;
        return v.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "x10^" + exponent;
    }
}
