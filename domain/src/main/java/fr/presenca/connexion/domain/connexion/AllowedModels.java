package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;

import java.util.Objects;

/**
 * The models a connexion may call (openai_modeles_autorises), in the order they were given.
 * Empty is allowed and means that nothing may be called.
 */
public final class AllowedModels {

    public static final String FIELD = "allowedModels";

    private static final AllowedModels SEED_DEFAULT =
            new AllowedModels(LinkedHashSet.of(new ModelName("gpt-3.5-turbo"), new ModelName("gpt-4")));

    private final LinkedHashSet<ModelName> models;

    private AllowedModels(LinkedHashSet<ModelName> models) {
        this.models = models;
    }

    /** Rejects blank names and duplicates (after trimming): an input list with a duplicate is a typo. */
    public static Either<DomainError, AllowedModels> of(Iterable<String> names) {
        return parse(names, false);
    }

    /**
     * Same as {@link #of} but drops duplicates instead of rejecting them, keeping the first
     * occurrence: for rows adopted from an existing database, whose arrays were never checked.
     */
    public static Either<DomainError, AllowedModels> ofDistinct(Iterable<String> names) {
        return parse(names, true);
    }

    public static AllowedModels none() {
        return new AllowedModels(LinkedHashSet.empty());
    }

    /** The seed's column default: gpt-3.5-turbo, gpt-4. */
    public static AllowedModels seedDefault() {
        return SEED_DEFAULT;
    }

    private static Either<DomainError, AllowedModels> parse(Iterable<String> names, boolean dropDuplicates) {
        if (names == null) {
            return Either.left(InvalidField.of(FIELD, "must be a list of model names"));
        }
        LinkedHashSet<ModelName> accepted = LinkedHashSet.empty();
        for (String raw : names) {
            Either<DomainError, ModelName> model = ModelName.of(FIELD, raw);
            if (model.isLeft()) {
                return Either.left(model.getLeft());
            }
            if (accepted.contains(model.get()) && !dropDuplicates) {
                return Either.left(InvalidField.of(FIELD, "duplicate model name '" + model.get().value() + "'"));
            }
            accepted = accepted.add(model.get());
        }
        return Either.right(new AllowedModels(accepted));
    }

    public boolean allows(ModelName model) {
        return models.contains(model);
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }

    /** Names in insertion order, unmodifiable. */
    public java.util.List<String> names() {
        return models.toJavaStream().map(ModelName::value).toList();
    }

    public List<ModelName> models() {
        return models.toList();
    }

    @Override
    public boolean equals(Object other) {
        // Order is part of the value: it is what the user typed and what the database stores.
        return other instanceof AllowedModels
                && models.toList().equals(((AllowedModels) other).models.toList());
    }

    @Override
    public int hashCode() {
        return Objects.hash(models.toList());
    }

    @Override
    public String toString() {
        return "AllowedModels" + names();
    }
}
