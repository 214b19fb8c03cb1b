package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.collection.List;
import io.vavr.control.Either;

import java.util.Objects;

/**
 * An ordered composition: evaluates its policies in order and answers the first denial, or
 * allows when all allow. The order decides which reason a caller sees when several apply.
 */
public final class AdmissionPolicies implements AdmissionPolicy {

    private final List<AdmissionPolicy> policies;
    /** Whether the invariants are already part of this composition ({@link #guarded}). */
    private final boolean guarded;

    private AdmissionPolicies(List<AdmissionPolicy> policies, boolean guarded) {
        this.policies = policies;
        this.guarded = guarded;
    }

    public static AdmissionPolicies of(Iterable<? extends AdmissionPolicy> policies) {
        Objects.requireNonNull(policies, "policies");
        // Flattened so that chained andThen calls stay one readable list.
        return new AdmissionPolicies(List.<AdmissionPolicy>ofAll(policies)
                .peek(p -> Objects.requireNonNull(p, "policy"))
                .flatMap(p -> p instanceof AdmissionPolicies ? ((AdmissionPolicies) p).policies : List.of(p)), false);
    }

    public static AdmissionPolicies of(AdmissionPolicy... policies) {
        return of(List.of(policies));
    }

    /**
     * The built-in chain, in this order: status, model allow-list, model priced (when there is a
     * budget), daily quota, monthly budget (including holds).
     */
    public static AdmissionPolicies builtIn() {
        return of(new StatusPolicy(), new AllowedModelPolicy(), new PricedModelPolicy(),
                new DailyQuotaPolicy(), new MonthlyBudgetPolicy());
    }

    /** The built-in chain followed by {@code extra}, in order: the usual way to register a new policy. */
    public static AdmissionPolicies builtInThen(Iterable<? extends AdmissionPolicy> extra) {
        return of(List.<AdmissionPolicy>of(builtIn()).appendAll(List.ofAll(extra)));
    }

    /**
     * What {@link Connexion#admit} re-checks after any configured composition so that its own
     * invariants hold whatever was configured: only a serving connexion consumes, usage never passes
     * the daily limit, spent + holds never pass the budget (which needs a price to be known).
     */
    public static AdmissionPolicies invariants() {
        return INVARIANTS;
    }

    /**
     * {@code configured} followed by the invariants it does not already hold, so that each policy runs once per
     * decision: an invariant's class already in the composition answers the same (the invariants are stateless). Build
     * it once and pass it to every {@link Connexion#decide}; a guarded composition is returned as it is.
     */
    public static AdmissionPolicies guarded(AdmissionPolicy configured) {
        Objects.requireNonNull(configured, "configured");
        if (configured instanceof AdmissionPolicies composition && composition.guarded) {
            return composition;
        }
        List<AdmissionPolicy> chain = of(configured).policies;
        List<AdmissionPolicy> missing = INVARIANTS.policies
                .filter(invariant -> chain.forAll(policy -> policy.getClass() != invariant.getClass()));
        return new AdmissionPolicies(chain.appendAll(missing), true);
    }

    private static final AdmissionPolicies INVARIANTS =
            of(new StatusPolicy(), new PricedModelPolicy(), new DailyQuotaPolicy(), new MonthlyBudgetPolicy());

    public java.util.List<AdmissionPolicy> policies() {
        return policies.asJava();
    }

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        Either<Denial, Admission> result = AdmissionPolicy.allow();
        for (AdmissionPolicy policy : policies) {
            result = Objects.requireNonNull(policy.evaluate(connexion, request), "a policy answered null");
            if (result.isLeft()) {
                return result;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return policies.map(p -> p.getClass().getSimpleName()).mkString("AdmissionPolicies[", ", ", "]");
    }
}
