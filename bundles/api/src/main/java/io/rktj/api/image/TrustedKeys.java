package io.rktj.api.image;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * rkt's store of trusted signing keys: {@code trustedkeys/root.d/<fingerprint>} (trusted for
 * every image) and {@code trustedkeys/prefix.d/<prefix>/<fingerprint>} (trusted for the images
 * whose names are at or under the prefix), under --system-config and --local-config. Keys are
 * added to the local config; both are read.
 */
@ProviderType
public interface TrustedKeys {

    /**
     * Finds the keys a prefix publishes with appc meta discovery ({@code ac-discovery-pubkeys}).
     *
     * @param allowHttp   also try plain http (rkt's --insecure-allow-http)
     * @param insecureTls accept any TLS certificate (--insecure-options=tls)
     */
    List<String> discover(String prefix, boolean allowHttp, boolean insecureTls);

    /** Reads an armored public key from a file path or an http(s) URL and describes it. */
    PublicKey read(String location, boolean allowHttp, boolean insecureTls);

    /**
     * Stores the key as trusted for the prefix ({@code null} or empty: root, every image) and
     * returns the file it was written to.
     */
    Path trust(PublicKey key, String prefix);

    /**
     * A key as read.
     *
     * @param location where it came from
     * @param armored  the file as read (stored as is)
     * @param entities each key of the file: its primary key's fingerprint (40 lowercase hex
     *                 digits), its subkeys' fingerprints and its user ids
     */
    record PublicKey(String location, byte[] armored, List<Entity> entities) {
        public record Entity(String fingerprint, List<String> subkeyFingerprints, List<String> userIds) {
        }
    }
}
