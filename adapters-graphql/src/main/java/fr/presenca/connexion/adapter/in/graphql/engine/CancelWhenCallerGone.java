package fr.presenca.connexion.adapter.in.graphql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Cancels what a request's data fetchers are still doing when its caller goes away (connection closed, client
 * timeout): Spring for GraphQL then aborts graphql-java's execution, but the data fetchers' Monos, already turned into
 * futures, would run on to their end - a metering decision queued on a locked connexion would wait for the lock and
 * commit for a caller that never hears the answer. Each request gets a list of its data fetchers' futures; when the
 * request's Mono is cancelled, every one of them is cancelled, which cancels the Mono behind it (and so the database
 * work: see the persistence adapter's transactions).
 */
@Component
class CancelWhenCallerGone extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

    private static final String IN_FLIGHT = CancelWhenCallerGone.class.getName();

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        InFlight inFlight = new InFlight();
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(IN_FLIGHT, inFlight)).build());
        return chain.next(request).doOnCancel(inFlight::cancel);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        return environment -> {
            Object value = dataFetcher.get(environment);
            if (value instanceof CompletableFuture<?> future) {
                InFlight inFlight = environment.getGraphQlContext().get(IN_FLIGHT);
                if (inFlight != null) {
                    inFlight.add(future);
                }
            }
            return value;
        };
    }

    /** One request's data fetcher futures; once cancelled, a late one is cancelled as it arrives. */
    private static final class InFlight {
        private final List<CompletableFuture<?>> futures = new ArrayList<>();
        private boolean cancelled;

        void add(CompletableFuture<?> future) {
            synchronized (this) {
                if (!cancelled) {
                    futures.add(future);
                    return;
                }
            }
            future.cancel(true);
        }

        void cancel() {
            List<CompletableFuture<?>> running;
            synchronized (this) {
                cancelled = true;
                running = List.copyOf(futures);
                futures.clear();
            }
            running.forEach(future -> future.cancel(true));
        }
    }
}
