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

    private AdmissionPolicies(List<AdmissionPolicy> policies) {
        this.policies = policies;
    }

    public static AdmissionPolicies of(Iterable<? extends AdmissionPolicy> policies) {
        Objects.requireNonNull(policies, "policies");
        // Flattened so that chained andThen calls stay one readable list.
        return new AdmissionPolicies(List.<AdmissionPolicy>ofAll(policies)
                .peek(p -> Objects.requireNonNull(p, "policy"))
                .flatMap(p -> p instanceof AdmissionPolicies ? ((AdmissionPolicies) p).policies : List.of(p)));
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
