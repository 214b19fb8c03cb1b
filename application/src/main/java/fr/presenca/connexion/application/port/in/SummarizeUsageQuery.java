package fr.presenca.connexion.application.port.in;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.metering.UsageGrouping;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Sums of the ledger the caller may see, from {@code from} to {@code to} inclusive (days in the quota zone, at most
 * {@value #MAX_DAYS}), for one connexion or all visible ones, split by {@code groupBy}. Valid by construction.
 */
public record SummarizeUsageQuery(Caller caller, Option<ConnexionId> connexionId, LocalDate from, LocalDate to,
                                  Set<UsageGrouping> groupBy) {

    public static final int MAX_DAYS = 366;

    public SummarizeUsageQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        groupBy = groupBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groupBy));
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("from..to spans 1 to " + MAX_DAYS + " days");
        }
    }

    public static Either<DomainError, SummarizeUsageQuery> of(Caller caller, Option<ConnexionId> connexionId,
                                                              LocalDate from, LocalDate to, Set<UsageGrouping> groupBy) {
        if (from == null) {
            return Either.left(InvalidField.of("from", "is required"));
        }
        if (to == null) {
            return Either.left(InvalidField.of("to", "is required"));
        }
        if (to.isBefore(from)) {
            return Either.left(InvalidField.of("to", "must not be before from (" + from + ")"));
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            return Either.left(InvalidField.of("to", "must be at most " + MAX_DAYS + " days from from, both included"));
        }
        return Either.right(new SummarizeUsageQuery(caller, connexionId, from, to, groupBy == null ? Set.of() : groupBy));
    }
}
