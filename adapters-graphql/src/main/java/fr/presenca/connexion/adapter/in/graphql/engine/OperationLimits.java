package fr.presenca.connexion.adapter.in.graphql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.AbortExecutionException;
import graphql.execution.CoercedVariables;
import graphql.execution.ExecutionContext;
import graphql.execution.FieldCollector;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.MergedField;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.introspection.GoodFaithIntrospection;
import graphql.introspection.Introspection;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * Bounds the depth and the number of fields of every operation before it executes, measured on the operation as
 * it will run: every fragment spread expanded, each alias a field of its own, fields of the same response key
 * merged, {@code @skip}/{@code @include} decided with the request's variables.
 * <p>
 * The depth is the longest chain of nested fields (a root field is at depth 1). The complexity is the number of
 * fields: one per merged field of every selection set, recursively, like graphql-java's default complexity of 1
 * per field. A field selected under a list counts once, not once per item.
 * <p>
 * graphql-java's {@code MaxQueryDepthInstrumentation} and {@code MaxQueryComplexityInstrumentation} walk the
 * document with a traversal that enters a named fragment only the first time it is spread (graphql-java issue
 * #1695): forty aliases spreading one fragment counted as one. Nor is {@code ExecutableNormalizedOperationFactory}
 * safe here, though it expands fragments: it collects a fragment again at every spread, also where the engine
 * collects it once, so that a valid document of a few hundred characters whose fragments each spread the next ten
 * times costs it 10^levels before its own field limit is reached (8 levels, 740 characters, 3 fields: out of
 * memory with a 6 GB heap; 6 levels of one repeated field: 4 seconds for an operation of 9 fields). graphql-java's
 * GoodFaithIntrospection normalises every introspection operation with it, after this check: a valid document of
 * 1,239 characters, fragments spreading the next one ten times under {@code ofType}, cost it 11 seconds of CPU.
 * <p>
 * So this instrumentation turns GoodFaithIntrospection off for the engine it is installed on (the
 * {@link GoodFaithIntrospection#GOOD_FAITH_INTROSPECTION_DISABLED} key of each execution's {@link GraphQLContext},
 * set before graphql-java looks at it; not the JVM-wide switch) and enforces its rules itself, in the same walk:
 * {@code __schema} and {@code __type} at most once each on the query root, {@code __Type.fields},
 * {@code __Type.inputFields}, {@code __Type.interfaces} and {@code __Type.possibleTypes} at most once each in
 * the whole operation (each alias a field of its own, fragments expanded), and an operation that selects
 * {@code __schema} or {@code __type} at most {@value #INTROSPECTION_MAX_DEPTH} deep with
 * {@value #INTROSPECTION_MAX_FIELDS} fields (graphql-java 25's bounds, when stricter than this instrumentation's).
 * <p>
 * So the selection sets are collected here by the engine's own {@link FieldCollector}, the one execution uses
 * ({@code @Internal} in graphql-java: should an upgrade change it, the build breaks, not the limits): a fragment is
 * collected once per merged field, the engine's rule, which keeps the work linear in the document for each field
 * counted. Measuring stops at the first field beyond a limit, so no document costs more than the limit's worth of
 * fields, and the error names the depth or count where it stopped (the limit plus one).
 * <p>
 * Runs in {@code beginExecuteOperation}: for every request, documents from {@link ParsedDocumentCache} included,
 * and for subscriptions as for queries and mutations. The abort is graphql-java's {@link AbortExecutionException},
 * an {@code ExecutionAborted} error that {@code ErrorCodeInterceptor} answers as BAD_REQUEST.
 */
public final class OperationLimits extends SimplePerformantInstrumentation {

    /** The depth allowed to an operation that asks for {@code __schema} or {@code __type}: graphql-java's. */
    public static final int INTROSPECTION_MAX_DEPTH = GoodFaithIntrospection.GOOD_FAITH_MAX_DEPTH_COUNT;

    /** The number of fields allowed to an operation that asks for {@code __schema} or {@code __type}: graphql-java's. */
    public static final int INTROSPECTION_MAX_FIELDS = GoodFaithIntrospection.GOOD_FAITH_MAX_FIELDS_COUNT;

    /** The introspection root fields allowed once per operation, on the query root (GoodFaithIntrospection's). */
    private static final Set<String> ONCE_ON_QUERY = Set.of(
            Introspection.SchemaMetaFieldDef.getName(), Introspection.TypeMetaFieldDef.getName());

    /** The fields of {@code __Type} allowed once per operation (GoodFaithIntrospection's). */
    private static final Set<String> ONCE_ON_TYPE = Set.of("fields", "inputFields", "interfaces", "possibleTypes");

    private final int maxDepth;
    private final int maxFields;
    private final FieldCollector collector = new FieldCollector();

    /**
     * @param maxDepth  longest chain of nested fields allowed
     * @param maxFields most fields allowed in an operation, fragments expanded
     */
    public OperationLimits(int maxDepth, int maxFields) {
        if (maxDepth < 1 || maxFields < 1) {
            throw new IllegalArgumentException("the limits must be positive: depth " + maxDepth + ", fields " + maxFields);
        }
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        // graphql-java checks introspection operations after this, with a normalisation that re-expands fragments at
        // every spread; its rules are enforced by the measuring instead.
        context.getGraphQLContext().put(GoodFaithIntrospection.GOOD_FAITH_INTROSPECTION_DISABLED, true);
        measure(context.getGraphQLSchema(), context.getOperationDefinition(), context.getFragmentsByName(),
                context.getCoercedVariables(), context.getGraphQLContext());
        return super.beginExecuteOperation(parameters, state);
    }

    /** The depth and the number of fields of an operation within the limits. */
    record Size(int depth, int fields) {
    }

    /**
     * Measures an operation of a valid document.
     *
     * @throws AbortExecutionException at the first field beyond the depth or the field limit, or at the second
     *                                  occurrence of an introspection field allowed once
     */
    Size measure(GraphQLSchema schema, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
                 CoercedVariables variables, GraphQLContext graphQLContext) {
        return new Measure(schema, fragments, variables, graphQLContext).of(operation);
    }

    /** One field of the operation where it is selected on one object type: its merged AST fields there. */
    private record Occurrence(GraphQLObjectType parentType, MergedField field) {
    }

    /** The measuring of one operation. */
    private final class Measure {

        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private final GraphQLContext graphQLContext;
        private final Map<String, Integer> onceFields = new HashMap<>();
        private int depthLimit = maxDepth;
        private int fieldLimit = maxFields;
        private String depthLimited = "query";
        private String fieldLimited = "query";
        private int fields;
        private int depth;

        Measure(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, CoercedVariables variables,
                GraphQLContext graphQLContext) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables.toMap();
            this.graphQLContext = graphQLContext;
        }

        Size of(OperationDefinition operation) {
            GraphQLObjectType root = switch (operation.getOperation()) {
                case QUERY -> schema.getQueryType();
                case MUTATION -> schema.getMutationType();
                case SUBSCRIPTION -> schema.getSubscriptionType();
            };
            Map<String, List<Occurrence>> rootFields = new LinkedHashMap<>();
            collector.collectFields(parameters(root), operation.getSelectionSet()).getSubFields()
                    .forEach((key, field) -> rootFields.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Occurrence(root, field)));
            boolean introspection = rootFields.values().stream().flatMap(List::stream)
                    .anyMatch(occurrence -> ONCE_ON_QUERY.contains(occurrence.field().getName()));
            // The error names the introspection bound where it is the stricter one.
            if (introspection && INTROSPECTION_MAX_DEPTH < maxDepth) {
                depthLimit = INTROSPECTION_MAX_DEPTH;
                depthLimited = "introspection query";
            }
            if (introspection && INTROSPECTION_MAX_FIELDS < maxFields) {
                fieldLimit = INTROSPECTION_MAX_FIELDS;
                fieldLimited = "introspection query";
            }
            visit(rootFields, 1);
            return new Size(depth, fields);
        }

        /** Counts the fields of one selection set, at {@code level}, and what each of them selects. */
        private void visit(Map<String, List<Occurrence>> fieldsByKey, int level) {
            for (List<Occurrence> field : fieldsByKey.values()) {
                fields++;
                if (level > depthLimit) {
                    throw new AbortExecutionException(
                            "maximum " + depthLimited + " depth exceeded " + level + " > " + depthLimit);
                }
                if (fields > fieldLimit) {
                    throw new AbortExecutionException(
                            "maximum " + fieldLimited + " complexity exceeded " + fields + " > " + fieldLimit);
                }
                countOnceFields(field);
                depth = Math.max(depth, level);
                Map<String, List<Occurrence>> selected = selectedBy(field);
                if (!selected.isEmpty()) {
                    visit(selected, level + 1);
                }
            }
        }

        /**
         * Counts a field among the introspection fields allowed once, as GoodFaithIntrospection counts them: each
         * field of the operation as it runs (an alias or another path is another field; the same response key
         * merged is one) once for each of its coordinates.
         */
        private void countOnceFields(List<Occurrence> field) {
            Set<String> coordinates = new TreeSet<>();
            for (Occurrence occurrence : field) {
                String name = occurrence.field().getName();
                GraphQLObjectType parentType = occurrence.parentType();
                if ((parentType == schema.getQueryType() && ONCE_ON_QUERY.contains(name))
                        || (Introspection.__Type.getName().equals(parentType.getName()) && ONCE_ON_TYPE.contains(name))) {
                    coordinates.add(parentType.getName() + "." + name);
                }
            }
            for (String coordinate : coordinates) {
                if (onceFields.merge(coordinate, 1, Integer::sum) > 1) {
                    throw new AbortExecutionException(
                            "introspection field " + coordinate + " may appear only once per operation");
                }
            }
        }

        /**
         * What one field selects, by response key. Under an abstract type each possible object type collects the
         * selection sets on its own (type conditions apply), and a response key selected on several of them is
         * one field: each object executes the selection of its own type only.
         */
        private Map<String, List<Occurrence>> selectedBy(List<Occurrence> field) {
            // The AST fields to collect, by object type of the value, in document order; each AST field once (by
            // identity), however many parent types led to it, so that the work does not multiply down the levels
            // of an abstract type.
            Map<GraphQLObjectType, List<Field>> byObjectType = new LinkedHashMap<>();
            Map<GraphQLObjectType, Set<Field>> seen = new LinkedHashMap<>();
            for (Occurrence occurrence : field) {
                GraphQLType type = GraphQLTypeUtil.unwrapAll(Introspection.getFieldDefinition(
                        schema, occurrence.parentType(), occurrence.field().getName()).getType());
                for (GraphQLObjectType objectType : possibleObjectTypes(type)) {
                    for (Field astField : occurrence.field().getFields()) {
                        if (astField.getSelectionSet() != null && seen.computeIfAbsent(objectType,
                                t -> Collections.newSetFromMap(new IdentityHashMap<>())).add(astField)) {
                            byObjectType.computeIfAbsent(objectType, t -> new ArrayList<>()).add(astField);
                        }
                    }
                }
            }
            Map<String, List<Occurrence>> selected = new LinkedHashMap<>();
            byObjectType.forEach((objectType, astFields) -> {
                // One collection for all the AST fields: a fragment they spread is collected once, as in execution.
                collector.collectFields(parameters(objectType), MergedField.newMergedField(astFields).build())
                        .getSubFields()
                        .forEach((key, child) -> selected.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Occurrence(objectType, child)));
            });
            return selected;
        }

        private List<GraphQLObjectType> possibleObjectTypes(GraphQLType type) {
            if (type instanceof GraphQLObjectType objectType) {
                return List.of(objectType);
            }
            if (type instanceof GraphQLInterfaceType interfaceType) {
                return schema.getImplementations(interfaceType);
            }
            if (type instanceof GraphQLUnionType unionType) {
                return unionType.getTypes().stream()
                        .filter(GraphQLObjectType.class::isInstance).map(GraphQLObjectType.class::cast).toList();
            }
            return List.of();
        }

        private FieldCollectorParameters parameters(GraphQLObjectType objectType) {
            return FieldCollectorParameters.newParameters()
                    .schema(schema)
                    .objectType(objectType)
                    .fragments(fragments)
                    .variables(variables)
                    .graphQLContext(graphQLContext)
                    .build();
        }
    }
}
