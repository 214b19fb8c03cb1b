package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The columns of {@code openai_connexion} that metering writes back after a decision: the daily usage and
 * its reset, the month's cost and its roll-over, the status. Nothing else is touched.
 */
record CountersRow(
        UUID openaiConnexionId,
        Integer openaiUsageQuotidien,
        OffsetDateTime openaiResetQuotaAt,
        BigDecimal openaiCoutActuelMois,
        OffsetDateTime openaiResetCoutAt,
        String openaiStatutConnexion) {
}
