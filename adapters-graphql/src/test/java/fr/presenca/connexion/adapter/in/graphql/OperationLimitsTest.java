package fr.presenca.connexion.adapter.in.graphql;

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

    @Test
    @DisplayName("limits must be positive")
    void positiveLimits() {
        assertThatThrownBy(() -> new OperationLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OperationLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new OperationLimits(1, 1)).doesNotThrowAnyException();
    }
}
