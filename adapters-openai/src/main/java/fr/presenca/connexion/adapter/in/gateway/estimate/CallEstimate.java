package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;

public record CallEstimate(String model, int inputTokens, Option<Integer> maxOutputTokens, int outputMultiplier,
                           boolean stream, boolean clientAskedUsage) {
}
