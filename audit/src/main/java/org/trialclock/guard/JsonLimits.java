package org.trialclock.guard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * The REST layer's JSON reader, bounded (both services; Quarkus applies every {@link ObjectMapperCustomizer}):
 * a number literal of at most {@value #MAX_NUMBER_LENGTH} characters and nesting at most {@value #MAX_DEPTH} deep
 * (Jackson's {@link StreamReadConstraints}), and every decimal field within {@link Decimals#RULE}. The length limit
 * alone does not stop {@code 1e-1000000000}, thirteen characters whose plain form is a billion, so the decimal
 * deserializer checks scale and precision as it reads. The bodies themselves are capped by {@link BodyLimit}.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {
    static final int MAX_NUMBER_LENGTH = Decimals.MAX_TEXT_LENGTH;
    static final int MAX_DEPTH = 32;
    static final String RULE = "a number of at most " + MAX_NUMBER_LENGTH + " characters, nesting at most "
            + MAX_DEPTH + " levels deep";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH).maxNestingDepth(MAX_DEPTH).build());
        mapper.registerModule(new SimpleModule("trialclock-bounded-decimals")
                .addDeserializer(BigDecimal.class, new BoundedDecimal()));
    }

    /** Jackson's own BigDecimal reading, then the bounds: a value outside them is named like a wrongly typed one. */
    static final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value = super.deserialize(p, ctxt);
            var problem = Decimals.problem(value);
            if (problem.isPresent()) {
                throw new OutOfBounds(p, problem.get(), value);
            }
            return value;
        }
    }

    /** A number that is well-formed JSON but outside {@link Decimals#RULE}; {@link JsonFault} names its field. */
    public static final class OutOfBounds extends InvalidFormatException {
        OutOfBounds(JsonParser p, String reason, BigDecimal value) {
            super(p, reason, value, BigDecimal.class);
        }
    }
}
