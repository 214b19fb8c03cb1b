package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.Locale;
import java.util.function.Function;

/** Shared parsing of raw input fields for {@link NewConnexion.Input} and {@link ConnexionChanges.Input}. */
final class Parsing {

    private Parsing() {
    }

    static <T, R> Either<DomainError, Option<R>> optional(Option<? extends T> value, Function<T, Either<DomainError, R>> parse) {
        Option<? extends T> given = value == null ? Option.none() : value;
        return given.fold(() -> Either.right(Option.none()), v -> parse.apply(v).map(Option::some));
    }

    static Either<DomainError, ClientType> clientType(String raw) {
        Option<ClientType> byCode = raw == null ? Option.none() : ClientType.fromCode(raw.trim().toLowerCase(Locale.ROOT));
        return byCode.toEither(() -> InvalidField.of("clientType",
                "must be one of reseau, reseau_agence, agence_independante"));
    }

    static Either<DomainError, JsonDocument> extensions(String raw) {
        return raw == null
                ? Either.left(InvalidField.of("extensions", "must be a JSON object"))
                : NewConnexion.extensionsObject(new JsonDocument(raw));
    }
}
