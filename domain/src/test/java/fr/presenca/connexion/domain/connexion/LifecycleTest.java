package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.IllegalTransition;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ERROR;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.EXPIRED;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.INACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.QUOTA_EXCEEDED;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ADMIN;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ID;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.SECRET;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The connexion lifecycle")
class LifecycleTest {

    static final Instant LATER = NOW.plusSeconds(60);

    static Either<DomainError, Transition> run(Connexion connexion, String command) {
        switch (command) {
            case "activate":
                return connexion.activate(LATER, PARIS);
            case "deactivate":
                return connexion.deactivate(Option.some("end of contract"), LATER);
            case "recordFailure":
                return connexion.recordFailure("401 Unauthorized", LATER);
            case "markExpired":
                return connexion.markExpired(LATER);
            default:
                throw new IllegalArgumentException(command);
        }
    }

    /** The command word used in IllegalTransition, as the message reads "cannot <command> a connexion…". */
    static String commandWord(String command) {
        switch (command) {
            case "recordFailure":
                return "record a failure on";
            case "markExpired":
                return "mark expired";
            default:
                return command;
        }
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
            "ACTIVE,         activate,      ILLEGAL",
            "ACTIVE,         deactivate,    INACTIVE",
            "ACTIVE,         recordFailure, ERROR",
            "ACTIVE,         markExpired,   EXPIRED",
            "QUOTA_EXCEEDED, activate,      ILLEGAL",
            "QUOTA_EXCEEDED, deactivate,    INACTIVE",
            "QUOTA_EXCEEDED, recordFailure, ERROR",
            "QUOTA_EXCEEDED, markExpired,   EXPIRED",
            "ERROR,          activate,      ACTIVE",
            "ERROR,          deactivate,    INACTIVE",
            "ERROR,          recordFailure, ERROR",
            "ERROR,          markExpired,   EXPIRED",
            "EXPIRED,        activate,      ACTIVE",
            "EXPIRED,        deactivate,    INACTIVE",
            "EXPIRED,        recordFailure, ILLEGAL",
            "EXPIRED,        markExpired,   ILLEGAL",
            "INACTIVE,       activate,      ACTIVE",
            "INACTIVE,       deactivate,    ILLEGAL",
            "INACTIVE,       recordFailure, ILLEGAL",
            "INACTIVE,       markExpired,   ILLEGAL",
    })
    @DisplayName("every cell of the transition table")
    void transitionTable(ConnexionStatus from, String command, String expected) {
        Connexion connexion = aConnexion().status(from).build();
        Either<DomainError, Transition> result = run(connexion, command);
        if (expected.equals("ILLEGAL")) {
            assertThat(left(result)).isEqualTo(new IllegalTransition(from, commandWord(command)));
        } else {
            ConnexionStatus to = ConnexionStatus.valueOf(expected);
            Transition transition = right(result);
            assertThat(transition.connexion().status()).isEqualTo(to);
            assertThat(transition.connexion().active()).isEqualTo(to != INACTIVE);
            assertThat(transition.event().status()).isEqualTo(to);
            assertThat(transition.event().at()).isEqualTo(LATER);
            assertThat(transition.event().connexionId()).isEqualTo(ID);
            assertThat(transition.changed().contains(ConnexionAttribute.STATUS)).isEqualTo(to != from);
            assertThat(transition.changed()).isEqualTo(ConnexionAttribute.changedBetween(connexion.state(),
                    transition.connexion().state()));
        }
    }

    @Nested
    @DisplayName("activate")
    class Activate {

        @Test
        @DisplayName("activating a connexion in error makes it active, stamps activatedAt and clears the last error")
        void fromError() {
            Transition transition = right(aConnexion().status(ERROR).lastError("timeout").build().activate(LATER, PARIS));
            assertThat(transition.connexion().activatedAt()).isEqualTo(LATER);
            assertThat(transition.connexion().lastError()).isEmpty();
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Activated(ID, LATER, ERROR, ACTIVE));
        }

        @Test
        @DisplayName("activating a connexion whose daily quota is still used up makes it QUOTA_EXCEEDED")
        void stillExhausted() {
            Transition transition = right(aConnexion().status(INACTIVE).dailyLimit(5).usage(5).build().activate(LATER, PARIS));
            assertThat(transition.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(transition.connexion().active()).isTrue();
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Activated(ID, LATER, INACTIVE, QUOTA_EXCEEDED));
        }

        @Test
        @DisplayName("activating after midnight counts the quota of the new day")
        void afterMidnight() {
            Transition transition = right(aConnexion().status(INACTIVE).dailyLimit(5).usage(5).build()
                    .activate(NEXT_MIDNIGHT.plusSeconds(1), PARIS));
            assertThat(transition.connexion().status()).isEqualTo(ACTIVE);
            assertThat(transition.connexion().dailyQuota().usage()).isZero();
        }

        @Test
        @DisplayName("activating an active connexion is an illegal transition, not a silent success")
        void alreadyActive() {
            DomainError error = left(aConnexion().build().activate(LATER, PARIS));
            assertThat(error.message()).isEqualTo("cannot activate a connexion whose status is active");
        }
    }

    @Nested
    @DisplayName("deactivate")
    class Deactivate {

        @Test
        @DisplayName("deactivating records the reason in the event, trimmed, and keeps the last error")
        void reason() {
            Transition transition = right(aConnexion().status(ERROR).lastError("timeout").build()
                    .deactivate(Option.some("  end of contract "), LATER));
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Deactivated(ID, LATER, ERROR, Option.some("end of contract")));
            assertThat(transition.connexion().lastError()).contains("timeout");
            assertThat(transition.connexion().active()).isFalse();
        }

        @Test
        @DisplayName("a blank reason is no reason")
        void blankReason() {
            Transition transition = right(aConnexion().build().deactivate(Option.some("   "), LATER));
            assertThat(((ConnexionEvent.Deactivated) transition.event()).reason()).isEmpty();
        }

        @Test
        @DisplayName("a reason quoting the key is stored with the key redacted")
        void reasonRedacted() {
            Transition transition = right(aConnexion().build().deactivate(Option.some("leaked " + SECRET), LATER));
            assertThat(((ConnexionEvent.Deactivated) transition.event()).reason()).contains("leaked sk-…Ab12");
        }

        @Test
        @DisplayName("deactivating keeps activatedAt: it records the last activation")
        void keepsActivatedAt() {
            Connexion connexion = aConnexion().build();
            assertThat(right(connexion.deactivate(Option.none(), LATER)).connexion().activatedAt())
                    .isEqualTo(connexion.activatedAt());
        }
    }

    @Nested
    @DisplayName("recordFailure")
    class RecordFailure {

        @Test
        @DisplayName("a failure puts the connexion in ERROR with the message as last error")
        void failure() {
            Transition transition = right(aConnexion().build().recordFailure("429 rate limited", LATER));
            assertThat(transition.connexion().lastError()).contains("429 rate limited");
            assertThat(transition.connexion().active()).isTrue();
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.FailureRecorded(ID, LATER, ACTIVE, "429 rate limited"));
        }

        @Test
        @DisplayName("a second failure replaces the last error")
        void secondFailure() {
            Transition transition = right(aConnexion().status(ERROR).lastError("first").build().recordFailure("second", LATER));
            assertThat(transition.connexion().lastError()).contains("second");
        }

        @Test
        @DisplayName("an OpenAI message quoting the key is stored with the key redacted")
        void redacted() {
            Transition transition = right(aConnexion().build()
                    .recordFailure("Incorrect API key provided: " + SECRET + ".", LATER));
            assertThat(transition.connexion().lastError()).contains("Incorrect API key provided: sk-…Ab12.");
            assertThat(transition.event().toString()).doesNotContain(SECRET);
        }

        @Test
        @DisplayName("a very long message is cut to the storable length")
        void longMessage() {
            Transition transition = right(aConnexion().build().recordFailure("x".repeat(5000), LATER));
            assertThat(transition.connexion().lastError().get()).hasSize(Connexion.MAX_MESSAGE_LENGTH).endsWith("…");
        }

        @Test
        @DisplayName("a blank message is rejected and nothing changes")
        void blank() {
            assertThat(left(aConnexion().build().recordFailure("  ", LATER)))
                    .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("message"));
            assertThat(aConnexion().build().recordFailure(null, LATER).isLeft()).isTrue();
        }
    }

    @Nested
    @DisplayName("markExpired")
    class MarkExpired {

        @Test
        @DisplayName("a revoked key expires the connexion, which stays active=true but serves nothing")
        void expire() {
            Transition transition = right(aConnexion().status(QUOTA_EXCEEDED).build().markExpired(LATER));
            assertThat(transition.connexion().status()).isEqualTo(EXPIRED);
            assertThat(transition.connexion().active()).isTrue();
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Expired(ID, LATER, QUOTA_EXCEEDED));
        }
    }

    @Nested
    @DisplayName("attribution")
    class Attribution {

        @Test
        @DisplayName("a command leaves who and when to the database's triggers")
        void unattributed() {
            Connexion before = aConnexion().build();
            Connexion connexion = right(before.markExpired(LATER)).connexion();
            assertThat(connexion.audit()).isEqualTo(before.audit());
            assertThat(connexion.audit().createdBy()).contains(ADMIN);
        }
    }
}
