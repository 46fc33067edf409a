package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.ImageServer;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;
import io.rktj.itests.support.SigningKey;

/**
 * ACIs from files and from an HTTPS server started by the test, signed with keys the test makes:
 * rkt trust stores keys in rkt's layout, a fetch takes an image only with a signature by a key
 * trusted for its name, revalidates with ETags and resumes a cut download.
 */
class AciFetchIT extends FunctionalTest {
    private static final Pattern SHORT_ID = Pattern.compile("sha512-[0-9a-f]{32}");

    private static SigningKey alice;
    private static SigningKey mallory;

    private final List<ImageServer> servers = new ArrayList<>();

    @BeforeAll
    static void keys() {
        alice = SigningKey.generate("Alice Example <alice@example.com>");
        mallory = SigningKey.generate("Mallory <mallory@example.com>");
    }

    @AfterEach
    void stopServers() {
        servers.forEach(ImageServer::close);
    }

    /** rkt with this test's own config dirs (never the host's /etc/rkt) and extra global flags. */
    private RktResult rkt(String... args) {
        List<String> all = new ArrayList<>(List.of("--local-config=" + ws.file("etc-rkt"),
                "--system-config=" + ws.file("usr-lib-rkt")));
        all.addAll(List.of(args));
        return rkt.run(all.toArray(new String[0]));
    }

    private Path keyFile(SigningKey key) {
        try {
            return Files.write(ws.file("key-" + key.fingerprint() + ".gpg"), key.armoredPublicKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void trust(SigningKey key, String prefix) {
        RktResult r = prefix == null
                ? rkt("trust", "--root", "--skip-fingerprint-review", keyFile(key).toString())
                : rkt("trust", "--prefix=" + prefix, "--skip-fingerprint-review", keyFile(key).toString());
        assertExit(0, r);
    }

    private ImageServer https() {
        ImageServer s = ImageServer.https(ws.file("tls"));
        servers.add(s);
        return s;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the image and its signature by {@code key} ({@code name.aci}, {@code name.aci.asc}). */
    private Path signedImage(String name, SigningKey key) {
        Path aci = image(name);
        try {
            Files.write(ws.image(name + ".aci.asc"), key.sign(bytes(aci)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return aci;
    }

    /** Serves {@code /name.aci} and its signature; returns the image URL. */
    private String serve(ImageServer server, String name, Path aci) {
        server.serve("/" + name + ".aci", aci);
        Path asc = ws.image(name + ".aci.asc");
        if (Files.exists(asc)) {
            server.serve("/" + name + ".aci.asc", asc);
        }
        return server.url("/" + name + ".aci");
    }

    private List<Path> imagesInStore() {
        Path dir = ws.dataDir().resolve("cas/images");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bad input: exit 254, one line naming the image, nothing in the store. */
    private void assertRefused(RktResult r, String image, String reason) {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), () -> "stderr must be one line\n" + r.describe());
        String line = r.stderrLines().get(0);
        assertTrue(line.startsWith("rkt: fetch " + image + ": "), r::describe);
        assertTrue(line.contains(reason), () -> "want \"" + reason + "\"\n" + r.describe());
        assertEquals(List.of(), imagesInStore(), r::describe);
    }

    @Test
    void trustStoresKeysInRktsLayoutAndSaysWhatItDid() {
        RktResult r = rkt("trust", "--prefix=example.com/hello", "--skip-fingerprint-review", keyFile(alice).toString());

        assertExit(0, r);
        String fp = alice.fingerprint().toUpperCase();
        String shown = String.join(" ", fp.substring(0, 4), fp.substring(4, 8), fp.substring(8, 12), fp.substring(12, 16),
                fp.substring(16, 20)) + "  " + String.join(" ", fp.substring(20, 24), fp.substring(24, 28),
                fp.substring(28, 32), fp.substring(32, 36), fp.substring(36, 40));
        Path stored = ws.file("etc-rkt").resolve("trustedkeys/prefix.d/example.com/hello/" + alice.fingerprint());
        assertEquals(List.of("gpg key fingerprint is: " + shown,
                "\tAlice Example <alice@example.com>",
                "Trusting \"" + keyFile(alice) + "\" for prefix \"example.com/hello\" without fingerprint review.",
                "Added key for prefix \"example.com/hello\" at \"" + stored + "\""), r.stdoutLines(), r::describe);
        assertEquals(List.of("pubkey: prefix: \"example.com/hello\"", "key: \"" + keyFile(alice) + "\""),
                r.stderrLines(), r::describe);
        assertTrue(Files.isRegularFile(stored), stored::toString);

        RktResult root = rkt("trust", "--root", "--skip-fingerprint-review", keyFile(mallory).toString());
        assertExit(0, root);
        Path rootKey = ws.file("etc-rkt").resolve("trustedkeys/root.d/" + mallory.fingerprint());
        assertTrue(root.stdoutLines().contains("Added root key at \"" + rootKey + "\""), root::describe);
    }

    @Test
    void trustRefusesUnboundedTrustAndAReviewWithoutATerminal() {
        RktResult unbounded = rkt("trust", keyFile(alice).toString());
        assertExit(254, unbounded);
        assertEquals(1, unbounded.stderrLines().size(), unbounded::describe);
        assertTrue(unbounded.stderrLines().get(0).startsWith("rkt: aborting due to implicit unbounded trust"), unbounded::describe);

        RktResult noTty = rkt("trust", "--prefix=example.com", keyFile(alice).toString());
        assertExit(254, noTty);
        assertTrue(noTty.stderr().contains("lack of tty"), noTty::describe);
        assertTrue(Files.notExists(ws.file("etc-rkt").resolve("trustedkeys")), noTty::describe);
    }

    /** On a terminal (script(1) gives rkt a pty) the fingerprint is reviewed: yes trusts, no does not. */
    @Test
    void onATerminalTheUserReviewsTheFingerprint() throws Exception {
        String yes = underPty("yes\n", "--prefix=example.com/yes", keyFile(alice).toString());
        assertTrue(yes.contains("Are you sure you want to trust this key (yes/no)?"), yes);
        assertTrue(yes.contains("for prefix \"example.com/yes\" after fingerprint review."), yes);
        assertTrue(Files.isRegularFile(ws.file("etc-rkt").resolve("trustedkeys/prefix.d/example.com/yes/" + alice.fingerprint())), yes);

        String no = underPty("maybe\nno\n", "--prefix=example.com/no", keyFile(alice).toString());
        assertTrue(no.contains("Please enter 'yes' or 'no'"), no);
        assertTrue(Files.notExists(ws.file("etc-rkt").resolve("trustedkeys/prefix.d/example.com/no")), no);
    }

    private String underPty(String input, String... trustArgs) throws Exception {
        StringBuilder command = new StringBuilder(rkt.binary().toString());
        for (String a : List.of("--dir=" + ws.dataDir(), "--local-config=" + ws.file("etc-rkt"),
                "--system-config=" + ws.file("usr-lib-rkt"), "trust")) {
            command.append(' ').append(a);
        }
        for (String a : trustArgs) {
            command.append(' ').append(a);
        }
        Path in = Files.writeString(ws.file("tty-input"), input);
        Path out = ws.file("tty-output");
        Process p = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "rkt trust under script(1) did not finish");
        String text = Files.readString(out).replace("\r", "");
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void aSignedFileIsFetchedAndAnUnsignedOneRefused() {
        trust(alice, "example.com/hello");
        Path signed = signedImage("hello", alice);

        RktResult ok = rkt("fetch", signed.toString());
        assertExit(0, ok);
        assertTrue(SHORT_ID.matcher(ok.stdout().trim()).matches(), ok::describe);
        assertTrue(ok.stderr().contains("signature verified:\n  Alice Example <alice@example.com>"), ok::describe);

        Path unsigned = image("unsigned");
        rktRefusesAndStoreHasOne(rkt("fetch", unsigned.toString()), unsigned.toString(), "--insecure-options=image");
        assertExit(0, rkt("--insecure-options=image", "fetch", unsigned.toString()));
    }

    private void rktRefusesAndStoreHasOne(RktResult r, String image, String reason) {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), r::describe);
        assertTrue(r.stderrLines().get(0).startsWith("rkt: fetch " + image + ": "), r::describe);
        assertTrue(r.stderrLines().get(0).contains(reason), r::describe);
        assertEquals(1, imagesInStore().size(), r::describe);
    }

    @Test
    void aSignedImageIsFetchedOverHttps() {
        trust(alice, "example.com/hello");
        ImageServer server = https();
        String url = serve(server, "hello", signedImage("hello", alice));

        RktResult r = rkt("--insecure-options=tls", "fetch", "--full", url);

        assertExit(0, r);
        assertEquals(1, imagesInStore().size(), r::describe);
        assertTrue(imagesInStore().get(0).getFileName().toString().startsWith(r.stdout().trim()), r::describe);
        // without --insecure-options=tls the self-signed certificate is refused
        RktResult untrustedTls = rkt("fetch", server.url("/hello.aci"));
        assertExit(254, untrustedTls);
        assertTrue(untrustedTls.stderr().contains("cannot get the signature"), untrustedTls::describe);
    }

    @Test
    void anImageWithoutASignatureIsRefused() {
        trust(alice, "example.com/hello");
        ImageServer server = https();
        String url = serve(server, "hello", image("hello"));

        assertRefused(rkt("--insecure-options=tls", "fetch", url), url, "--insecure-options=image");
        assertTrue(server.requests("/hello.aci").isEmpty(), "the image is not downloaded without a signature");
    }

    @Test
    void aSignatureByAnUntrustedKeyIsRefused() {
        trust(alice, "example.com/hello");
        ImageServer server = https();
        String url = serve(server, "hello", signedImage("hello", mallory));

        assertRefused(rkt("--insecure-options=tls", "fetch", url), url, "not trusted for \"example.com/hello\"");
    }

    @Test
    void aKeyTrustedForAnotherPrefixIsNotEnough() {
        trust(alice, "example.com/other");
        ImageServer server = https();
        String url = serve(server, "hello", signedImage("hello", alice));

        assertRefused(rkt("--insecure-options=tls", "fetch", url), url, "not trusted for \"example.com/hello\"");
    }

    @Test
    void aTamperedImageIsRefused() {
        trust(alice, null);
        ImageServer server = https();
        Path aci = signedImage("hello", alice);
        String url = serve(server, "hello", aci);
        byte[] tampered = bytes(aci);
        tampered[tampered.length / 2] ^= 1;
        server.serve("/hello.aci", tampered);

        assertRefused(rkt("--insecure-options=tls", "fetch", url), url, "does not match the image");
    }

    @Test
    void anUnchangedImageIsRevalidatedWithItsEtagAndNotDownloadedAgain() {
        trust(alice, "example.com/hello");
        ImageServer server = https().cacheControl("no-cache");
        Path aci = signedImage("hello", alice);
        String url = serve(server, "hello", aci);

        RktResult first = rkt("--insecure-options=tls", "fetch", url);
        RktResult second = rkt("--insecure-options=tls", "fetch", url);

        assertExit(0, first);
        assertExit(0, second);
        assertEquals(first.stdout(), second.stdout());
        List<ImageServer.Request> gets = server.requests("/hello.aci");
        assertEquals(2, gets.size(), gets::toString);
        assertEquals(200, gets.get(0).status(), gets::toString);
        assertEquals(null, gets.get(0).ifNoneMatch(), gets::toString);
        assertEquals(304, gets.get(1).status(), gets::toString);
        assertTrue(gets.get(1).ifNoneMatch() != null, gets::toString);
        assertEquals(Files.exists(aci) ? bytes(aci).length : -1, server.bytesServed("/hello.aci"), gets::toString);

        // a fresh max-age: the next fetch does not even ask
        server.cacheControl("max-age=3600");
        RktResult third = rkt("--insecure-options=tls", "fetch", url);
        RktResult fourth = rkt("--insecure-options=tls", "fetch", url);
        assertExit(0, third);
        assertExit(0, fourth);
        assertEquals(3, server.requests("/hello.aci").size(), server.log()::toString);
    }

    @Test
    void aCutDownloadIsResumedWhereItStopped() {
        trust(alice, "example.com/hello");
        ImageServer server = https();
        Path aci = signedImage("hello", alice);
        long size = bytes(aci).length;
        long cut = size / 2;
        String url = serve(server, "hello", aci);
        server.truncateOnce("/hello.aci", cut);

        RktResult first = rkt("--insecure-options=tls", "fetch", url);
        assertRefused(first, url, "the next fetch resumes it");

        RktResult second = rkt("--insecure-options=tls", "fetch", url);
        assertExit(0, second);
        List<ImageServer.Request> gets = server.requests("/hello.aci");
        assertEquals(2, gets.size(), gets::toString);
        assertEquals("bytes=" + cut + "-", gets.get(1).range(), gets::toString);
        assertEquals(206, gets.get(1).status(), gets::toString);
        assertEquals(size, server.bytesServed("/hello.aci"), gets::toString);
        assertEquals(1, imagesInStore().size());
        assertEquals(List.of(".lock"), leftInPartial(), "only the lock file stays");
    }

    /** What is left in cas/remote/partial, by suffix after the URL's key. */
    private List<String> leftInPartial() {
        try (Stream<Path> s = Files.list(ws.dataDir().resolve("cas/remote/partial"))) {
            return s.map(p -> p.getFileName().toString().substring(64)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void twoFetchesOfOneUrlAtOnceTakeTurns() {
        trust(alice, "example.com/hello");
        ImageServer server = https();
        String url = serve(server, "hello", signedImage("hello", alice));
        String[] fetch = {"--local-config=" + ws.file("etc-rkt"), "--system-config=" + ws.file("usr-lib-rkt"),
                "--insecure-options=tls", "fetch", url};

        RktProcess first = ws.start(rkt.call(fetch));
        RktProcess second = ws.start(rkt.call(fetch));
        RktResult a = first.await(Duration.ofSeconds(120));
        RktResult b = second.await(Duration.ofSeconds(120));

        assertExit(0, a);
        assertExit(0, b);
        assertEquals(a.stdout(), b.stdout());
        assertEquals(1, imagesInStore().size());
        assertEquals(List.of(".lock"), leftInPartial());
    }
}
