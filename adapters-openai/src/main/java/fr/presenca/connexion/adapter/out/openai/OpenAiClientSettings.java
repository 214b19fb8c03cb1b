package fr.presenca.connexion.adapter.out.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the service calls OpenAI.
 *
 * @param baseUrl          the API's base URL (https://api.openai.com/v1)
 * @param connectTimeout   the longest wait for a connection
 * @param timeout          the longest a whole call may take, its streamed answer included
 * @param maxResponseBytes the largest answer read whole (a non-streamed answer); larger ones break off
 * @param maxEventBytes    the largest single event of a streamed answer
 * @param maxConnections   connections kept to OpenAI at most
 */
public record OpenAiClientSettings(URI baseUrl, Duration connectTimeout, Duration timeout, int maxResponseBytes,
                                   int maxEventBytes, int maxConnections) {

    public OpenAiClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the OpenAI timeouts must be positive");
        }
        if (maxResponseBytes < 1024 || maxEventBytes < 1024 || maxConnections < 1) {
            throw new IllegalArgumentException("the OpenAI size caps must be at least 1 KiB, the pool at least 1");
        }
    }
}
