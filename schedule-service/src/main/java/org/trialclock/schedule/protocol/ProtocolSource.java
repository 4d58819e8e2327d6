package org.trialclock.schedule.protocol;

/** The text of one protocol file; {@code name} is the file name, quoted in errors. */
public record ProtocolSource(String name, String yaml) {}
