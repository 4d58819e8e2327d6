package org.trialclock.schedule.protocol;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads every protocol file at start-up; a bad file stops the service (with the file, path and reason) instead
 * of planning wrong dates later: the shipped files, then a site's own folder ({@code trialclock.protocols.dir}).
 */
@ApplicationScoped
public class ProtocolCatalogProducer {

    @Produces
    @Singleton
    @Startup
    ProtocolCatalog catalog(ProtocolsConfig config) {
        List<ProtocolSource> sources = new ArrayList<>(ProtocolCatalog.shipped());
        config.dir().ifPresent(dir -> sources.addAll(site(dir)));
        return ProtocolCatalog.load(sources);
    }

    private static List<ProtocolSource> site(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .map(f -> new ProtocolSource(f.toString(), read(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list protocol folder " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read protocol file " + file, e);
        }
    }
}
