package io.rktj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** rkt trust's own checks, before any key is read (the key store is exercised by the functional tests). */
class TrustCommandTest {

    @Test
    void showsFingerprintsAsRktDid() {
        assertEquals("8B86 DE38 890D DB72 9186  7B02 5210 BD88 8818 2190",
                TrustCommand.fingerprint("8b86de38890ddb7291867b025210bd8888182190"));
    }

    @Test
    void refusesUnboundedTrustBothScopesAndASchemeInThePrefix() {
        Harness h = new Harness();
        Harness.Result unbounded = h.run("trust", "key.gpg");
        assertEquals(254, unbounded.status());
        assertTrue(unbounded.err().startsWith("rkt: aborting due to implicit unbounded trust"), unbounded.err());
        assertEquals(1, unbounded.err().lines().count(), unbounded.err());

        Harness.Result both = h.run("trust", "--root", "--prefix=example.com", "key.gpg");
        assertEquals("rkt: --root and --prefix usage mutually exclusive\n", both.err());

        Harness.Result scheme = h.run("trust", "--prefix=https://example.com/app", "key.gpg");
        assertEquals("rkt: --prefix must not contain a URL scheme, omit https://\n", scheme.err());
        assertEquals(254, scheme.status());
    }
}
