package org.trialclock.guard;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What is wrong with a request body Jackson could not read, in the client's words: the field's path and a reason
 * that names JSON types ("a number"), never a Java class, a parser's internals or a stack trace. Both services'
 * problem mappers turn it into their 400. Unknown fields are refused ({@code quarkus.jackson.fail-on-unknown-
 * properties=true}): a misspelt field silently ignored would store a patient's schedule without the value sent.
 *
 * @param field the path ({@code anchors.HSCT}, {@code members[0].role}), or null when the body is not JSON at all
 */
public record JsonFault(String field, String reason) {

    public static JsonFault of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new JsonFault(path(u), "unknown field" + known(u));
        }
        if (e instanceof JsonLimits.OutOfBounds o) {
            return new JsonFault(path(o), "'" + shorten(String.valueOf(o.getValue())) + "' " + o.getOriginalMessage());
        }
        if (e instanceof InvalidFormatException f) {
            return new JsonFault(path(f), "'" + shorten(String.valueOf(f.getValue())) + "' is not " + kind(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            return new JsonFault(field, m.getTargetType() == null ? "wrong type or missing value"
                    : "must be " + kind(m.getTargetType()));
        }
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return new JsonFault(e instanceof JsonMappingException m ? path(m) : null, "too long: " + JsonLimits.RULE);
        }
        if (e instanceof JsonMappingException m && e.getCause() instanceof InputCoercionException) {
            // a whole number beyond the field's range ("ageYears": 12345678901234567890)
            return new JsonFault(path(m), "is out of range");
        }
        if (e instanceof InputCoercionException) {
            return new JsonFault(null, "a number is out of range");
        }
        if (e instanceof JsonParseException p && p.getLocation() != null) {
            return new JsonFault(null, "not valid JSON (line " + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr() + ")");
        }
        return new JsonFault(null, "not valid JSON");
    }

    /** A JSON word for what the field takes. */
    static String kind(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == BigDecimal.class || type == double.class
                || type == float.class) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date or time in ISO 8601";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object";
    }

    private static String known(UnrecognizedPropertyException u) {
        if (u.getKnownPropertyIds() == null || u.getKnownPropertyIds().isEmpty()) {
            return "";
        }
        return "; known fields: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String shorten(String value) {
        String printable = value.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
