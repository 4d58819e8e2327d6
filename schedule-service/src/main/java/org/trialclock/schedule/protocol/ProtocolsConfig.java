package org.trialclock.schedule.protocol;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "trialclock.protocols")
public interface ProtocolsConfig {
    /**
     * A folder of protocol files that a site keeps beside the shipped ones (a changed default, an amendment).
     * A file there with the same id and version as a shipped one is refused: versions never change in place.
     */
    Optional<Path> dir();
}
