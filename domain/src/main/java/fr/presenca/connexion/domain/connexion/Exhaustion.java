package fr.presenca.connexion.domain.connexion;

/** What put a connexion in QUOTA_EXCEEDED. */
public enum Exhaustion {
    DAILY_QUOTA,
    MONTHLY_BUDGET
}
