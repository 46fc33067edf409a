package io.rktj.fetch.aci;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.openpgp.PGPPublicKeyRing;

import io.rktj.api.RktException;
import io.rktj.api.schema.ACIdentifier;

/**
 * rkt's trusted keys on disk: {@code <config>/trustedkeys/root.d/<fingerprint>} and
 * {@code <config>/trustedkeys/prefix.d/<prefix>/<fingerprint>}, for the system config and then
 * the local config. A key file is named by its primary key's fingerprint (40 lowercase hex
 * digits); an empty file masks the key of that fingerprint read before it.
 */
final class TrustStore {
    private final Path systemConfig;
    private final Path localConfig;

    TrustStore(Path systemConfig, Path localConfig) {
        this.systemConfig = systemConfig;
        this.localConfig = localConfig;
    }

    private static Path rootDir(Path config) {
        return config.resolve("trustedkeys").resolve("root.d");
    }

    private static Path prefixDir(Path config) {
        return config.resolve("trustedkeys").resolve("prefix.d");
    }

    /**
     * The keys trusted for an image name: the root keys, then the keys of every prefix the name
     * is at or under (a prefix is a whole number of the name's path segments).
     */
    Map<String, PGPPublicKeyRing> keysFor(String name) throws IOException {
        ACIdentifier.require("image name", name);
        Map<String, PGPPublicKeyRing> keys = new LinkedHashMap<>();
        List<Path> dirs = new ArrayList<>();
        dirs.add(rootDir(systemConfig));
        dirs.add(rootDir(localConfig));
        for (Path config : List.of(systemConfig, localConfig)) {
            String[] segments = name.split("/");
            StringBuilder prefix = new StringBuilder();
            for (String segment : segments) {
                prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
                dirs.add(prefixDir(config).resolve(prefix.toString()));
            }
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String fileName = f.getFileName().toString();
                if (Files.size(f) == 0) {
                    keys.remove(fileName);
                    continue;
                }
                PGPPublicKeyRing ring = read(f);
                String fingerprint = Keyring.fingerprint(ring.getPublicKey());
                if (!fingerprint.equals(fileName)) {
                    throw new IOException("trusted key " + f + ": fingerprint mismatch: the key is " + fingerprint);
                }
                keys.put(fingerprint, ring);
            }
        }
        return keys;
    }

    private static PGPPublicKeyRing read(Path file) throws IOException {
        try {
            return Keyring.read(Files.readAllBytes(file)).get(0);
        } catch (IOException e) {
            throw new IOException("trusted key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the key file under the local config, named by its first key's fingerprint. */
    Path store(byte[] keyFile, String prefix) {
        try {
            String fingerprint = Keyring.fingerprint(Keyring.read(keyFile).get(0).getPublicKey());
            Path dir = rootDir(localConfig);
            if (prefix != null && !prefix.isEmpty()) {
                if (!ACIdentifier.isValid(prefix)) {
                    throw new RktException("prefix \"" + prefix + "\": not a valid image name prefix");
                }
                dir = prefixDir(localConfig).resolve(prefix);
            }
            createDirectories(dir);
            Path target = dir.resolve(fingerprint);
            Path tmp = Files.createTempFile(dir, "." + fingerprint, ".tmp");
            try {
                Files.write(tmp, keyFile);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw RktException.wrap("store key", e);
        }
    }

    /** Creates the key directory; those under trustedkeys/ get rkt's 0755 whatever the umask. */
    private void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path top = localConfig.resolve("trustedkeys");
        for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
