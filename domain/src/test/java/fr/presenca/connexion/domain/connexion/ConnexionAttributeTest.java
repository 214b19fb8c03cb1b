package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ERROR;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The attributes a write changes")
class ConnexionAttributeTest {

    static final Instant LATER_THAN_NOW = NOW.plusSeconds(60);

    /** What no command changes: identity, the triggers' stamps, the journal. */
    static final Set<String> NEVER_WRITTEN = Set.of("id", "organisationId", "audit", "auditLog");

    @Test
    @DisplayName("every component of the state is an attribute of the write, or never written (domain/README.md)")
    void everyComponentIsWritten() {
        Set<String> covered = Arrays.stream(ConnexionAttribute.values())
                .flatMap(attribute -> attribute.components().stream()).collect(Collectors.toSet());
        List<String> components = Arrays.stream(ConnexionState.class.getRecordComponents())
                .map(component -> component.getName()).toList();
        assertThat(components).allMatch(name -> covered.contains(name) || NEVER_WRITTEN.contains(name),
                "written by some ConnexionAttribute or listed as never written");
        assertThat(covered).allMatch(components::contains, "a component of ConnexionState");
    }

    @Test
    @DisplayName("a change names exactly the attributes whose values differ")
    void exactlyWhatDiffers() {
        Connexion before = aConnexion().dailyLimit(10).usage(3).build();
        Connexion after = right(before.recordFailure("upstream down", LATER_THAN_NOW)).connexion();
        assertThat(ConnexionAttribute.changedBetween(before.state(), after.state()))
                .containsExactly(ConnexionAttribute.STATUS, ConnexionAttribute.LAST_ERROR);
        assertThat(after.status()).isEqualTo(ERROR);
        assertThat(ConnexionAttribute.changedBetween(before.state(), before.state())).isEmpty();
    }

    @Test
    @DisplayName("the counters' attributes follow the usage, the cost and their resets")
    void counters() {
        Connexion before = aConnexion().dailyLimit(10).usage(3).build();
        Transition reset = before.refresh(NEXT_MIDNIGHT, PARIS).change();
        assertThat(reset.changed()).containsExactly(ConnexionAttribute.DAILY_USAGE);
        assertThat(reset.events()).isEmpty();
        assertThat(reset.before()).contains(before);
    }

    @Test
    @DisplayName("a new connexion writes every attribute and compares none")
    void created() {
        Transition created = Transition.created(aConnexion().build(),
                new ConnexionEvent.Synced(aConnexion().build().id(), LATER_THAN_NOW, ConnexionStatus.ACTIVE));
        assertThat(created.changed()).isEqualTo(EnumSet.allOf(ConnexionAttribute.class));
        assertThat(created.before()).isEqualTo(Option.none());
    }

    @Test
    @DisplayName("the edits are the fields an update lists, under their API names")
    void edits() {
        assertThat(java.util.Arrays.stream(ConnexionAttribute.values()).filter(ConnexionAttribute::isEdit)
                .map(ConnexionAttribute::field)).containsExactly(
                "clientType", "clientId", "accountEmail", "openaiOrganisationId", "openaiProjectId",
                "dailyRequestLimit", "monthlyCostLimit", "allowedModels", "extensions", "apiKey");
    }
}
