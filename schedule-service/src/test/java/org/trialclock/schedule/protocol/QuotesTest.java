package org.trialclock.schedule.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every rule marked {@code source: text} quotes the trial's own registry text ({@code ../shared/seeds/} beside the
 * repository): each fragment of its quote ("..." separates fragments) appears in that protocol's seed, whitespace
 * and typography aside. A quote the text does not contain would make a default look like the trial's word.
 */
class QuotesTest {

    static final YAMLMapper YAML = new YAMLMapper();

    /** {@code <repo root>/../shared/seeds}; TRIALCLOCK_SEEDS overrides it (a worktree that is not beside shared/). */
    static Path seeds() {
        String override = System.getenv("TRIALCLOCK_SEEDS");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (where mvnw is) above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir.getParent().resolve("shared").resolve("seeds");
    }

    /** Case kept; spaces, quotes, dashes, markdown escapes and unicode forms made alike. */
    static String normalised(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace('\u201c', '"').replace('\u201d', '"').replace('\u2018', '\'').replace('\u2019', '\'')
                .replace('\u2013', '-').replace('\u2014', '-').replace('\u2212', '-').replace('\u00a0', ' ')
                .replace("\\", "");
        return s.replaceAll("\\s+", " ").trim();
    }

    record Quote(String where, String text) {}

    static List<Quote> quotes(String file, JsonNode node, String path) {
        List<Quote> found = new ArrayList<>();
        if (node.isObject()) {
            if ("text".equals(node.path("source").asText()) && node.hasNonNull("quote")) {
                found.add(new Quote(file + " " + path, node.get("quote").asText()));
            }
            if ("text".equals(node.path("lengthSource").asText()) && node.hasNonNull("lengthQuote")) {
                found.add(new Quote(file + " " + path + "/lengthQuote", node.get("lengthQuote").asText()));
            }
            if ("text".equals(node.path("designSource").asText()) && node.hasNonNull("designQuote")) {
                found.add(new Quote(file + " " + path + "/designQuote", node.get("designQuote").asText()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                found.addAll(quotes(file, field.getValue(), path + "/" + field.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(quotes(file, node.get(i), path + "/" + i));
            }
        }
        return found;
    }

    @Test
    void every_quote_marked_source_text_appears_in_the_trials_registry_text() throws IOException {
        Path seeds = seeds();
        assertThat(seeds).as("the registry texts must be beside the repository (../shared/seeds) for this check")
                .isDirectory();
        List<String> texts;
        try (Stream<Path> files = Files.list(seeds)) {
            texts = files.filter(p -> p.toString().endsWith(".txt")).sorted().map(QuotesTest::read)
                    .map(QuotesTest::normalised).toList();
        }
        assertThat(texts).as("seed texts in " + seeds).isNotEmpty();

        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (ProtocolSource source : ProtocolCatalog.shipped()) {
            JsonNode protocol = YAML.readTree(source.yaml());
            String seed = seedOf(protocol, texts);
            assertThat(seed).as("the registry text of " + source.name()).isNotNull();
            for (Quote quote : quotes(source.name(), protocol, "")) {
                for (String fragment : normalised(quote.text()).split("\\.\\.\\.|\u2026")) {
                    String f = fragment.trim();
                    checked++;
                    if (!f.isEmpty() && !seed.contains(f)) {
                        missing.add(quote.where() + ": \"" + f + "\"");
                    }
                }
            }
        }
        assertThat(checked).as("quotes checked").isGreaterThan(50);
        assertThat(missing).as("quotes not found in the registry text").isEmpty();
    }

    /**
     * The seed that names the protocol's registration number most often (another seed may list it among related
     * trials), else the one opening with the first words of its title (BLINA-PRE-HSCT-RCT has no number).
     */
    private static String seedOf(JsonNode protocol, List<String> texts) {
        String registration = protocol.path("registration").asText();
        String[] words = normalised(protocol.path("title").asText()).split(" ");
        String titleStart = String.join(" ", java.util.Arrays.copyOf(words, Math.min(8, words.length)));
        return texts.stream().filter(t -> t.contains(registration))
                .max(java.util.Comparator.comparingInt(t -> t.split(java.util.regex.Pattern.quote(registration), -1).length))
                .orElseGet(() -> texts.stream().filter(t -> t.contains(titleStart)).findFirst().orElse(null));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
