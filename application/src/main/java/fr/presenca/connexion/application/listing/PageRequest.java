package fr.presenca.connexion.application.listing;

import io.vavr.control.Option;

/** A page of at most {@code size} items after an optional cursor. */
public record PageRequest(int size, Option<PageCursor> after) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    public PageRequest {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 0 and " + MAX_SIZE);
        }
    }
}
