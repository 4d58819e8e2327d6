package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A treatment group of the trial; a single-arm trial has exactly one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Arm(String id, String title, String source, String quote) {}
