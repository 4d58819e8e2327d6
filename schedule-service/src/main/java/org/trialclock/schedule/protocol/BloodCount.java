package org.trialclock.schedule.protocol;

import java.math.BigDecimal;

/** Blood-count thresholds (x10^9/L) that a LAB_RESULT dated after {@code after} must meet. */
public record BloodCount(String after, BigDecimal wbcAtLeast, BigDecimal pltAtLeast) {

    public boolean metBy(BigDecimal wbc, BigDecimal plt) {
        return wbc != null && plt != null && wbc.compareTo(wbcAtLeast) >= 0 && plt.compareTo(pltAtLeast) >= 0;
    }
}
