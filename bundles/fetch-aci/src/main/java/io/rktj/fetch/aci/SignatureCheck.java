package io.rktj.fetch.aci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Checks a detached OpenPGP signature (armored or binary) over a file against trusted keys. */
final class SignatureCheck {
    private SignatureCheck() {
    }

    /** Why a signature was refused: one line. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Verifies the signature; returns the user ids of the key that made it.
     *
     * @param keys trusted keys by fingerprint
     * @param name the image name the keys were looked up for (for the message)
     */
    static List<String> verify(Map<String, PGPPublicKeyRing> keys, String name, Path signed, byte[] signature)
            throws Refused, IOException {
        List<PGPSignature> signatures = signatures(signature);
        if (signatures.isEmpty()) {
            throw new Refused("no valid signatures found in the signature file");
        }
        List<String> untrusted = new ArrayList<>();
        for (PGPSignature sig : signatures) {
            long keyId = sig.getKeyID();
            for (PGPPublicKeyRing ring : keys.values()) {
                PGPPublicKey key = ring.getPublicKey(keyId);
                if (key == null) {
                    continue;
                }
                if (!matches(sig, key, signed)) {
                    throw new Refused("the signature by key " + keyId(keyId)
                            + " does not match the image (the image or its signature was altered)");
                }
                List<String> ids = new ArrayList<>();
                ring.getPublicKey().getUserIDs().forEachRemaining(ids::add);
                return ids;
            }
            untrusted.add(keyId(keyId));
        }
        throw new Refused("signed by key " + String.join(", ", untrusted) + ", which is not trusted for \"" + name
                + "\" (add it with rkt trust --prefix " + name + " KEY)");
    }

    private static boolean matches(PGPSignature sig, PGPPublicKey key, Path signed) throws IOException {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            try (InputStream in = Files.newInputStream(signed)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sig.update(buf, 0, n);
                }
            }
            return sig.verify();
        } catch (PGPException e) {
            return false;
        }
    }

    private static List<PGPSignature> signatures(byte[] file) throws Refused {
        List<PGPSignature> result = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(file))) {
            collect(new BcPGPObjectFactory(in), result);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new Refused("the signature file is not an OpenPGP signature");
        }
        return result;
    }

    private static void collect(BcPGPObjectFactory factory, List<PGPSignature> into) throws IOException, PGPException {
        Object o;
        while ((o = factory.nextObject()) != null) {
            if (o instanceof PGPSignatureList list) {
                list.forEach(into::add);
            } else if (o instanceof PGPCompressedData compressed) {
                collect(new BcPGPObjectFactory(compressed.getDataStream()), into);
            }
        }
    }

    static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }
}
