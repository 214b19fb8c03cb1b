package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * Local mode's generated secrets, kept beside the embedded database's data so that tokens printed at one
 * start still work after a restart. The file is readable by its owner only.
 */
final class LocalModeFiles {

    static final String FILE_NAME = "local-mode.properties";

    private final Path file;

    LocalModeFiles(Path home) {
        this.file = home.resolve(FILE_NAME);
    }

    /** The stored value of {@code key}, generating and storing one the first time. */
    synchronized String valueOf(String key, java.util.function.Supplier<String> generator) {
        Properties properties = load();
        String value = properties.getProperty(key);
        if (value == null) {
            value = generator.get();
            properties.setProperty(key, value);
            store(properties);
        }
        return value;
    }

    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A 256-bit key in standard base64, the form {@code PRESENCA_ENCRYPTION_KEY} takes. */
    static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }

    private Properties load() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
        return properties;
    }

    private void store(Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the directory's own protection applies.
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "openai-connexion local mode: generated secrets, keep private");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
