package org.trialclock.notify.channels;

/**
 * A send that timed out after it may have reached the receiver: the request was out, no answer came. It is not a
 * failure to retry blindly: the notification is UNCERTAIN and goes again with the same delivery id, which the
 * receiver uses to drop a repeat.
 */
class UncertainSend extends Exception {
    UncertainSend(String message, Throwable cause) {
        super(message, cause);
    }
}
