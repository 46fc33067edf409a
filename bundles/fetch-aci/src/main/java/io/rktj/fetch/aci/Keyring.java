package io.rktj.fetch.aci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

import io.rktj.api.image.TrustedKeys.PublicKey;

/** OpenPGP public key files read with BouncyCastle: armored (or binary) key rings. */
final class Keyring {
    private Keyring() {
    }

    /** The key rings of a key file; an error if it holds none. */
    static List<PGPPublicKeyRing> read(byte[] file) throws IOException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(file))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object o;
            while ((o = next(factory)) != null) {
                if (o instanceof PGPPublicKeyRing ring) {
                    rings.add(ring);
                }
            }
        }
        if (rings.isEmpty()) {
            throw new IOException("not an OpenPGP public key");
        }
        return rings;
    }

    private static Object next(BcPGPObjectFactory factory) throws IOException {
        try {
            return factory.nextObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException("not an OpenPGP public key: " + e.getMessage(), e);
        }
    }

    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().formatHex(key.getFingerprint());
    }

    /** The description rkt trust shows: primary fingerprints, subkeys and user ids. */
    static PublicKey describe(String location, byte[] file) throws IOException {
        List<PublicKey.Entity> entities = new ArrayList<>();
        for (PGPPublicKeyRing ring : read(file)) {
            PGPPublicKey primary = ring.getPublicKey();
            List<String> subkeys = new ArrayList<>();
            for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext();) {
                PGPPublicKey k = it.next();
                if (!k.isMasterKey()) {
                    subkeys.add(fingerprint(k));
                }
            }
            List<String> ids = new ArrayList<>();
            primary.getUserIDs().forEachRemaining(ids::add);
            entities.add(new PublicKey.Entity(fingerprint(primary), List.copyOf(subkeys), List.copyOf(ids)));
        }
        return new PublicKey(location, file.clone(), List.copyOf(entities));
    }
}
