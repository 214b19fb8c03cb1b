package fr.presenca.connexion.adapter.in.graphql.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.ReservationProblem;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.SourceLocation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/** What a client reads of each error: message, {@code extensions.code}, the fields at fault and the classification. */
@DisplayName("The GraphQL errors")
class GraphQlErrorsTest {

    private static final ConnexionId CONNEXION = new ConnexionId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private static final ReservationId RESERVATION =
            new ReservationId(UUID.fromString("00000000-0000-0000-0000-000000000002"));

    private static Map<String, Object> answer(ApplicationError error) {
        return read(GraphQlErrors.refusal(error, GraphqlErrorBuilder.newError()));
    }

    /** The error as the response carries it, less its location (none here: no field fetched). */
    private static Map<String, Object> read(GraphQLError error) {
        Map<String, Object> specification = error.toSpecification();
        return Map.of("message", specification.get("message"), "extensions", specification.get("extensions"));
    }

    private static Map<String, Object> general(String code, String classification, String message) {
        return Map.of("message", message, "extensions", Map.of("code", code, "classification", classification));
    }

    private static Map<String, Object> onFields(String code, String classification, String message, String... fields) {
        return Map.of("message", message, "extensions", Map.of("code", code, "classification", classification,
                "field", fields[0], "fields", List.of(fields)));
    }

    @Nested
    @DisplayName("a use case's refusal")
    class Refusals {

        @Test
        @DisplayName("invalid input is BAD_REQUEST naming every field at fault")
        void invalidInput() {
            assertThat(answer(new ApplicationError.Rejected(DomainError.InvalidField.of("model", "must not be blank"))))
                    .isEqualTo(onFields("BAD_REQUEST", "BAD_REQUEST", "model: must not be blank", "model"));
            DomainError both = DomainError.combine(List.of(DomainError.InvalidField.of("model", "must not be blank"),
                    DomainError.InvalidField.of("idempotencyKey", "too long"))).get();
            assertThat(answer(new ApplicationError.Rejected(both))).isEqualTo(onFields("BAD_REQUEST", "BAD_REQUEST",
                    "model: must not be blank; idempotencyKey: too long", "model", "idempotencyKey"));
        }

        @Test
        @DisplayName("a transition the state forbids, or an inconsistent state, is CONFLICT")
        void stateRefusals() {
            assertThat(answer(new ApplicationError.Rejected(
                    new DomainError.IllegalTransition(ConnexionStatus.EXPIRED, "activate"))))
                    .isEqualTo(general("CONFLICT", "INTERNAL_ERROR", "cannot activate a connexion whose status is "
                            + ConnexionStatus.EXPIRED.code()));
            assertThat(answer(new ApplicationError.Rejected(new DomainError.InconsistentState("active with no key"))))
                    .isEqualTo(general("CONFLICT", "INTERNAL_ERROR", "inconsistent connexion state: active with no key"));
        }

        @Test
        @DisplayName("what the caller cannot see is NOT_FOUND, on the metering command's field when it names one")
        void notFound() {
            assertThat(answer(new ApplicationError.NotFound("No connexion x visible to the caller")))
                    .isEqualTo(general("NOT_FOUND", "NOT_FOUND", "No connexion x visible to the caller"));
            assertThat(answer(new ApplicationError.ConnexionNotFound(CONNEXION))).isEqualTo(onFields("NOT_FOUND",
                    "NOT_FOUND", "connexionId: no connexion " + CONNEXION + " visible to the caller", "connexionId"));
            assertThat(answer(new ApplicationError.ReservationNotFound(RESERVATION))).isEqualTo(onFields("NOT_FOUND",
                    "NOT_FOUND", "reservationId: no reservation " + RESERVATION + " on this connexion", "reservationId"));
        }

        @Test
        @DisplayName("a reservation that cannot be settled, or an unknown reference, is BAD_REQUEST on its field")
        void badReferences() {
            ReservationProblem problem = ReservationProblem.MODEL_MISMATCH;
            assertThat(answer(new ApplicationError.ReservationRefused(RESERVATION, problem))).isEqualTo(onFields(
                    "BAD_REQUEST", "BAD_REQUEST", problem.field() + ": " + problem.message(), problem.field()));
            assertThat(answer(new ApplicationError.InvalidReference("organisationId",
                    "organisationId: no such organisation"))).isEqualTo(onFields("BAD_REQUEST", "BAD_REQUEST",
                    "organisationId: no such organisation", "organisationId"));
        }

        @Test
        @DisplayName("a forbidden write is FORBIDDEN and a conflicting one CONFLICT")
        void forbiddenAndConflict() {
            assertThat(answer(new ApplicationError.Forbidden("only PRESENCA administrators may set prices")))
                    .isEqualTo(general("FORBIDDEN", "FORBIDDEN", "only PRESENCA administrators may set prices"));
            assertThat(answer(new ApplicationError.Conflict("The connexion changed since it was read")))
                    .isEqualTo(general("CONFLICT", "INTERNAL_ERROR", "The connexion changed since it was read"));
        }

        @Test
        @DisplayName("an argument the controller refuses reads like the domain's field errors")
        void argumentRefusal() {
            ApiException refused = ApiException.badRequest("first", "must not be negative");
            assertThat(refused).hasMessage("first: must not be negative");
            assertThat(answer(refused.error()))
                    .isEqualTo(onFields("BAD_REQUEST", "BAD_REQUEST", "first: must not be negative", "first"));
        }
    }

    @Test
    @DisplayName("an outage is UNAVAILABLE with its message, a bug INTERNAL with none")
    void unavailableAndInternal() {
        assertThat(read(GraphQlErrors.unavailable("The database cannot be reached", GraphqlErrorBuilder.newError())))
                .isEqualTo(general("UNAVAILABLE", "UNAVAILABLE", "The database cannot be reached"));
        assertThat(read(GraphQlErrors.internal(GraphqlErrorBuilder.newError())))
                .isEqualTo(general("INTERNAL", "INTERNAL_ERROR", "Internal error"));
    }

    @Nested
    @DisplayName("an error of the engine")
    class EngineErrors {

        @Test
        @DisplayName("a validation error is BAD_REQUEST; a bad enum value names its input field")
        void validation() {
            GraphQLError error = GraphQlErrors.withCode(engineError(ErrorType.ValidationError,
                    "Validation error: literal value not in allowable values for enum 'ConnexionStatus'"));
            assertThat(error.getMessage()).startsWith("status: Validation error");
            assertThat(error.getExtensions()).containsEntry("code", "BAD_REQUEST").containsEntry("field", "status");
            assertThat(error.getLocations()).containsExactly(new SourceLocation(1, 3));
        }

        @Test
        @DisplayName("Spring's refusals keep their meaning, anything else is INTERNAL")
        void others() {
            assertThat(GraphQlErrors.withCode(engineError(
                    org.springframework.graphql.execution.ErrorType.UNAUTHORIZED, "Unauthorized")).getExtensions())
                    .containsEntry("code", "UNAUTHENTICATED");
            assertThat(GraphQlErrors.withCode(engineError(
                    org.springframework.graphql.execution.ErrorType.INTERNAL_ERROR, "boom")).getExtensions())
                    .containsEntry("code", "INTERNAL");
        }

        private static ResponseError engineError(ErrorClassification type, String message) {
            return new ResponseError() {
                @Override
                public String getMessage() {
                    return message;
                }

                @Override
                public ErrorClassification getErrorType() {
                    return type;
                }

                @Override
                public String getPath() {
                    return "";
                }

                @Override
                public List<Object> getParsedPath() {
                    return List.of();
                }

                @Override
                public List<SourceLocation> getLocations() {
                    return List.of(new SourceLocation(1, 3));
                }

                @Override
                public Map<String, Object> getExtensions() {
                    return Map.of();
                }
            };
        }
    }
}
