package org.trialclock.schedule.protocol;

/** A protocol file that must not be used: names the file, the JSON-pointer path inside it, and why. */
public class InvalidProtocolException extends RuntimeException {

    private final String file;
    private final String path;
    private final String reason;
    private final Integer line;

    public InvalidProtocolException(String file, String path, Integer line, String reason) {
        super(file + (line == null ? "" : ":" + line) + " at " + path + ": " + reason);
        this.file = file;
        this.path = path;
        this.reason = reason;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** Line in the YAML file, 1-based, or null when the path could not be placed. */
    public Integer line() {
        return line;
    }
}
