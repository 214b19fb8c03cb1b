package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.vavr.control.Either;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;

/** SQLSTATEs, as the driver reports them behind Spring's exceptions, read in one place. */
@DisplayName("The database's errors")
class DatabaseErrorsTest {

    private static Throwable failure(R2dbcException database) {
        return new DataIntegrityViolationException("as DatabaseClient wraps it", database);
    }

    private static Either<ApplicationError, Object> refusal(Mono<Either<ApplicationError, Object>> translated) {
        return translated.block();
    }

    @Nested
    @DisplayName("a write's refusal")
    class Translate {

        @Test
        @DisplayName("a privilege or row-security refusal is Forbidden, naming what was written")
        void insufficientPrivilege() {
            assertThat(refusal(DatabaseErrors.translate("connexion", "organisationId")
                    .apply(failure(new R2dbcPermissionDeniedException("policy", "42501")))).getLeft())
                    .isEqualTo(new ApplicationError.Forbidden("The caller may not write this connexion"));
        }

        @Test
        @DisplayName("a foreign key violation is an invalid reference on the write's field, when it has one")
        void foreignKey() {
            Throwable violation = failure(new R2dbcDataIntegrityViolationException("fk", "23503"));
            assertThat(refusal(DatabaseErrors.translate("connexion", "organisationId").apply(violation)).getLeft())
                    .isEqualTo(new ApplicationError.InvalidReference("organisationId",
                            "organisationId: no such organisation"));
            assertThat(errorOf(DatabaseErrors.translate("connexion", null).apply(violation))).isSameAs(violation);
        }

        @Test
        @DisplayName("a unique violation is a Conflict")
        void unique() {
            assertThat(refusal(DatabaseErrors.translate("organisation", null)
                    .apply(failure(new R2dbcDataIntegrityViolationException("unique", "23505")))).getLeft())
                    .isEqualTo(new ApplicationError.Conflict("This organisation already exists"));
        }

        @Test
        @DisplayName("any other failure stays the exception it is")
        void other() {
            Throwable check = failure(new R2dbcDataIntegrityViolationException("check", "23514"));
            Throwable noState = failure(new R2dbcDataIntegrityViolationException("no state"));
            IllegalStateException bug = new IllegalStateException("a bug");
            assertThat(errorOf(DatabaseErrors.translate("connexion", "organisationId").apply(check))).isSameAs(check);
            assertThat(errorOf(DatabaseErrors.translate("connexion", "organisationId").apply(noState))).isSameAs(noState);
            assertThat(errorOf(DatabaseErrors.translate("connexion", "organisationId").apply(bug))).isSameAs(bug);
        }

        @Test
        @DisplayName("a write only row security refuses is Forbidden with its own message, and nothing else is")
        void rowSecurityOnly() {
            assertThat(refusal(DatabaseErrors.forbiddenByRowSecurity("only administrators")
                    .apply(failure(new R2dbcPermissionDeniedException("policy", "42501")))).getLeft())
                    .isEqualTo(new ApplicationError.Forbidden("only administrators"));
            Throwable unique = failure(new R2dbcDataIntegrityViolationException("unique", "23505"));
            assertThat(errorOf(DatabaseErrors.forbiddenByRowSecurity("only administrators").apply(unique)))
                    .isSameAs(unique);
        }
    }

    @Nested
    @DisplayName("an outage or a timeout")
    class Unavailable {

        @Test
        @DisplayName("a lock timeout, a statement timeout and a lost connection are UnavailableException")
        void unavailable() {
            assertThat(DatabaseErrors.unavailableOr(failure(new R2dbcTransientResourceException("lock", "55P03"))))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("locked");
            assertThat(DatabaseErrors.unavailableOr(failure(new R2dbcTransientResourceException("late", "57014"))))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("did not finish in time");
            assertThat(DatabaseErrors.unavailableOr(failure(new R2dbcTransientResourceException("gone", "08006"))))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("cannot be reached");
        }

        @Test
        @DisplayName("a refusal of the caller's write is not an outage")
        void refusalIsNotUnavailable() {
            Throwable denied = failure(new R2dbcPermissionDeniedException("policy", "42501"));
            assertThat(DatabaseErrors.unavailableOr(denied)).isSameAs(denied);
        }
    }

    private static Throwable errorOf(Mono<?> translated) {
        try {
            translated.block();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the failure was translated into a value");
    }
}
