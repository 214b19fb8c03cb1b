package fr.presenca.connexion.adapter.in.graphql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.listing.PageCursor;

/** Opaque Relay cursors: a versioned position (creation instant, id), base64url so clients do not parse it. */
final class Cursors {

    private static final String VERSION = "c1";

    private Cursors() {
    }

    static String encode(PageCursor cursor) {
        String plain = VERSION + ":" + cursor.createdAt() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor, String field) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 2);
            int lastColon = parts.length == 2 ? parts[1].lastIndexOf(':') : -1;
            if (!VERSION.equals(parts[0]) || lastColon < 0) {
                throw ApiException.badRequest(field, "not a cursor of this listing");
            }
            return new PageCursor(Instant.parse(parts[1].substring(0, lastColon)),
                    UUID.fromString(parts[1].substring(lastColon + 1)));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(field, "not a cursor of this listing");
        }
    }
}
