package fr.presenca.connexion.application.verification;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one periodic verification round did.
 *
 * @param ran      false when another instance was running a round (this one then did nothing)
 * @param outcomes how many connexions ended each way (every outcome present, 0 when none)
 */
public record VerificationRound(boolean ran, Map<VerificationOutcome, Integer> outcomes) {

    public VerificationRound {
        Objects.requireNonNull(outcomes, "outcomes");
        EnumMap<VerificationOutcome, Integer> all = new EnumMap<>(VerificationOutcome.class);
        for (VerificationOutcome outcome : VerificationOutcome.values()) {
            all.put(outcome, outcomes.getOrDefault(outcome, 0));
        }
        outcomes = Collections.unmodifiableMap(all);
    }

    /** Another instance holds the round. */
    public static VerificationRound skipped() {
        return new VerificationRound(false, Map.of());
    }

    /** How many connexions this round checked with OpenAI or tried to. */
    public int checked() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum() - outcomes.get(VerificationOutcome.GONE);
    }
}
