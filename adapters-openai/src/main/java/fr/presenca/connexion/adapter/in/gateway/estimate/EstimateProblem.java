package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;

public record EstimateProblem(String message, Option<String> param) {
}
