package fr.presenca.connexion.adapter.in.graphql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The cache of parsed and validated GraphQL documents")
class ParsedDocumentCacheTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse("type Query { echo(text: String): String }"),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", type -> type.dataFetcher("echo", env -> env.getArgument("text")))
                    .build());

    private static final String ECHO = "query($t: String) { echo(text: $t) }";

    /** Parses and validates against {@link #SCHEMA}, counting the calls. */
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate = input -> {
        parses.incrementAndGet();
        var result = ParseAndValidate.parseAndValidate(SCHEMA, input);
        if (result.getSyntaxException() != null) {
            return new PreparsedDocumentEntry(result.getSyntaxException().toInvalidSyntaxError());
        }
        return result.getValidationErrors().isEmpty() ? new PreparsedDocumentEntry(result.getDocument())
                : new PreparsedDocumentEntry(result.getDocument(), result.getValidationErrors());
    };

    private PreparsedDocumentEntry get(ParsedDocumentCache cache, String query) {
        return cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), parseAndValidate).join();
    }

    @Test
    @DisplayName("the same text is parsed once and answered with the same entry")
    void sameTextSameEntry() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, 1000);
        PreparsedDocumentEntry first = get(cache, ECHO);
        PreparsedDocumentEntry second = get(cache, ECHO);
        assertThat(first.hasErrors()).isFalse();
        assertThat(second).isSameAs(first);
        assertThat(parses).hasValue(1);
        assertThat(cache.contains(ECHO)).isTrue();
    }

    @Test
    @DisplayName("another text, even differing by a space, is another document")
    void keyedByText() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, 1000);
        Document first = get(cache, "{ echo }").getDocument();
        Document second = get(cache, "{  echo }").getDocument();
        assertThat(second).isNotSameAs(first);
        assertThat(parses).hasValue(2);
        assertThat(cache.estimatedSize()).isEqualTo(2);
    }

    @Test
    @DisplayName("an invalid document is not kept: parsed again and answered with its errors every time")
    void validationErrorsNotCached() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, 1000);
        String unknownField = "{ unknown }";
        PreparsedDocumentEntry first = get(cache, unknownField);
        PreparsedDocumentEntry second = get(cache, unknownField);
        assertThat(first.hasErrors()).isTrue();
        assertThat(second.hasErrors()).isTrue();
        assertThat(second.getErrors()).extracting(error -> error.getMessage())
                .isEqualTo(first.getErrors().stream().map(error -> error.getMessage()).toList());
        assertThat(parses).hasValue(2);
        assertThat(cache.contains(unknownField)).isFalse();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    @DisplayName("an unparsable document is not kept either")
    void syntaxErrorsNotCached() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, 1000);
        assertThat(get(cache, "{ echo ").hasErrors()).isTrue();
        assertThat(get(cache, "{ echo ").hasErrors()).isTrue();
        assertThat(parses).hasValue(2);
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    @DisplayName("a document longer than the bound is parsed every time and never kept")
    void oversizedNotCached() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, 100);
        String atBound = "{ echo }" + " ".repeat(100 - 8);
        String aboveBound = atBound + " ";
        get(cache, aboveBound);
        PreparsedDocumentEntry again = get(cache, aboveBound);
        assertThat(again.hasErrors()).isFalse();
        assertThat(parses).hasValue(2);
        assertThat(cache.contains(aboveBound)).isFalse();

        get(cache, atBound);
        get(cache, atBound);
        assertThat(parses).hasValue(3);
        assertThat(cache.contains(atBound)).isTrue();
    }

    @Test
    @DisplayName("the default bound lets through GraphiQL's introspection query, not a 17k-character document")
    void defaultBound() {
        ParsedDocumentCache cache = new ParsedDocumentCache(10, ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH);
        get(cache, graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY);
        String huge = "{ echo }" + " ".repeat(17_000);
        get(cache, huge);
        assertThat(cache.contains(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY)).isTrue();
        assertThat(cache.contains(huge)).isFalse();
    }

    @Test
    @DisplayName("never holds more documents than its maximum size")
    void sizeBound() {
        ParsedDocumentCache cache = new ParsedDocumentCache(5, 1000);
        for (int i = 0; i < 200; i++) {
            assertThat(get(cache, "{ a" + i + ": echo }").hasErrors()).isFalse();
        }
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(5);
        assertThat(parses).hasValue(200);
    }

    @Test
    @DisplayName("long documents weigh their length: the text kept in all stays under size × 256 characters")
    void weightBound() {
        ParsedDocumentCache cache = new ParsedDocumentCache(100, ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH);
        for (int i = 0; i < 10; i++) {
            get(cache, "{ a" + i + ": echo }" + " ".repeat(10_000));
        }
        // 100 × 256 = 25,600 characters: room for two documents of 10k characters, not ten.
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(2);
        assertThat(parses).hasValue(10);
    }

    @Test
    @DisplayName("size 0 disables the cache: every request is parsed")
    void disabled() {
        ParsedDocumentCache cache = new ParsedDocumentCache(0, 1000);
        get(cache, ECHO);
        get(cache, ECHO);
        assertThat(parses).hasValue(2);
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.contains(ECHO)).isFalse();
    }

    @Test
    @DisplayName("a negative bound is refused")
    void negativeRefused() {
        assertThatThrownBy(() -> new ParsedDocumentCache(-1, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParsedDocumentCache(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("concurrent requests of the same and of other texts all get a valid entry of their own text")
    void concurrent() throws Exception {
        ParsedDocumentCache cache = new ParsedDocumentCache(20, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String alias = "a" + (i % 50);
                String query = "{ " + alias + ": echo }";
                calls.add(() -> {
                    PreparsedDocumentEntry entry = get(cache, query);
                    // The entry is that of this very text: its only field carries this alias.
                    var field = (graphql.language.Field) entry.getDocument()
                            .getDefinitionsOfType(graphql.language.OperationDefinition.class).get(0)
                            .getSelectionSet().getSelections().get(0);
                    return !entry.hasErrors() && alias.equals(field.getAlias());
                });
            }
            for (Future<Boolean> answer : pool.invokeAll(calls)) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(20);
    }

    @Test
    @DisplayName("on a real engine: a cached document runs again with other variables, and is parsed only once")
    void onTheEngine() {
        AtomicInteger engineParses = new AtomicInteger();
        GraphQL engine = GraphQL.newGraphQL(SCHEMA)
                .preparsedDocumentProvider(new ParsedDocumentCache(10, 1000))
                .instrumentation(new SimplePerformantInstrumentation() {
                    @Override
                    public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
                                                                       InstrumentationState state) {
                        engineParses.incrementAndGet();
                        return SimpleInstrumentationContext.noOp();
                    }
                })
                .build();
        ExecutionResult one = engine.execute(ExecutionInput.newExecutionInput(ECHO).variables(Map.of("t", "one")));
        ExecutionResult two = engine.execute(ExecutionInput.newExecutionInput(ECHO).variables(Map.of("t", "two")));
        assertThat(one.getErrors()).isEmpty();
        assertThat(two.getErrors()).isEmpty();
        assertThat(one.<Map<String, Object>>getData()).containsEntry("echo", "one");
        assertThat(two.<Map<String, Object>>getData()).containsEntry("echo", "two");
        assertThat(engineParses).hasValue(1);
    }
}
