package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two encodings OpenAI's current models use, each loaded once per JVM (building one parses a multi-megabyte
 * rank file). jtokkit's encodings are immutable and safe to share between threads.
 */
final class Tokenizers {

    private static final class Shared {
        static final Tokenizers INSTANCE = load();
    }

    private final Map<EncodingType, Encoding> encodings;

    private Tokenizers(Map<EncodingType, Encoding> encodings) {
        this.encodings = encodings;
    }

    static Tokenizers shared() {
        return Shared.INSTANCE;
    }

    private static Tokenizers load() {
        // The lazy registry builds only the encodings asked for, not p50k/r50k as well.
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        Map<EncodingType, Encoding> loaded = new EnumMap<>(EncodingType.class);
        for (EncodingType type : List.of(EncodingType.O200K_BASE, EncodingType.CL100K_BASE)) {
            loaded.put(type, registry.getEncoding(type));
        }
        return new Tokenizers(loaded);
    }

    Encoding[] of(ModelFamily family) {
        return family.encodings().stream().map(encodings::get).toArray(Encoding[]::new);
    }
}
