package fr.presenca.connexion.domain.connexion;

import io.vavr.Tuple;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a write of a connexion can change, one constant per stored attribute (a column, or columns that always
 * change together). A {@link Transition} names the attributes it changed; persistence binds each one to its
 * columns. Identity (id, organisation), the audit stamps (the triggers' own) and the journal are not attributes:
 * no command changes them.
 *
 * <p>The editable ones come first, in the order an update lists them in its event.
 */
public enum ConnexionAttribute {

    CLIENT_TYPE("clientType", true, ConnexionState::clientType, "clientType"),
    CLIENT_ID("clientId", true, ConnexionState::clientId, "clientId"),
    ACCOUNT_EMAIL("accountEmail", true, ConnexionState::accountEmail, "accountEmail"),
    OPENAI_ORGANISATION_ID("openaiOrganisationId", true, ConnexionState::openaiOrganisationId, "openaiOrganisationId"),
    OPENAI_PROJECT_ID("openaiProjectId", true, ConnexionState::openaiProjectId, "openaiProjectId"),
    DAILY_REQUEST_LIMIT("dailyRequestLimit", true, state -> state.dailyQuota().limit(), "dailyQuota"),
    MONTHLY_COST_LIMIT("monthlyCostLimit", true, state -> state.monthlyBudget().limit(), "monthlyBudget"),
    ALLOWED_MODELS("allowedModels", true, ConnexionState::allowedModels, "allowedModels"),
    EXTENSIONS("extensions", true, ConnexionState::extensions, "extensions"),
    API_KEY("apiKey", true, ConnexionState::apiKey, "apiKey"),
    /** The status and the active flag that follows from it. */
    STATUS("status", false, ConnexionState::status, "status", "active"),
    ACTIVATED_AT("activatedAt", false, ConnexionState::activatedAt, "activatedAt"),
    LAST_SYNC_AT("lastSyncAt", false, ConnexionState::lastSyncAt, "lastSyncAt"),
    LAST_ERROR("lastError", false, ConnexionState::lastError, "lastError"),
    /** Today's usage and the instant it next resets. */
    DAILY_USAGE("dailyUsage", false, state -> Tuple.of(state.dailyQuota().usage(), state.dailyQuota().resetAt()),
            "dailyQuota"),
    /** This month's cost and the instant it next resets. */
    MONTHLY_COST("monthlyCost", false,
            state -> Tuple.of(state.monthlyBudget().spent(), state.monthlyBudget().resetAt()), "monthlyBudget");

    private final String field;
    private final boolean edit;
    private final Function<ConnexionState, Object> value;
    private final List<String> components;

    ConnexionAttribute(String field, boolean edit, Function<ConnexionState, Object> value, String... components) {
        this.field = field;
        this.edit = edit;
        this.value = value;
        this.components = List.of(components);
    }

    /** The API's name of the attribute, as the journal lists it. */
    public String field() {
        return field;
    }

    /** Whether updateConnexion (or an API-key command) sets it directly, rather than the lifecycle or metering. */
    public boolean isEdit() {
        return edit;
    }

    /** The attribute's value in {@code state}, compared by equality. */
    public Object valueIn(ConnexionState state) {
        return value.apply(state);
    }

    /** The {@link ConnexionState} components the attribute is read from. */
    public List<String> components() {
        return components;
    }

    /** The attributes whose value differs between two states of one connexion, in declaration order. */
    public static Set<ConnexionAttribute> changedBetween(ConnexionState before, ConnexionState after) {
        Set<ConnexionAttribute> changed = EnumSet.noneOf(ConnexionAttribute.class);
        for (ConnexionAttribute attribute : values()) {
            if (!attribute.valueIn(before).equals(attribute.valueIn(after))) {
                changed.add(attribute);
            }
        }
        return changed;
    }
}
