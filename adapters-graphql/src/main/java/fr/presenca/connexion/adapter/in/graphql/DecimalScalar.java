package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/**
 * USD amounts as strings with exactly 4 places, so clients never meet binary floating point; amounts with
 * more places (prices per million tokens) keep them. Input may be a string or a number.
 */
final class DecimalScalar {

    static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
            .name("Decimal")
            .description("A USD amount as a string with exactly 4 decimal places")
            .coercing(new DecimalCoercing())
            .build();

    private DecimalScalar() {
    }

    static String format(BigDecimal amount) {
        BigDecimal plain = amount.scale() < 4 ? amount.setScale(4, RoundingMode.UNNECESSARY) : amount;
        return plain.toPlainString();
    }

    private static final class DecimalCoercing implements Coercing<BigDecimal, String> {

        @Override
        public String serialize(Object output, GraphQLContext context, Locale locale) {
            if (output instanceof BigDecimal amount) {
                return format(amount);
            }
            throw new CoercingSerializeException("Expected a BigDecimal for a Decimal field");
        }

        @Override
        public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                if (input instanceof String text) {
                    return new BigDecimal(text.trim());
                }
                if (input instanceof BigDecimal amount) {
                    return amount;
                }
                if (input instanceof Number number) {
                    return new BigDecimal(number.toString());
                }
            } catch (NumberFormatException e) {
                throw new CoercingParseValueException("Not a decimal number: a Decimal is a string like \"12.3400\"");
            }
            throw new CoercingParseValueException("A Decimal is a string like \"12.3400\" or a number");
        }

        @Override
        public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            try {
                if (input instanceof StringValue text) {
                    return new BigDecimal(text.getValue().trim());
                }
                if (input instanceof FloatValue number) {
                    return number.getValue();
                }
                if (input instanceof IntValue number) {
                    return new BigDecimal(number.getValue());
                }
            } catch (NumberFormatException e) {
                throw new CoercingParseLiteralException("Not a decimal number: a Decimal is a string like \"12.3400\"");
            }
            throw new CoercingParseLiteralException("A Decimal is a string like \"12.3400\" or a number");
        }
    }
}
