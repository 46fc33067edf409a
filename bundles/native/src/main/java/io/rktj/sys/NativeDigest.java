package io.rktj.sys;

import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * SHA-256 and SHA-512 computed by the host's libcrypto (OpenSSL 3, which Debian's systemd depends
 * on), falling back to the JDK's digests where it cannot be loaded. rkt's commands run with the
 * JIT's first tier only (start-up matters more), and that tier has no intrinsic for SHA: the JDK's
 * digest then costs about a second of CPU per 100 MB, which is most of a layer download's work.
 * OpenSSL uses the CPU's SHA instructions whatever the JVM does.
 */
public final class NativeDigest extends MessageDigest {

    /** The libcrypto functions used; absent when the library or a symbol is missing. */
    interface LibCrypto extends Library {
        Pointer EVP_MD_CTX_new();

        void EVP_MD_CTX_free(Pointer ctx);

        Pointer EVP_sha256();

        Pointer EVP_sha512();

        int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

        int EVP_DigestFinal_ex(Pointer ctx, Pointer md, Pointer size);
    }

    private static final LibCrypto CRYPTO = load();
    private static final Cleaner CLEANER = Cleaner.create();
    /** Updates are gathered up to this size so a native call is made per chunk, not per small write. */
    private static final int CHUNK = 1 << 16;

    private final Pointer type;
    private final int length;
    private final Pointer ctx;
    /** Native memory the updates are gathered in; {@code used} bytes of it are not yet digested. */
    private final Memory staging = new Memory(CHUNK);
    private int used;

    private NativeDigest(String algorithm, Pointer type, int length) {
        super(algorithm);
        this.type = type;
        this.length = length;
        Pointer created = CRYPTO.EVP_MD_CTX_new();
        if (created == null) {
            throw new ProviderException("libcrypto: EVP_MD_CTX_new failed");
        }
        this.ctx = created;
        CLEANER.register(this, () -> CRYPTO.EVP_MD_CTX_free(created));
        init();
    }

    private static LibCrypto load() {
        if ("off".equals(System.getProperty("rkt.native.digest"))) {
            return null;
        }
        try {
            LibCrypto crypto = Native.load("libcrypto.so.3", LibCrypto.class);
            crypto.EVP_sha256(); // a missing symbol shows here, not in the middle of a digest
            return crypto;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Whether digests come from libcrypto in this process. */
    public static boolean available() {
        return CRYPTO != null;
    }

    /** A new SHA-256 digest: libcrypto's when it can be loaded, else the JDK's. */
    public static MessageDigest sha256() {
        return create("SHA-256");
    }

    /** A new SHA-512 digest: libcrypto's when it can be loaded, else the JDK's. */
    public static MessageDigest sha512() {
        return create("SHA-512");
    }

    private static MessageDigest create(String algorithm) {
        if (CRYPTO != null) {
            Pointer type = "SHA-256".equals(algorithm) ? CRYPTO.EVP_sha256() : CRYPTO.EVP_sha512();
            if (type != null) {
                return new NativeDigest(algorithm, type, "SHA-256".equals(algorithm) ? 32 : 64);
            }
        }
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private void init() {
        if (CRYPTO.EVP_DigestInit_ex(ctx, type, null) != 1) {
            throw new ProviderException("libcrypto: EVP_DigestInit_ex failed for " + getAlgorithm());
        }
        used = 0;
    }

    @Override
    protected int engineGetDigestLength() {
        return length;
    }

    @Override
    protected void engineUpdate(byte input) {
        if (used == CHUNK) {
            flush();
        }
        staging.setByte(used++, input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        while (len > 0) {
            if (used == CHUNK) {
                flush();
            }
            int n = Math.min(len, CHUNK - used);
            staging.write(used, input, offset, n);
            used += n;
            offset += n;
            len -= n;
        }
    }

    private void flush() {
        if (used == 0) {
            return;
        }
        if (CRYPTO.EVP_DigestUpdate(ctx, staging, used) != 1) {
            throw new ProviderException("libcrypto: EVP_DigestUpdate failed for " + getAlgorithm());
        }
        used = 0;
    }

    @Override
    protected byte[] engineDigest() {
        flush();
        try (Memory out = new Memory(64)) {
            if (CRYPTO.EVP_DigestFinal_ex(ctx, out, null) != 1) {
                throw new ProviderException("libcrypto: EVP_DigestFinal_ex failed for " + getAlgorithm());
            }
            byte[] digest = out.getByteArray(0, length);
            init();
            return digest;
        }
    }

    @Override
    protected void engineReset() {
        init();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("a libcrypto digest is not cloned");
    }
}
