package org.trialclock.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema of each event type, from {@code schemas/<type>.json} on the classpath. Producers' tests call
 * {@link #violations} on everything they publish, so the schemas and the code cannot drift apart silently.
 */
public final class EventSchemas {
    private static final String BASE = "https://trialclock.org/schemas/";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE, "classpath:schemas/")));
    // Draft 2020-12 treats "format" as an annotation by default; dates must really be dates here.
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> byType = new ConcurrentHashMap<>();

    /** The reasons the payload does not fit the schema of its type; empty when it fits. */
    public List<String> violations(String type, JsonNode payload) {
        if (!EventTypes.ALL.contains(type)) {
            return List.of("unknown event type " + type);
        }
        JsonSchema schema = byType.computeIfAbsent(type,
                t -> factory.getSchema(SchemaLocation.of(BASE + t + ".json"), config));
        return schema.validate(payload).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
