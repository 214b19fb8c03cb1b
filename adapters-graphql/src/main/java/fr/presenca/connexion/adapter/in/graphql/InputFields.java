package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.domain.connexion.Patch;
import io.vavr.control.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a GraphQL input object received as a map, where "absent" and "explicitly null" differ: absent keeps a
 * field, null clears it. Values are already coerced by the schema (Int, Decimal, enum names, JSON).
 */
final class InputFields {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> input;

    InputFields(Map<String, Object> input) {
        this.input = input == null ? Map.of() : input;
    }

    Option<String> text(String name) {
        return Option.of((String) input.get(name));
    }

    Option<Integer> integer(String name) {
        return Option.of((Integer) input.get(name));
    }

    Option<BigDecimal> decimal(String name) {
        return Option.of((BigDecimal) input.get(name));
    }

    Option<UUID> id(String name) {
        return Option.of((String) input.get(name)).map(value -> Ids.parse(value, name));
    }

    @SuppressWarnings("unchecked")
    Option<List<String>> strings(String name) {
        return Option.of((List<String>) input.get(name));
    }

    /** A JSON value as text, for the domain which keeps JSON opaque. */
    Option<String> json(String name) {
        return Option.of(input.get(name)).map(JSON::writeValueAsString);
    }

    <T> Patch<T> patch(String name, Class<T> type) {
        if (!input.containsKey(name)) {
            return Patch.keep();
        }
        Object value = input.get(name);
        return value == null ? Patch.clear() : Patch.set(type.cast(value));
    }

    void refuseNull(String... names) {
        for (String name : names) {
            if (input.containsKey(name) && input.get(name) == null) {
                throw ApiException.badRequest(name, "cannot be null");
            }
        }
    }
}
