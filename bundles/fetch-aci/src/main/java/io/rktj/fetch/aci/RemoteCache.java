package io.rktj.fetch.aci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What rkt's {@code remote} table held, one JSON file per URL under {@code <dir>/cas/remote/}:
 * the image URL, its signature URL, the ETag and Cache-Control max-age of the last answer, when it
 * was downloaded, and the id of the image it gave. Partial downloads wait in
 * {@code <dir>/cas/remote/partial/} under the same key; a finished one is renamed to a name of
 * its own ({@code <key>.done-<pid>-<random>.aci}) until it is imported or refused.
 */
final class RemoteCache {
    /** One row of rkt's remote table. */
    record Remote(String aciURL, String sigURL, String etag, String blobKey, long cacheMaxAge, String downloadTime) {
        /** Still fresh by its max-age: used without asking the server. */
        boolean fresh(Instant now) {
            return cacheMaxAge > 0 && downloadTime != null
                    && now.isBefore(Instant.parse(downloadTime).plusSeconds(cacheMaxAge));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    RemoteCache(Path dataDir) {
        this.dir = dataDir.resolve("cas").resolve("remote");
    }

    static String key(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path partial(String url) {
        return dir.resolve("partial").resolve(key(url));
    }

    Optional<Remote> get(String url) throws IOException {
        Path f = dir.resolve(key(url) + ".json");
        try {
            Remote r = JSON.readValue(Files.readAllBytes(f), Remote.class);
            return url.equals(r.aciURL()) ? Optional.of(r) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a record that does not parse is as good as none: the image is downloaded again
            return Optional.empty();
        }
    }

    void put(Remote r) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(key(r.aciURL()) + ".json");
        Path tmp = Files.createTempFile(dir, ".remote-", ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(r));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new name for a finished download of the URL, private to this process. */
    Path done(String url) throws IOException {
        Path partialDir = Files.createDirectories(dir.resolve("partial"));
        return Files.createTempFile(partialDir, key(url) + ".done-" + ProcessHandle.current().pid() + "-", ".aci");
    }
}
