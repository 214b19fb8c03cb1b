package fr.presenca.connexion.adapter.in.graphql;

import java.util.UUID;
import java.util.regex.Pattern;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;

/** GraphQL IDs are UUID strings; anything else is a BAD_REQUEST naming the argument. */
final class Ids {

    // UUID.fromString accepts shortened forms such as "1-1-1-1-1": insist on the canonical 36 characters.
    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    static UUID parse(String value, String field) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw ApiException.badRequest(field, "must be a UUID");
        }
        return UUID.fromString(value);
    }
}
