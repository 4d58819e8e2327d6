package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Turns the text of one protocol file into a checked {@link Protocol}: YAML, then JSON Schema, then meaning. */
final class ProtocolReader {

    static final String SCHEMA = "/protocols/protocol.schema.json";

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();
    private final JsonSchema schema = loadSchema();

    Protocol read(ProtocolSource source) {
        String file = source.name();
        Map<String, Integer> lines = lineNumbers(file, source.yaml());
        JsonNode tree;
        try {
            tree = yaml.readTree(source.yaml());
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProtocolException(file, "", 1, "the file is empty or is not a YAML mapping");
        }
        Set<ValidationMessage> problems = schema.validate(tree);
        if (!problems.isEmpty()) {
            // Several messages usually share one cause; report the first by path, deterministically.
            ValidationMessage first = problems.stream()
                    .min(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                            .thenComparing(ValidationMessage::getMessage))
                    .orElseThrow();
            String path = first.getInstanceLocation().toString();
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more schema problems)" : "";
            throw new InvalidProtocolException(file, path, lineOf(lines, path), first.getMessage() + more);
        }
        Protocol protocol;
        try {
            protocol = yaml.treeToValue(tree, Protocol.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidProtocolException(file, "", null, "cannot be read: " + e.getMessage());
        }
        new ProtocolCheck(protocol, (path, reason) -> new InvalidProtocolException(file, path, lineOf(lines, path), reason))
                .run();
        String expectedName = protocol.id() + "-v" + protocol.version() + ".yaml";
        if (!expectedName.equals(file)) {
            // A copied file whose version was not bumped would otherwise silently replace its original.
            throw new InvalidProtocolException(file, "/version", lineOf(lines, "/version"),
                    "file name must be " + expectedName + " (id-v<version>.yaml)");
        }
        return protocol;
    }

    /**
     * Maps each JSON pointer in the document to the line it starts on. The tree model does not keep token
     * locations, so the file is streamed once more with the parser, which does.
     */
    private Map<String, Integer> lineNumbers(String file, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonPointer pointer = parser.getParsingContext().pathAsPointer();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    // A container's own pointer is that of its parent's slot.
                    pointer = parser.getParsingContext().getParent() == null
                            ? JsonPointer.empty()
                            : parser.getParsingContext().getParent().pathAsPointer();
                }
                lines.putIfAbsent(pointer.toString(), parser.currentTokenLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static Integer lineOf(Map<String, Integer> lines, String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null && line > 0) {
                return line;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            p = p.substring(0, slash);
        }
    }

    private static InvalidProtocolException syntaxError(String file, JsonProcessingException e) {
        Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
        return new InvalidProtocolException(file, "", line, "not valid YAML: " + e.getOriginalMessage());
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ProtocolReader.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA + " on the classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
