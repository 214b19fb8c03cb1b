package fr.presenca.connexion.domain.connexion;

import io.vavr.collection.Stream;
import io.vavr.control.Option;

/** Kind of client a connexion serves; {@link #code()} is the value stored in client_type. */
public enum ClientType {
    /** A real-estate network (the seed default). */
    RESEAU("reseau"),
    /** An agency belonging to a network. */
    RESEAU_AGENCE("reseau_agence"),
    /** An agency outside any network. */
    AGENCE_INDEPENDANTE("agence_independante");

    /** The seed's column default. */
    public static final ClientType DEFAULT = RESEAU;

    private final String code;

    ClientType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Exact, case-sensitive match on the stored code, as the database CHECK constraint is. */
    public static Option<ClientType> fromCode(String code) {
        return Stream.of(values()).find(t -> t.code.equals(code));
    }
}
