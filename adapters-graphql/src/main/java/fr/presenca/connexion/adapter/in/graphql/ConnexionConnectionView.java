package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;

/** The GraphQL {@code ConnexionConnection}, {@code ConnexionEdge} and {@code PageInfo} types. */
record ConnexionConnectionView(List<Edge> edges, PageInfo pageInfo) {

    record Edge(String cursor, ConnexionView node) {
    }

    record PageInfo(boolean hasNextPage, String endCursor) {
    }
}
