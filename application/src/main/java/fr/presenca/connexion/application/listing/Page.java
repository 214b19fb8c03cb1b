package fr.presenca.connexion.application.listing;

import java.util.List;

/** One page of results in the stable order, and whether more follow it. */
public record Page<T>(List<T> items, boolean hasNext) {

    public Page {
        items = List.copyOf(items);
    }
}
