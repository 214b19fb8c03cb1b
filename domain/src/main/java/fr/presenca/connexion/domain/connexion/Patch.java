package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A partial change of a nullable field: leave it, set it, or clear it. GraphQL distinguishes an
 * absent input field (keep) from an explicit null (clear); Option alone could not.
 */
public sealed interface Patch<T> permits Patch.Keep, Patch.Set, Patch.Clear {

    <R> R fold(Supplier<R> ifKeep, Function<? super T, R> ifSet, Supplier<R> ifClear);

    record Keep<T>() implements Patch<T> {
        @Override
        public <R> R fold(Supplier<R> ifKeep, Function<? super T, R> ifSet, Supplier<R> ifClear) {
            return ifKeep.get();
        }
    }

    record Set<T>(T value) implements Patch<T> {
        public Set {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R fold(Supplier<R> ifKeep, Function<? super T, R> ifSet, Supplier<R> ifClear) {
            return ifSet.apply(value);
        }
    }

    record Clear<T>() implements Patch<T> {
        @Override
        public <R> R fold(Supplier<R> ifKeep, Function<? super T, R> ifSet, Supplier<R> ifClear) {
            return ifClear.get();
        }
    }

    static <T> Patch<T> keep() {
        return new Keep<>();
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }

    static <T> Patch<T> clear() {
        return new Clear<>();
    }

    /** None = keep, Some(None) = clear, Some(Some(v)) = set: for adapters that model "absent vs null" that way. */
    static <T> Patch<T> of(Option<Option<T>> change) {
        return change.fold(Patch::keep, value -> value.fold(Patch::clear, Patch::set));
    }

    default Option<T> applyTo(Option<T> current) {
        return fold(() -> current, Option::some, Option::none);
    }

    default boolean isKeep() {
        return fold(() -> true, v -> false, () -> false);
    }

    /** Validates a set value; Keep and Clear pass through. */
    default <R> Either<DomainError, Patch<R>> traverse(Function<? super T, Either<DomainError, R>> parse) {
        return fold(() -> Either.right(keep()), v -> parse.apply(v).map(Patch::set), () -> Either.right(clear()));
    }
}
