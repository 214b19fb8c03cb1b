package fr.presenca.connexion.adapter.in.graphql.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Parsed and validated documents, keyed by their text: partners send the same document again and again with
 * other variables, and parsing plus validating it each time cost about a fifth of the service's CPU.
 * <p>
 * Only what parsing and validation alone decide is cached. The depth and complexity limits are checked when the
 * operation starts executing, so they still apply to every request, cached document or not.
 */
public final class ParsedDocumentCache implements PreparsedDocumentProvider {

    /** Documents longer than this are parsed every time: one client must not fill memory with huge documents. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 16 * 1024;

    /**
     * Least weight of a document, in characters of text. Each document weighs its length but at least this, and
     * the cache holds at most {@code maxDocuments} times this: so at most {@code maxDocuments} documents, and for
     * 1000 at most 256k characters (some 13 MB of syntax trees at worst). A count alone would not bound memory: the
     * syntax tree of a dense 16k-character document takes up to ~800 KiB, a thousand of them far more than the heap.
     */
    public static final int MIN_DOCUMENT_WEIGHT = 256;

    private final Cache<String, PreparsedDocumentEntry> documents;
    private final int maxQueryLength;

    /**
     * @param maxDocuments   how many documents (of up to {@link #MIN_DOCUMENT_WEIGHT} characters) to keep; 0 disables
     *                       the cache (every document is parsed)
     * @param maxQueryLength longest document text, in characters, that is cached
     */
    public ParsedDocumentCache(int maxDocuments, int maxQueryLength) {
        if (maxDocuments < 0 || maxQueryLength < 0) {
            throw new IllegalArgumentException("the cache's bounds must not be negative: " + maxDocuments
                    + " documents, " + maxQueryLength + " characters");
        }
        // Caffeine's admission policy (W-TinyLFU) keeps the documents sent often: a flood of distinct one-off
        // documents does not evict the partners' recurring ones.
        this.documents = maxDocuments == 0 ? null : Caffeine.newBuilder()
                .maximumWeight((long) maxDocuments * MIN_DOCUMENT_WEIGHT)
                .weigher((String query, PreparsedDocumentEntry entry) -> Math.max(query.length(), MIN_DOCUMENT_WEIGHT))
                .build();
        this.maxQueryLength = maxQueryLength;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
            ExecutionInput executionInput, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = executionInput.getQuery();
        if (documents == null || query == null || query.length() > maxQueryLength) {
            return CompletableFuture.completedFuture(parseAndValidate.apply(executionInput));
        }
        PreparsedDocumentEntry entry = documents.getIfPresent(query);
        if (entry == null) {
            // Parsed outside of any cache lock (not Cache.get(key, loader)): a request never waits for another
            // one's parsing, at the price of two concurrent first requests of one text both parsing it.
            entry = parseAndValidate.apply(executionInput);
            // An invalid document is not kept: it is parsed again each time and always answered with its errors
            // (in the locale of the request that sent it), and invalid texts take no room from valid ones.
            if (!entry.hasErrors()) {
                documents.put(query, entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** Approximate number of cached documents (for tests and diagnostics). */
    public long estimatedSize() {
        if (documents == null) {
            return 0;
        }
        documents.cleanUp();
        return documents.estimatedSize();
    }

    /** Whether the document of this exact text is cached (for tests and diagnostics). */
    public boolean contains(String query) {
        return documents != null && documents.asMap().containsKey(query);
    }
}
