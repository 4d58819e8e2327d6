package org.trialclock.outbox;

/** An event larger than {@link RelayConfig#maxPayloadBytes()}: refused before anything is written. */
public class OversizedEvent extends IllegalArgumentException {
    public OversizedEvent(String type, int bytes, int limit) {
        super("event " + type + " is " + bytes + " bytes, more than the " + limit + " an event may carry");
    }
}
