package io.rktj.fetch.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;
import io.rktj.store.CasImageStore;

/** Local ACI files against the real store and keys made by BouncyCastle in the test. */
class AciFetcherTest {
    private static final ImportOptions INSECURE = new ImportOptions(Set.of("image"), "new");
    private static final ImportOptions SECURE = new ImportOptions(Set.of(), "new");

    private static TestKeys alice;
    private static TestKeys mallory;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        alice = TestKeys.generate("Alice <alice@example.com>");
        mallory = TestKeys.generate("Mallory <mallory@example.com>");
    }

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    private AciFetcher fetcher() {
        return new AciFetcher(dir.resolve("data"), dir.resolve("system"), dir.resolve("local"),
                new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    private CasImageStore store() {
        return CasImageStore.at(dir.resolve("data"));
    }

    private Path signed(String name, TestKeys by) throws IOException {
        byte[] aci = TestAci.image(name, "1.0", null);
        Path file = Files.write(dir.resolve(name.replace('/', '_') + ".aci"), aci);
        Files.write(Path.of(AciFetcher.ascPath(file.toString())), by.sign(aci));
        return file;
    }

    private void trust(TestKeys key, String prefix) {
        TrustedKeysService keys = new TrustedKeysService(dir.resolve("system"), dir.resolve("local"));
        Path keyFile = dir.resolve("key-" + key.fingerprint() + ".asc");
        try {
            Files.write(keyFile, key.armoredPublicKey());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        keys.trust(keys.read(keyFile.toString(), false, false), prefix);
    }

    @Test
    void acceptsFilesUrlsAndNames() throws IOException {
        AciFetcher f = fetcher();
        Path existing = Files.writeString(dir.resolve("image-without-suffix"), "x");
        assertTrue(f.accepts("./x.aci"));
        assertTrue(f.accepts("/abs/x.aci"));
        assertTrue(f.accepts("file:///abs/x"));
        assertTrue(f.accepts(existing.toString()));
        assertTrue(f.accepts("https://example.com/x.aci"));
        assertTrue(f.accepts("http://example.com/x.aci"));
        assertTrue(f.accepts("example.com/app:1.0"));
        assertTrue(f.accepts("example.com/app"));
        assertFalse(f.accepts("docker://busybox"));
        assertFalse(f.accepts("oci:/some/layout:tag"));
        assertFalse(f.accepts("oci-archive:/x.tar"));
        assertFalse(f.accepts(dir.toString()));
    }

    @Test
    void importsASignedImageByATrustedRootKey() throws IOException {
        trust(alice, null);
        Path file = signed("example.com/hello", alice);

        ImageInfo info = fetcher().fetch(file.toString(), SECURE, store());

        assertEquals("example.com/hello", info.name());
        assertEquals(List.of(info), store().list());
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("signature verified:\n  Alice <alice@example.com>"),
                notes::toString);
    }

    @Test
    void aPrefixKeyCoversNamesUnderThePrefixOnly() throws IOException {
        trust(alice, "example.com/team");
        Path inside = signed("example.com/team/app", alice);
        Path outside = signed("example.com/teamwork", alice);

        assertEquals("example.com/team/app", fetcher().fetch(inside.toString(), SECURE, store()).name());
        RktException e = assertThrows(RktException.class, () -> fetcher().fetch(outside.toString(), SECURE, store()));
        assertTrue(e.getMessage().contains("not trusted for \"example.com/teamwork\""), e.getMessage());
    }

    @Test
    void refusesAnUnsignedImageUnlessInsecure() throws IOException {
        Path file = Files.write(dir.resolve("x.aci"), TestAci.image("example.com/x", "1", null));

        RktException e = assertThrows(RktException.class, () -> fetcher().fetch(file.toString(), SECURE, store()));

        assertTrue(e.getMessage().startsWith("fetch " + file + ": no signature file " + file + ".asc"), e.getMessage());
        assertTrue(e.getMessage().contains("--insecure-options=image"), e.getMessage());
        assertEquals(List.of(), store().list());
        assertEquals("example.com/x", fetcher().fetch(file.toString(), INSECURE, store()).name());
    }

    @Test
    void refusesAnUntrustedSignerAndATamperedImage() throws IOException {
        trust(alice, null);
        Path byMallory = signed("example.com/evil", mallory);
        RktException untrusted = assertThrows(RktException.class, () -> fetcher().fetch(byMallory.toString(), SECURE, store()));
        assertTrue(untrusted.getMessage().contains("signature verification failed: signed by key"), untrusted.getMessage());

        Path tampered = signed("example.com/tampered", alice);
        byte[] other = TestAci.image("example.com/tampered", "2.0", null);
        Files.write(tampered, other);
        RktException altered = assertThrows(RktException.class, () -> fetcher().fetch(tampered.toString(), SECURE, store()));
        assertTrue(altered.getMessage().contains("does not match the image"), altered.getMessage());
        assertEquals(List.of(), store().list());
    }

    @Test
    void anEmptyLocalFileMasksASystemKey() throws IOException {
        Path systemRoot = Files.createDirectories(dir.resolve("system/trustedkeys/root.d"));
        Files.write(systemRoot.resolve(alice.fingerprint()), alice.armoredPublicKey());
        Path file = signed("example.com/masked", alice);
        assertEquals("example.com/masked", fetcher().fetch(file.toString(), SECURE, store()).name());

        Path localRoot = Files.createDirectories(dir.resolve("local/trustedkeys/root.d"));
        Files.write(localRoot.resolve(alice.fingerprint()), new byte[0]);
        Path again = signed("example.com/masked2", alice);
        assertThrows(RktException.class, () -> fetcher().fetch(again.toString(), SECURE, store()));
    }

    @Test
    void storesKeysInRktsLayout() throws IOException {
        trust(alice, "example.com/app");
        trust(mallory, null);

        Path prefixed = dir.resolve("local/trustedkeys/prefix.d/example.com/app/" + alice.fingerprint());
        Path root = dir.resolve("local/trustedkeys/root.d/" + mallory.fingerprint());
        assertTrue(Files.isRegularFile(prefixed), prefixed::toString);
        assertTrue(Files.isRegularFile(root), root::toString);
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }

    @Test
    void namesTheFileInEveryError() throws IOException {
        RktException missing = assertThrows(RktException.class, () -> fetcher().fetch("./no-such.aci", INSECURE, store()));
        assertEquals("fetch ./no-such.aci: no such file", missing.getMessage());

        Path text = Files.writeString(dir.resolve("text.aci"), "hello");
        RktException notAci = assertThrows(RktException.class, () -> fetcher().fetch(text.toString(), INSECURE, store()));
        assertTrue(notAci.getMessage().startsWith("fetch " + text + ": not an ACI"), notAci.getMessage());

        Path badName = Files.write(dir.resolve("bad.aci"), TestAci.image("Bad Name", "1", null));
        RktException invalid = assertThrows(RktException.class, () -> fetcher().fetch(badName.toString(), INSECURE, store()));
        assertEquals("fetch " + badName + ": image manifest: name: invalid ACIdentifier \"Bad Name\"", invalid.getMessage());
        assertEquals(List.of(), store().list());
    }

    @Test
    void theIdIsTheStoresId() throws IOException {
        Path file = Files.write(dir.resolve("id.aci"), TestAci.image("example.com/id", "1", null));
        assertEquals(AciContent.read(file).id(), fetcher().fetch(file.toString(), INSECURE, store()).id());
    }
}
