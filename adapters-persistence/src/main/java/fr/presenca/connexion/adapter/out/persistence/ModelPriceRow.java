package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One version of a model's prices, a row of {@code openai_model_price} (without its audit columns). */
record ModelPriceRow(String model, BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
                     BigDecimal outputPerMillion, Integer maxOutputTokens, OffsetDateTime effectiveFrom) {

    static final String COLUMNS = "model, input_per_million, cached_input_per_million, output_per_million,"
            + " max_output_tokens, effective_from";

    /** The columns of a statement, each prefixed; null when the row has none. */
    static ModelPriceRow read(io.r2dbc.spi.Readable row, String prefix) {
        BigDecimal input = row.get(prefix + "input_per_million", BigDecimal.class);
        if (input == null) {
            return null;
        }
        return new ModelPriceRow(row.get(prefix + "model", String.class), input,
                row.get(prefix + "cached_input_per_million", BigDecimal.class),
                row.get(prefix + "output_per_million", BigDecimal.class),
                row.get(prefix + "max_output_tokens", Integer.class),
                row.get(prefix + "effective_from", OffsetDateTime.class));
    }

    static ModelPriceRow read(io.r2dbc.spi.Readable row) {
        return read(row, "");
    }
}
