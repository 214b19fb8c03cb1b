package fr.presenca.connexion.application.gateway;

import java.util.Set;

/**
 * What an error answer from OpenAI says about the connexion (the API contract's list). Only account-wide answers
 * change the status; an answer about one call or one model (rate limits, an unknown model, a too long prompt, a
 * restricted key's missing scope, a 5xx) says nothing about the connexion.
 */
public enum UpstreamVerdict {
    /** The key is invalid or revoked: EXPIRED. */
    KEY_EXPIRED,
    /** The account's quota or credit is used up: QUOTA_EXCEEDED, until activated or verified. */
    QUOTA_EXCEEDED,
    /** The account is refused service: ERROR. */
    ACCOUNT_REFUSED,
    /** Nothing about the connexion. */
    NONE;

    private static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    private static final Set<String> ACCOUNT_WIDE_REFUSALS = Set.of("unsupported_country_region_territory",
            "account_deactivated", "organization_deactivated", "billing_not_active");

    public static UpstreamVerdict of(UpstreamError error) {
        String code = error.code().getOrElse("");
        String type = error.type().getOrElse("");
        if (error.status() == 401 && code.equals("invalid_api_key")) {
            return KEY_EXPIRED;
        }
        if (error.status() == 429 && (code.equals(INSUFFICIENT_QUOTA) || type.equals(INSUFFICIENT_QUOTA))) {
            return QUOTA_EXCEEDED;
        }
        if ((error.status() == 403 || error.status() == 401) && ACCOUNT_WIDE_REFUSALS.contains(code)) {
            return ACCOUNT_REFUSED;
        }
        return NONE;
    }
}
