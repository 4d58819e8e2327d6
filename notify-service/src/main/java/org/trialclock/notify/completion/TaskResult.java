package org.trialclock.notify.completion;

import org.trialclock.guard.Decimals;
import org.trialclock.notify.problem.Problem.FieldError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The results a completion may carry and the bounds that make them plausible: MRD % and method for a marrow check,
 * GVHD kind, grade and activity for a GVHD assessment, WBC and PLT for a blood count. A value outside them is a
 * typing mistake, and a wrong MRD or grade would steer the patient's next cycle, so it is refused, not stored.
 */
final class TaskResult {
    private static final Set<String> MRD_METHODS = Set.of("FLOW", "NGS", "PCR");
    private static final Set<String> GVHD_KINDS = Set.of("ACUTE", "CHRONIC");
    /** Counts in 10^9/L: beyond these a value is a unit mistake (a platelet count per µL, 150000). */
    static final BigDecimal MAX_WBC = BigDecimal.valueOf(1000);
    static final BigDecimal MAX_PLT = BigDecimal.valueOf(5000);

    private TaskResult() {
    }

    static List<FieldError> problems(Map<String, Object> result) {
        List<FieldError> errors = new ArrayList<>();
        if (result == null) {
            return errors;
        }
        if (result.containsKey("mrdPercent") && result.get("method") == null) {
            // Positivity thresholds differ by method (FLOW 0.01%, NGS 0.0001%): a result is never guessed to be flow.
            errors.add(new FieldError("result.method", "an MRD result needs its method, one of "
                    + MRD_METHODS.stream().sorted().toList()));
        }
        result.forEach((key, value) -> {
            String field = "result." + key;
            switch (key) {
                case "mrdPercent" -> number(field, value, BigDecimal.ZERO, BigDecimal.valueOf(100), errors);
                case "method" -> oneOf(field, value, MRD_METHODS, errors);
                case "gvhdKind", "kind" -> oneOf(field, value, GVHD_KINDS, errors);
                case "grade" -> {
                    if (!(value instanceof Integer) || (Integer) value < 0 || (Integer) value > 4) {
                        errors.add(new FieldError(field, "a GVHD grade is a whole number from 0 to 4"));
                    }
                }
                case "wbc" -> number(field, value, BigDecimal.ZERO, MAX_WBC, errors);
                case "plt" -> number(field, value, BigDecimal.ZERO, MAX_PLT, errors);
                default -> {
                    // other observations (activity, notes, units) are kept as given, numbers within bounds
                    if (value instanceof Number) {
                        var reading = Decimals.read(value);
                        if (!reading.ok()) {
                            errors.add(new FieldError(field, reading.problem()));
                        }
                    }
                }
            }
        });
        return errors;
    }

    private static void number(String field, Object value, BigDecimal min, BigDecimal max, List<FieldError> errors) {
        if (!(value instanceof Number)) {
            errors.add(new FieldError(field, "must be a number"));
            return;
        }
        // bounded first (1e400 reads as Infinity, 1e-1000000000 has a billion decimals), then the field's range
        var reading = Decimals.read(value);
        if (!reading.ok()) {
            errors.add(new FieldError(field, reading.problem()));
        } else if (reading.value().compareTo(min) < 0 || reading.value().compareTo(max) > 0) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    private static void oneOf(String field, Object value, Set<String> allowed, List<FieldError> errors) {
        if (!(value instanceof String s) || !allowed.contains(s)) {
            errors.add(new FieldError(field, "one of " + allowed.stream().sorted().toList()));
        }
    }
}
