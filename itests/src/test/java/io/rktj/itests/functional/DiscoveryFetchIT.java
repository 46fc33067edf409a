package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.ImageServer;
import io.rktj.itests.support.RktResult;
import io.rktj.itests.support.SigningKey;

/**
 * appc meta discovery against an HTTPS server the test starts on port 443 of an address of its
 * own in 127.0.0.0/8 (appc names carry no port, so the name's host is that address): the key
 * through ac-discovery-pubkeys with rkt trust --prefix, the image and its dependency through
 * ac-discovery templates.
 */
class DiscoveryFetchIT extends FunctionalTest {
    private ImageServer server;
    private String host;
    private SigningKey key;

    @BeforeEach
    void startServer() {
        server = ImageServer.httpsOnPort443(ws.file("tls"));
        host = server.host();
        key = SigningKey.generate("Discovery Test <discovery@example.com>");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private RktResult rkt(String... args) {
        List<String> all = new ArrayList<>(List.of("--local-config=" + ws.file("etc-rkt"),
                "--system-config=" + ws.file("usr-lib-rkt"), "--insecure-options=tls"));
        all.addAll(List.of(args));
        return rkt.run(all.toArray(new String[0]));
    }

    /** Publishes an image as {@code /aci/<name>-<version>.aci} with its signature. */
    private void publish(String name, String version, AciBuilder builder) {
        Path aci = builder.label("version", version).writeTo(ws.image(name.replace('/', '_') + "-" + version + ".aci"));
        try {
            byte[] bytes = Files.readAllBytes(aci);
            server.serve("/aci/" + name + "-" + version + ".aci", bytes);
            server.serve("/aci/" + name + "-" + version + ".aci.asc", key.sign(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String page() {
        return "<!DOCTYPE html><html><head>\n"
                + "<meta name=\"ac-discovery\" content=\"" + host + " " + server.base() + "/aci/{name}-{version}.{ext}\">\n"
                + "<meta name=\"ac-discovery-pubkeys\" content=\"" + host + " " + server.base() + "/pubkeys.gpg\">\n"
                + "</head><body></body></html>\n";
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

    @Test
    void trustDiscoversTheKeyAndFetchDiscoversTheImageAndItsDependency() {
        String app = host + "/app";
        String base = host + "/base";
        server.serve("/pubkeys.gpg", key.armoredPublicKey());
        // only the host answers discovery: rkt walks up from host/app to host
        server.discoveryPage("/", page());
        publish(base, "1.0", AciBuilder.busybox(base).file("base-marker", "from the base image\n"));
        publish(app, "v1", AciBuilder.busybox(app).dependency(base, "1.0")
                .exec("/bin/cat", "/base-marker"));

        RktResult trust = rkt("trust", "--prefix=" + host, "--skip-fingerprint-review");
        assertExit(0, trust);
        assertTrue(trust.stdoutLines().contains("Trusting \"" + server.base() + "/pubkeys.gpg\" for prefix \"" + host
                + "\" without fingerprint review."), trust::describe);
        assertTrue(Files.isRegularFile(ws.file("etc-rkt").resolve("trustedkeys/prefix.d/" + host + "/" + key.fingerprint())));

        RktResult fetch = rkt("fetch", app + ":v1");
        assertExit(0, fetch);
        assertEquals(2, imagesInStore().size(), fetch::describe);
        assertEquals(1, server.requests("/aci/" + base + "-1.0.aci").size(), server.log()::toString);

        RktResult run = rkt("run", app + ":v1");
        assertExit(0, run);
        assertTrue(run.stdout().contains("from the base image"), run::describe);
    }

    /**
     * rkt with --trust-keys-from-https and TLS checked (this test's self-signed certificate is
     * made the rkt JVM's trust store): fetch and run trust the keys the name publishes over https
     * before they check the image; without the flag, or with TLS unchecked, the key is not trusted.
     */
    private RktResult verifiedTls(String... args) {
        List<String> all = new ArrayList<>(List.of("--local-config=" + ws.file("etc-rkt"),
                "--system-config=" + ws.file("usr-lib-rkt")));
        all.addAll(List.of(args));
        Path trustStore = ws.file("tls").resolve("server-" + host + ".p12");
        return rkt.call(all.toArray(new String[0])).env("RKT_JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trustStore
                + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12").run();
    }

    @Test
    void trustKeysFromHttpsTrustsTheNamesKeysOnFetchAndRun() {
        String app = host + "/tk/app";
        String other = host + "/tk/other";
        server.serve("/pubkeys.gpg", key.armoredPublicKey());
        server.discoveryPage("/", page());
        publish(app, "v1", AciBuilder.busybox(app).exec("/bin/echo", "trusted over https"));
        publish(other, "v1", AciBuilder.busybox(other).exec("/bin/echo", "also trusted"));
        Path appKey = ws.file("etc-rkt").resolve("trustedkeys/prefix.d/" + app + "/" + key.fingerprint());

        RktResult untrusted = verifiedTls("fetch", app + ":v1");
        assertExit(254, untrusted);
        assertTrue(untrusted.stderr().contains("signature verification failed"), untrusted::describe);
        RktResult tlsUnchecked = verifiedTls("--insecure-options=tls", "--trust-keys-from-https", "fetch", app + ":v1");
        assertExit(254, tlsUnchecked);
        assertTrue(Files.notExists(appKey), "keys are trusted from https only with the certificate checked");

        RktResult fetched = verifiedTls("--trust-keys-from-https", "fetch", app + ":v1");
        assertExit(0, fetched);
        assertTrue(fetched.stdout().trim().startsWith("sha512-"), fetched::describe);
        assertTrue(fetched.stderr().contains("Trusting \"" + server.base() + "/pubkeys.gpg\" for prefix \"" + app
                + "\" without fingerprint review."), fetched::describe);
        assertTrue(Files.isRegularFile(appKey), fetched::describe);

        RktResult run = verifiedTls("--trust-keys-from-https", "run", FLY, other + ":v1");
        assertExit(0, run);
        assertTrue(run.stdout().contains("also trusted"), run::describe);
        assertTrue(Files.isRegularFile(ws.file("etc-rkt").resolve("trustedkeys/prefix.d/" + other + "/" + key.fingerprint())),
                run::describe);
    }

    /** Discovery over plain http only with --insecure-options=http (https is tried first and fails). */
    @Test
    void plainHttpDiscoveryNeedsInsecureOptionsHttp() {
        try (ImageServer http = ImageServer.httpOnPort80()) {
            String name = http.host() + "/plain";
            Path aci = AciBuilder.busybox(name).label("version", "v1").writeTo(ws.image("plain.aci"));
            http.serve("/plain-v1.aci", aci);
            http.discoveryPage("/plain", "<meta name=\"ac-discovery\" content=\"" + name + " " + http.base()
                    + "/plain-{version}.{ext}\">");

            String local = "--local-config=" + ws.file("etc-rkt");
            String system = "--system-config=" + ws.file("usr-lib-rkt");
            RktResult refused = rkt.run(local, system, "--insecure-options=image,tls", "fetch", name + ":v1");
            assertExit(254, refused);
            assertEquals(1, refused.stderrLines().size(), refused::describe);
            assertTrue(refused.stderrLines().get(0).contains("discovery found no ac-discovery meta tag"), refused::describe);
            assertTrue(http.log().isEmpty(), http.log()::toString);

            RktResult ok = rkt.run(local, system, "--insecure-options=image,tls,http", "fetch", name + ":v1");
            assertExit(0, ok);
            assertEquals(1, imagesInStore().size(), ok::describe);
        }
    }

    @Test
    void aNameNobodyPublishesIsRefusedInOneLine() {
        server.discoveryPage("/", page());
        String app = host + "/missing";

        RktResult r = rkt("fetch", app + ":v1");

        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), r::describe);
        assertTrue(r.stderrLines().get(0).startsWith("rkt: fetch " + app + ":v1: "), r::describe);
        // the template fits every name under the host, but nothing is served there
        assertTrue(r.stderrLines().get(0).contains("HTTP status 404"), r::describe);
        assertEquals(List.of(), imagesInStore());
    }

    @Test
    void aDependencyThatCannotBeFetchedLeavesNothingInTheStore() {
        String app = host + "/app";
        server.serve("/pubkeys.gpg", key.armoredPublicKey());
        server.discoveryPage("/", page());
        publish(app, "v1", AciBuilder.busybox(app).dependency(host + "/nowhere", "1.0"));
        assertExit(0, rkt("trust", "--prefix=" + host, "--skip-fingerprint-review"));

        RktResult r = rkt("fetch", app + ":v1");

        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), r::describe);
        assertTrue(r.stderrLines().get(0).contains("dependency " + host + "/nowhere"), r::describe);
        assertEquals(List.of(), imagesInStore());
    }
}
