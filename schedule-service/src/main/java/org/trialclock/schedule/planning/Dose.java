package org.trialclock.schedule.planning;

import java.math.BigDecimal;

/**
 * The dose on a task. {@code absolute} is amount x weightKg when the dose is per kg. {@code text} is what a
 * nurse reads ("28 ug/day", "1x10^7 CD3+ cells/kg (6.25x10^8 for 62.5 kg)", or "per protocol" when the
 * registry text gives no dose).
 */
public record Dose(BigDecimal amount, String unit, String per, BigDecimal absolute, String text) {}
