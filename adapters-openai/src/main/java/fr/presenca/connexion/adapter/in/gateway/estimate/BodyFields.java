package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

/** Reading and checking the scalar fields of a body; {@code null} in JSON means the field is not set, as for OpenAI. */
final class BodyFields {

    private BodyFields() {
    }

    /** The field, or none when it is absent or JSON {@code null}. */
    static Option<JsonNode> field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? Option.none() : Option.some(value);
    }

    static boolean isSet(JsonNode body, String name) {
        return field(body, name).isDefined();
    }

    /** An integer in {@code min..max}, or none when not set. */
    static Either<EstimateProblem, Option<Integer>> integerIn(JsonNode body, String name, int min, int max) {
        Option<JsonNode> value = field(body, name);
        if (value.isEmpty()) {
            return Either.right(Option.none());
        }
        JsonNode node = value.get();
        boolean inRange = node.isIntegralNumber() && node.canConvertToLong()
                && node.longValue() >= min && node.longValue() <= max;
        if (!inRange) {
            String range = max == Integer.MAX_VALUE ? "a positive integer" : "an integer from " + min + " to " + max;
            return Either.left(EstimateProblem.of(name, "'" + name + "' must be " + range + "."));
        }
        return Either.right(Option.some(node.intValue()));
    }

    /** A token cap: a positive integer, or none when not set. */
    static Either<EstimateProblem, Option<Integer>> tokenCap(JsonNode body, String name) {
        return integerIn(body, name, 1, Integer.MAX_VALUE);
    }

    /** A boolean, false when not set. */
    static Either<EstimateProblem, Boolean> flag(JsonNode body, String name, String param) {
        Option<JsonNode> value = field(body, name);
        if (value.isEmpty()) {
            return Either.right(false);
        }
        if (!value.get().isBoolean()) {
            return Either.left(EstimateProblem.of(param, "'" + param + "' must be a boolean."));
        }
        return Either.right(value.get().booleanValue());
    }

    /** A short description of a JSON value's type for messages, never the value itself. */
    static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isArray() ? "an array" : "an object";
    }
}
