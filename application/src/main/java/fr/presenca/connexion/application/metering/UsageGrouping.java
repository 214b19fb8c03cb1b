package fr.presenca.connexion.application.metering;

/** What a usage summary's buckets are split by. */
public enum UsageGrouping {
    /** The day in the quota zone. */
    DAY,
    MODEL,
    CONNEXION
}
