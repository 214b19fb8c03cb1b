package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;

/** One row of {@code openai_model_price} (without its audit columns). */
record ModelPriceRow(String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    static final String COLUMNS = "model, input_per_million, output_per_million";

    static ModelPriceRow read(io.r2dbc.spi.Readable row) {
        return new ModelPriceRow(row.get("model", String.class), row.get("input_per_million", BigDecimal.class),
                row.get("output_per_million", BigDecimal.class));
    }
}
