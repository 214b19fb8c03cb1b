package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;
import java.util.function.Function;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageCursor;
import fr.presenca.connexion.application.listing.PageRequest;
import io.vavr.control.Option;

/**
 * The Relay cursor connections of the schema ({@code ConnexionConnection}, {@code UsageEventConnection}, their
 * edges and the shared {@code PageInfo}), and the one way the listings read {@code first}/{@code after} and turn
 * a page into edges with opaque cursors.
 */
record RelayConnection<N>(List<Edge<N>> edges, PageInfo pageInfo) {

    /** {@code ConnexionEdge}, {@code UsageEventEdge}. */
    record Edge<N>(String cursor, N node) {
    }

    /** {@code PageInfo}. */
    record PageInfo(boolean hasNextPage, String endCursor) {
    }

    /**
     * The page asked for: {@code first} items (default {@link PageRequest#DEFAULT_SIZE}, capped at
     * {@link PageRequest#MAX_SIZE}, never negative) after the decoded {@code after} cursor.
     */
    static PageRequest pageRequest(Integer first, String after) {
        int size = first == null ? PageRequest.DEFAULT_SIZE : first;
        if (size < 0) {
            throw ApiException.badRequest("first", "must not be negative");
        }
        return new PageRequest(Math.min(size, PageRequest.MAX_SIZE),
                Option.of(after).map(cursor -> Cursors.decode(cursor, "after")));
    }

    /** The page's items as edges in their order, each with its position's cursor; the end cursor is the last one's. */
    static <T, N> RelayConnection<N> of(Page<T> page, Function<T, PageCursor> position, Function<T, N> node) {
        List<Edge<N>> edges = page.items().stream()
                .map(item -> new Edge<>(Cursors.encode(position.apply(item)), node.apply(item)))
                .toList();
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new RelayConnection<>(edges, new PageInfo(page.hasNext(), endCursor));
    }
}
