package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/** MRD at or above {@code atOrAbove} percent, measured by {@code method}, is positive. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MrdThreshold(String method, BigDecimal atOrAbove, String source, String quote) {}
