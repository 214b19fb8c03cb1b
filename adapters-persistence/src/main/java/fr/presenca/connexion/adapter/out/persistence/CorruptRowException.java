package fr.presenca.connexion.adapter.out.persistence;

/** A stored row that the domain refuses to restore: a bug or a hand edit, never the caller's fault. */
final class CorruptRowException extends IllegalStateException {

    CorruptRowException(String message) {
        super(message);
    }
}
