package fr.presenca.connexion.domain.connexion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Identifiers and enumerations")
class IdentityValuesTest {

    @Nested
    @DisplayName("ids")
    class Ids {

        @Test
        @DisplayName("an id cannot wrap null")
        void nullRejected() {
            assertThatThrownBy(() -> new ConnexionId(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new OrganisationId(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new ClientId(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new UserId(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("ids are equal by value and print as their UUID")
        void valueSemantics() {
            UUID uuid = UUID.fromString("6f1c2f4e-8a53-4d55-9d1a-3f0c7b3a9e10");
            assertThat(ConnexionId.of(uuid)).isEqualTo(new ConnexionId(uuid));
            assertThat(new ConnexionId(uuid)).hasToString(uuid.toString());
        }
    }

    @Nested
    @DisplayName("client types")
    class ClientTypes {

        @Test
        @DisplayName("each client type has the stored code of the seed")
        void codes() {
            assertThat(ClientType.RESEAU.code()).isEqualTo("reseau");
            assertThat(ClientType.RESEAU_AGENCE.code()).isEqualTo("reseau_agence");
            assertThat(ClientType.AGENCE_INDEPENDANTE.code()).isEqualTo("agence_independante");
        }

        @Test
        @DisplayName("every code reads back to its client type")
        void roundTrip() {
            for (ClientType type : ClientType.values()) {
                assertThat(ClientType.fromCode(type.code())).contains(type);
            }
        }

        @Test
        @DisplayName("an unknown, differently cased or null code is not a client type")
        void unknownCodes() {
            assertThat(ClientType.fromCode("agence")).isEmpty();
            assertThat(ClientType.fromCode("RESEAU")).isEmpty();
            assertThat(ClientType.fromCode(null)).isEmpty();
        }

        @Test
        @DisplayName("the default client type is reseau, as in the seed")
        void defaultType() {
            assertThat(ClientType.DEFAULT).isEqualTo(ClientType.RESEAU);
        }
    }

    @Nested
    @DisplayName("statuses")
    class Statuses {

        @Test
        @DisplayName("each status has the stored code of the seed and reads back")
        void codes() {
            assertThat(ConnexionStatus.values()).extracting(ConnexionStatus::code)
                    .containsExactly("active", "inactive", "error", "expired", "quota_exceeded");
            for (ConnexionStatus status : ConnexionStatus.values()) {
                assertThat(ConnexionStatus.fromCode(status.code())).contains(status);
            }
        }

        @Test
        @DisplayName("an unknown status code is not a status")
        void unknown() {
            assertThat(ConnexionStatus.fromCode("suspended")).isEmpty();
            assertThat(ConnexionStatus.fromCode(null)).isEmpty();
        }

        @Test
        @DisplayName("only active and quota_exceeded are serving statuses")
        void serving() {
            assertThat(ConnexionStatus.values()).filteredOn(ConnexionStatus::isServing)
                    .containsExactly(ConnexionStatus.ACTIVE, ConnexionStatus.QUOTA_EXCEEDED);
        }
    }
}
