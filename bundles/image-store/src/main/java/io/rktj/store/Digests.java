package io.rktj.store;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.rktj.api.RktException;
import io.rktj.sys.NativeDigest;

/**
 * OCI digests ({@code sha256:<hex>}) and the store's names for them ({@code sha256-<hex>}, the
 * file name in {@code blobs/} and, for a manifest, the image id).
 */
final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {
    }

    /** Checks the form of a digest; only sha256 is supported, as in every registry in use. */
    static String require(String digest, String what) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new RktException(what + ": unsupported or malformed digest \"" + digest + "\"");
        }
        return digest;
    }

    static String storeName(String digest) {
        return digest.replace(':', '-');
    }

    static String digestOf(String storeName) {
        return storeName.replace('-', ':');
    }

    /** libcrypto's SHA-256 where the host has it (see {@link NativeDigest}), else the JDK's. */
    static MessageDigest sha256() {
        return NativeDigest.sha256();
    }

    static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
