package fr.presenca.connexion.domain.connexion;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ERROR;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.EXPIRED;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.INACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.QUOTA_EXCEEDED;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A key verified by OpenAI (verifyConnexion)")
class VerificationTest {

    private static final Instant LATER = NOW.plusSeconds(60);

    @ParameterizedTest(name = "{0} set from OpenAI's answer becomes ACTIVE, lastError cleared, lastSyncAt set")
    @EnumSource(value = ConnexionStatus.class, names = {"EXPIRED", "ERROR", "QUOTA_EXCEEDED"})
    void liftsWhatOpenAiSet(ConnexionStatus status) {
        Connexion connexion = aConnexion().status(status).lastError("from OpenAI").build();

        Transition verified = right(connexion.verified(LATER, PARIS));

        assertThat(verified.connexion().status()).isEqualTo(ACTIVE);
        assertThat(verified.connexion().lastError()).isEmpty();
        assertThat(verified.connexion().lastSyncAt()).contains(LATER);
        assertThat(verified.event()).isInstanceOf(ConnexionEvent.Synced.class);
        assertThat(verified.event().status()).isEqualTo(ACTIVE);
    }

    @Test
    @DisplayName("a lifted status is QUOTA_EXCEEDED when the day's requests are used up")
    void liftedToTheCounters() {
        Connexion connexion = aConnexion().status(EXPIRED).lastError("invalid_api_key: revoked").dailyLimit(5).usage(5).build();

        Transition verified = right(connexion.verified(LATER, PARIS));

        assertThat(verified.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
        assertThat(verified.connexion().quotaExceededAtOpenAi()).isFalse();
    }

    @Test
    @DisplayName("QUOTA_EXCEEDED by the counters and INACTIVE stay as they are; only lastSyncAt is set")
    void othersKeepTheirStatus() {
        Connexion counted = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5).build();
        Connexion inactive = aConnexion().status(INACTIVE).lastError("contract").build();

        assertThat(right(counted.verified(LATER, PARIS)).connexion().status()).isEqualTo(QUOTA_EXCEEDED);
        Transition stillInactive = right(inactive.verified(LATER, PARIS));
        assertThat(stillInactive.connexion().status()).isEqualTo(INACTIVE);
        assertThat(stillInactive.connexion().lastError()).contains("contract");
        assertThat(stillInactive.connexion().lastSyncAt()).contains(LATER);
        assertThat(right(aConnexion().status(ACTIVE).build().verified(LATER, PARIS)).connexion().status()).isEqualTo(ACTIVE);
        assertThat(right(aConnexion().status(ERROR).lastError("x").build().verified(LATER, PARIS)).connexion().active()).isTrue();
    }
}
