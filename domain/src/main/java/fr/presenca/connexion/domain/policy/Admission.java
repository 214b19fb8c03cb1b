package fr.presenca.connexion.domain.policy;

/**
 * A policy's consent. Carries nothing yet: it is a record so that a policy could later attach
 * conditions without changing the {@link AdmissionPolicy} signature.
 */
public record Admission() {

    private static final Admission GRANTED = new Admission();

    public static Admission granted() {
        return GRANTED;
    }
}
