package fr.presenca.connexion.domain.policy;

/** Why a request was refused; the names are the API's {@code DenialReason} enum. */
public enum DenialReason {
    CONNEXION_INACTIVE,
    CONNEXION_ERROR,
    CONNEXION_EXPIRED,
    MODEL_NOT_ALLOWED,
    /** The connexion has a budget and the model has no price, so its cost could not be metered. */
    MODEL_NOT_PRICED,
    DAILY_QUOTA_EXCEEDED,
    MONTHLY_BUDGET_EXCEEDED,
    /** OpenAI answered that the account's quota or credit is used up (insufficient_quota). */
    OPENAI_QUOTA_EXCEEDED
}
