package fr.presenca.connexion.adapter.in.graphql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.CoercedVariables;
import graphql.execution.instrumentation.Instrumentation;
import graphql.introspection.GoodFaithIntrospection;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

@DisplayName("Operation limits: depth and number of fields, every fragment spread expanded")
class OperationLimitsTest {

    private static final Map<String, Object> NODE = new LinkedHashMap<>(Map.of("id", "1", "name", "one"));

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
                    type Query { node: Node nodes: [Node] search: [Result] named: Named }
                    type Subscription { ticks: Node }
                    interface Named { name: String }
                    type Node implements Named { id: ID name: String child: Node children: [Node] }
                    type Tag implements Named { name: String label: String node: Node }
                    union Result = Node | Tag
                    """),
            RuntimeWiring.newRuntimeWiring()
                    .type("Query", type -> type.dataFetcher("node", env -> NODE))
                    .type("Subscription", type -> type.dataFetcher("ticks", env -> Flux.just(NODE)))
                    .type("Named", type -> type.typeResolver(env -> env.getSchema().getObjectType("Node")))
                    .type("Result", type -> type.typeResolver(env -> env.getSchema().getObjectType("Node")))
                    .build());

    private static final OperationLimits GENEROUS = new OperationLimits(100, 100_000);

    /** Measures the (only) operation of a document, which must be valid. */
    private static OperationLimits.Size measure(OperationLimits limits, String document, Map<String, Object> variables) {
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(SCHEMA,
                ExecutionInput.newExecutionInput(document).variables(variables).build());
        assertThat(parsed.getSyntaxException()).isNull();
        assertThat(parsed.getValidationErrors()).isEmpty();
        OperationDefinition operation = parsed.getDocument().getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = parsed.getDocument().getDefinitionsOfType(FragmentDefinition.class)
                .stream().collect(Collectors.toMap(FragmentDefinition::getName, fragment -> fragment));
        return limits.measure(SCHEMA, operation, fragments, CoercedVariables.of(variables), GraphQLContext.getDefault());
    }

    private static OperationLimits.Size measure(OperationLimits limits, String document) {
        return measure(limits, document, Map.of());
    }

    private static ExecutionResult execute(Instrumentation instrumentation, String document) {
        return GraphQL.newGraphQL(SCHEMA).instrumentation(instrumentation).build().execute(document);
    }

    private static String aliases(int count, String selection) {
        return IntStream.range(0, count).mapToObj(i -> " a" + i + ": " + selection).collect(Collectors.joining());
    }

    /** The nine levels of {@code node}, then {@code F} (4 levels) spread under it at levels 2 and 6. */
    private static final String NINE_DEEP_THROUGH_A_FRAGMENT =
            "{ node { ...F child { child { child { child { ...F } } } } } }"
                    + " fragment F on Node { child { child { child { id } } } }";

    /** 40 aliases each spreading F: 40 × (1 + 4) fields. */
    private static final String FORTY_SPREADS = "{" + aliases(40, "node { ...F }") + " }"
            + " fragment F on Node { id name child { id } }";

    @Test
    @DisplayName("each alias and each use of a fragment counts its fields")
    void everySpreadCounts() {
        assertThat(measure(GENEROUS, FORTY_SPREADS)).isEqualTo(new OperationLimits.Size(3, 200));
        assertThat(measure(GENEROUS, "{ a: node { ...F } b: node { ...F } c: node { ...F } }"
                + " fragment F on Node { id name }")).isEqualTo(new OperationLimits.Size(2, 9));
    }

    @Test
    @DisplayName("the depth counts what a fragment nests wherever it is spread")
    void depthThroughSpreads() {
        assertThat(measure(GENEROUS, NINE_DEEP_THROUGH_A_FRAGMENT).depth()).isEqualTo(9);
        assertThatThrownBy(() -> measure(new OperationLimits(5, 1000), NINE_DEEP_THROUGH_A_FRAGMENT))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum query depth exceeded 6 > 5");
    }

    @Test
    @DisplayName("fields of one response key are one field; a fragment spread twice in one selection set once")
    void mergedFields() {
        assertThat(measure(GENEROUS, "{ node { id } node { name id } }")).isEqualTo(new OperationLimits.Size(2, 3));
        assertThat(measure(GENEROUS, "{ node { ...F ...F id } } fragment F on Node { id name }"))
                .isEqualTo(new OperationLimits.Size(2, 3));
    }

    @Test
    @DisplayName("exactly at the limits passes; one field more or one level deeper is refused")
    void atTheLimits() {
        OperationLimits limits = new OperationLimits(3, 6);
        String fragment = " fragment F on Node { id name child { id name } }";
        assertThat(measure(limits, "{ node { ...F } }" + fragment)).isEqualTo(new OperationLimits.Size(3, 6));
        assertThatThrownBy(() -> measure(limits, "{ node { ...F __typename } }" + fragment))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum query complexity exceeded 7 > 6");
        assertThatThrownBy(() -> measure(limits, "{ node { child { ...F } } } fragment F on Node { child { id } }"))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum query depth exceeded 4 > 3");
    }

    @Test
    @DisplayName("@skip and @include are decided with the request's variables: a skipped branch is not counted")
    void skipAndInclude() {
        String document = "query($big: Boolean!) { node { id } ... @include(if: $big) {" + aliases(40, "node { ...F }")
                + " } skipped: nodes @skip(if: true) { ...F } } fragment F on Node { id name child { id } }";
        OperationLimits limits = new OperationLimits(20, 100);
        assertThat(measure(limits, document, Map.of("big", false))).isEqualTo(new OperationLimits.Size(2, 2));
        assertThatThrownBy(() -> measure(limits, document, Map.of("big", true)))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum query complexity exceeded 101 > 100");
    }

    @Test
    @DisplayName("under an interface or a union, each possible type's selection counts; a key selected on several is one field")
    void abstractTypes() {
        assertThat(measure(GENEROUS, "{ search { __typename ... on Node { id name } ... on Tag { name label } } }"))
                .isEqualTo(new OperationLimits.Size(2, 5));
        assertThat(measure(GENEROUS, "{ named { name ... on Tag { node { ...N } } } } fragment N on Node { id child { id } }"))
                .isEqualTo(new OperationLimits.Size(4, 6));
    }

    @Test
    @DisplayName("fragment bombs are measured as the engine collects them, each fragment once per field")
    void fragmentBombs() {
        // 10^8 spreads of B8 in the root selection set: the engine collects B8 once, so do we.
        StringBuilder wide = new StringBuilder("{ ...B0 }");
        for (int i = 0; i < 8; i++) {
            wide.append(" fragment B").append(i).append(" on Query {").append((" ...B" + (i + 1)).repeat(10)).append(" }");
        }
        wide.append(" fragment B8 on Query { node { id } }");
        assertThat(measure(GENEROUS, wide.toString())).isEqualTo(new OperationLimits.Size(2, 2));

        // Ten `child` fields spreading the next fragment on each of 8 levels: one merged field per level.
        StringBuilder deep = new StringBuilder("{ node { ...M0 } }");
        for (int i = 0; i < 8; i++) {
            deep.append(" fragment M").append(i).append(" on Node {")
                    .append((" child { ...M" + (i + 1) + " }").repeat(10)).append(" }");
        }
        deep.append(" fragment M8 on Node { id }");
        assertThat(measure(GENEROUS, deep.toString())).isEqualTo(new OperationLimits.Size(10, 10));
    }

    @Test
    @DisplayName("graphql-java's own instrumentations enter a named fragment once only (issue #1695): they let these pass")
    void graphQlJavaInstrumentationsMissFragmentUses() {
        assertThat(execute(new MaxQueryDepthInstrumentation(5), NINE_DEEP_THROUGH_A_FRAGMENT).getErrors()).isEmpty();
        assertThat(execute(new MaxQueryComplexityInstrumentation(100), FORTY_SPREADS).getErrors()).isEmpty();

        assertThat(execute(new OperationLimits(5, 1000), NINE_DEEP_THROUGH_A_FRAGMENT).getErrors())
                .extracting(error -> error.getMessage()).containsExactly("maximum query depth exceeded 6 > 5");
        assertThat(execute(new OperationLimits(20, 100), FORTY_SPREADS).getErrors())
                .extracting(error -> error.getMessage()).containsExactly("maximum query complexity exceeded 101 > 100");
    }

    @Test
    @DisplayName("on the engine: a refused operation runs nothing and answers one ExecutionAborted error")
    void onTheEngine() {
        OperationLimits limits = new OperationLimits(3, 6);
        ExecutionResult refused = execute(limits, "{ node { child { child { child { id } } } } }");
        assertThat(refused.<Object>getData()).isNull();
        assertThat(refused.getErrors()).hasSize(1);
        assertThat(refused.getErrors().get(0).getErrorType()).isEqualTo(ErrorType.ExecutionAborted);
        assertThat(refused.getErrors().get(0).getMessage()).isEqualTo("maximum query depth exceeded 4 > 3");

        ExecutionResult accepted = execute(limits, "{ node { ...F } } fragment F on Node { id name }");
        assertThat(accepted.getErrors()).isEmpty();
        assertThat(accepted.<Map<String, Object>>getData()).isEqualTo(Map.of("node", NODE));
    }

    @Test
    @DisplayName("a subscription is measured too")
    void subscription() {
        ExecutionResult refused = execute(new OperationLimits(3, 100),
                "subscription { ticks { child { child { child { id } } } } }");
        assertThat(refused.<Object>getData()).isNull();
        assertThat(refused.getErrors()).extracting(error -> error.getMessage())
                .containsExactly("maximum query depth exceeded 4 > 3");

        ExecutionResult accepted = execute(new OperationLimits(3, 100), "subscription { ticks { id name } }");
        assertThat(accepted.getErrors()).isEmpty();
        assertThat(accepted.<Object>getData()).isNotNull();
    }

    /** Asserts that measuring a document with generous limits refuses it, naming an introspection field. */
    private static void assertOnlyOnce(String document, String coordinate) {
        assertThatThrownBy(() -> measure(GENEROUS, document))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("introspection field " + coordinate + " may appear only once per operation");
    }

    /**
     * The ofType bomb: fragments T0..T6 each selecting {@code ofType} with ten spreads of the next one, under
     * {@code __schema { types { ...T0 } } }. graphql-java's GoodFaithIntrospection normalises it by re-expanding a
     * fragment at every spread (10^7 collections); the engine and this walk collect each fragment once per field.
     */
    static String ofTypeBomb(String leaf) {
        StringBuilder bomb = new StringBuilder("{ __schema { types { ...T0 } } }");
        for (int i = 0; i < 7; i++) {
            bomb.append(" fragment T").append(i).append(" on __Type { ").append(leaf).append(" ofType {")
                    .append((" ...T" + (i + 1)).repeat(10)).append(" } }");
        }
        return bomb.append(" fragment T7 on __Type { name }").toString();
    }

    @Test
    @DisplayName("__schema and __type: once each on the query root, also through fragments")
    void introspectionRootFieldsOnce() {
        assertThat(measure(GENEROUS, "{ __schema { queryType { name } } __type(name: \"Node\") { name } }"))
                .isEqualTo(new OperationLimits.Size(3, 5));
        // The same response key, merged, is one field.
        assertThat(measure(GENEROUS, "{ __schema { queryType { name } } ...Q } fragment Q on Query { __schema { types { name } } }"))
                .isEqualTo(new OperationLimits.Size(3, 5));

        assertOnlyOnce("{ a: __schema { queryType { name } } b: __schema { types { name } } }", "Query.__schema");
        assertOnlyOnce("{ a: __type(name: \"Node\") { name } b: __type(name: \"Tag\") { name } }", "Query.__type");
        assertOnlyOnce("{ a: __schema { queryType { name } } ...Q } fragment Q on Query { b: __schema { types { name } } }",
                "Query.__schema");
    }

    @Test
    @DisplayName("__Type.fields, inputFields, interfaces, possibleTypes: once each in the operation, also through fragments")
    void typeFieldsOnce() {
        for (String field : new String[] {"fields", "inputFields", "interfaces", "possibleTypes"}) {
            String coordinate = "__Type." + field;
            assertThat(measure(GENEROUS, "{ __schema { types { " + field + " { name } } } }"))
                    .as(coordinate).isEqualTo(new OperationLimits.Size(4, 4));
            assertThat(measure(GENEROUS, "{ __schema { types { ...T ...T } } }"
                    + " fragment T on __Type { " + field + " { name } }"))
                    .as(coordinate).isEqualTo(new OperationLimits.Size(4, 4));

            assertOnlyOnce("{ __schema { types { a: " + field + " { name } b: " + field + " { name } } } }", coordinate);
            assertOnlyOnce("{ __schema { types { " + field + " { name } ofType { " + field + " { name } } } } }",
                    coordinate);
            assertOnlyOnce("{ __schema { types { ...T ofType { ...T } } } } fragment T on __Type { " + field
                    + " { name } }", coordinate);
            assertOnlyOnce("{ __schema { types { " + field + " { name } } } __type(name: \"Node\") { " + field
                    + " { name } } }", coordinate);
        }
        // Different fields of the list, each once: the full introspection query.
        assertThat(measure(GENEROUS, graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY).depth())
                .isEqualTo(13);
        assertThat(measure(new OperationLimits(20, 1000), graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY))
                .isNotNull();
    }

    @Test
    @DisplayName("an introspection operation is bounded to graphql-java's 20 levels and 500 fields; others are not")
    void introspectionBounds() {
        String deep = "{ __schema { types { " + "ofType { ".repeat(17) + "name" + " }".repeat(17) + " } } }";
        assertThat(measure(GENEROUS, deep)).isEqualTo(new OperationLimits.Size(20, 20));
        String deeper = "{ __schema { types { " + "ofType { ".repeat(18) + "name" + " }".repeat(18) + " } } }";
        assertThatThrownBy(() -> measure(GENEROUS, deeper))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum introspection query depth exceeded 21 > 20");

        assertThat(measure(GENEROUS, "{ __schema { types {" + aliases(498, "name") + " } } }"))
                .isEqualTo(new OperationLimits.Size(3, 500));
        assertThatThrownBy(() -> measure(GENEROUS, "{ __schema { types {" + aliases(499, "name") + " } } }"))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum introspection query complexity exceeded 501 > 500");
        // The bounds cover the whole operation that asks for __schema or __type.
        assertThatThrownBy(() -> measure(GENEROUS, "{ __type(name: \"Node\") { name } node {" + aliases(499, "id") + " } }"))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum introspection query complexity exceeded 501 > 500");

        // Without introspection, only this instance's limits apply.
        assertThat(measure(GENEROUS, "{ node {" + aliases(600, "id") + " } }")).isEqualTo(new OperationLimits.Size(2, 601));
        // Stricter limits of this instance keep their own message.
        assertThatThrownBy(() -> measure(new OperationLimits(20, 1000), deeper))
                .isInstanceOf(AbortExecutionException.class)
                .hasMessage("maximum query depth exceeded 21 > 20");
    }

    @Test
    @DisplayName("the ofType fragment bomb is measured linearly: 10 levels, 10 fields")
    void ofTypeBombMeasured() {
        assertThat(measure(GENEROUS, ofTypeBomb(""))).isEqualTo(new OperationLimits.Size(10, 10));
        // With __Type.fields in each fragment, it appears on every level: refused at its second occurrence.
        assertOnlyOnce(ofTypeBomb("fields { name }"), "__Type.fields");
    }

    @Test
    @DisplayName("on the engine: graphql-java's GoodFaithIntrospection is turned off, its rules answered by ours")
    void goodFaithIntrospectionReplaced() {
        String twice = "{ __schema { types { fields { name } ofType { fields { name } } } } }";

        // graphql-java alone refuses it with its own error, of a classification of its own.
        ExecutionResult own = GraphQL.newGraphQL(SCHEMA).build().execute(twice);
        assertThat(own.getErrors()).singleElement().satisfies(error -> {
            assertThat(error.getErrorType().toString()).isEqualTo("BadFaithIntrospection");
            assertThat(error.getMessage()).contains("__Type.fields is present too often");
        });

        ExecutionInput input = ExecutionInput.newExecutionInput(twice).build();
        ExecutionResult ours = GraphQL.newGraphQL(SCHEMA).instrumentation(GENEROUS).build().execute(input);
        assertThat(ours.<Object>getData()).isNull();
        assertThat(ours.getErrors()).singleElement().satisfies(error -> {
            assertThat(error.getErrorType()).isEqualTo(ErrorType.ExecutionAborted);
            assertThat(error.getMessage()).isEqualTo("introspection field __Type.fields may appear only once per operation");
        });
        assertThat(input.getGraphQLContext().getBoolean(GoodFaithIntrospection.GOOD_FAITH_INTROSPECTION_DISABLED))
                .isTrue();
        assertThat(GoodFaithIntrospection.isEnabledJvmWide()).isTrue();

        ExecutionInput bomb = ExecutionInput.newExecutionInput(ofTypeBomb("")).build();
        ExecutionResult ran = GraphQL.newGraphQL(SCHEMA).instrumentation(GENEROUS).build().execute(bomb);
        assertThat(ran.getErrors()).isEmpty();
        assertThat(ran.<Map<String, Object>>getData()).containsKey("__schema");
        assertThat(bomb.getGraphQLContext().getBoolean(GoodFaithIntrospection.GOOD_FAITH_INTROSPECTION_DISABLED))
                .isTrue();
    }

    @Test
    @DisplayName("limits must be positive")
    void positiveLimits() {
        assertThatThrownBy(() -> new OperationLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OperationLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new OperationLimits(1, 1)).doesNotThrowAnyException();
    }
}
