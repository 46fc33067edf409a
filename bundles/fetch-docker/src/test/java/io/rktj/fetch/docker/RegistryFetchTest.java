package io.rktj.fetch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.NameValue;
import io.rktj.store.CasImageStore;
import io.rktj.store.oci.OciImageBuilder;
import io.rktj.store.oci.TestImages;
import io.rktj.store.oci.TreeListing;

/**
 * docker:// against Debian's docker-registry: images built here, pushed with skopeo, fetched,
 * and compared with what umoci unpack makes of the same OCI layout. A second registry on the same
 * storage wants tokens from a token service of the test.
 */
class RegistryFetchTest {
    private static final ImportOptions HTTP = new ImportOptions(Set.of("http"), "update");

    @TempDir
    static Path shared;

    private static LocalRegistry open;
    private static LocalRegistry guarded;
    private static TokenServer tokens;
    private static Path layout;
    private static OciImageBuilder image;
    private static String manifestDigest;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistriesAndPush() throws Exception {
        Path storage = shared.resolve("storage");
        open = LocalRegistry.start(shared.resolve("open"), storage, null);
        tokens = new TokenServer(shared, "alice", "s3cret");
        guarded = LocalRegistry.start(shared.resolve("guarded"), storage, tokens.registryYaml());
        image = TestImages.layered();
        manifestDigest = image.build();
        layout = shared.resolve("layout");
        image.writeLayout(layout, manifestDigest, "v1");
        run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + open.address() + "/test/layered:v1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (guarded != null) {
            guarded.close();
        }
        if (open != null) {
            open.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private DockerFetcher fetcher() {
        return new DockerFetcher(List.of(tmp.resolve("system"), tmp.resolve("local")));
    }

    @Test
    void fetchesWhatUmociUnpacksFromTheSameLayout() throws Exception {
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));
        String ref = "docker://" + open.address() + "/test/layered:v1";

        ImageInfo info = fetcher().fetch(ref, HTTP, store);

        assertEquals("sha256-" + manifestDigest.substring(7), info.id());
        assertEquals("127.0.0.1-" + open.address().split(":")[1] + "/test/layered", info.name());
        assertTrue(info.labels().contains(new NameValue("version", "v1")));
        Path bundle = tmp.resolve("bundle");
        run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
        List<String> expected = TreeListing.of(bundle.resolve("rootfs"));
        assertTrue(expected.size() > 10, expected.toString());
        assertEquals(expected, TreeListing.of(store.render(info.id()).resolve("rootfs")));
        ImageManifest m = store.manifest(info.id());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), m.app().exec());
        // --pull-policy=new finds it in the store by name and tag
        assertEquals(info, fetcher().fetch(ref, new ImportOptions(Set.of("http"), "new"), store));
    }

    @Test
    void fetchesByDigest() {
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));

        ImageInfo info = fetcher().fetch("docker://" + open.address() + "/test/layered@" + manifestDigest, HTTP, store);

        assertEquals("sha256-" + manifestDigest.substring(7), info.id());
    }

    @Test
    void getsATokenWithTheCredentialsOfAuthD() throws Exception {
        Path authD = Files.createDirectories(tmp.resolve("local/auth.d"));
        Files.writeString(authD.resolve("registry.json"), "{\"rktKind\":\"dockerAuth\",\"rktVersion\":\"v1\",\"registries\":[\""
                + guarded.address() + "\"],\"credentials\":{\"user\":\"alice\",\"password\":\"s3cret\"}}");
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));

        ImageInfo info = fetcher().fetch("docker://" + guarded.address() + "/test/layered:v1", HTTP, store);

        assertEquals("sha256-" + manifestDigest.substring(7), info.id());
    }

    @Test
    void withoutCredentialsATokenRegistryIsRefused() {
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));
        String ref = "docker://" + guarded.address() + "/test/layered:v1";

        RktException e = assertThrows(RktException.class, () -> fetcher().fetch(ref, HTTP, store));

        assertEquals("fetch " + ref + ": registry " + guarded.address() + " requires authentication: its token service "
                + tokens.realm().replaceFirst("http://", "").replace("/token", "") + " answered 401 (auth.d has no credentials for the registry)",
                e.getMessage());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void errorsNameTheImageAndTheReason() throws IOException {
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));
        String missing = "docker://" + open.address() + "/test/layered:nope";
        assertEquals("fetch " + missing + ": no tag \"nope\" in " + open.address()
                        + "/test/layered: MANIFEST_UNKNOWN (manifest unknown)",
                assertThrows(RktException.class, () -> fetcher().fetch(missing, HTTP, store)).getMessage());

        String unreachable = "docker://127.0.0.1:" + LocalRegistry.freePort() + "/test/layered:v1";
        String message = assertThrows(RktException.class, () -> fetcher().fetch(unreachable, HTTP, store)).getMessage();
        assertTrue(message.startsWith("fetch " + unreachable + ": cannot reach registry 127.0.0.1:"), message);

        String never = "docker://" + open.address() + "/test/layered:v1";
        assertEquals("fetch " + never + ": not in the store and --pull-policy=never",
                assertThrows(RktException.class, () -> fetcher().fetch(never, new ImportOptions(Set.of("http"), "never"), store))
                        .getMessage());
        assertTrue(store.list().isEmpty());
        assertTrue(!Files.exists(tmp.resolve("data/cas/blobs")) || Files.list(tmp.resolve("data/cas/blobs")).findAny().isEmpty());
    }

    @Test
    void aBlobDamagedInTheRegistryLeavesNothingInTheStore() throws Exception {
        OciImageBuilder other = new OciImageBuilder().layer().file("bin/sh", "sh", 0755).file("data", "x".repeat(100_000), 0644).done();
        String digest = other.build();
        Path otherLayout = tmp.resolve("other");
        other.writeLayout(otherLayout, digest, "v1");
        run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + otherLayout + ":v1", "docker://" + open.address() + "/test/damaged:v1");
        String layer = other.layers().get(0).digest();
        Path data = open.blobData(layer);
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data, bytes);
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));
        String ref = "docker://" + open.address() + "/test/damaged:v1";

        RktException e = assertThrows(RktException.class, () -> fetcher().fetch(ref, HTTP, store));

        assertTrue(e.getMessage().startsWith("fetch " + ref + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("blob " + layer + ": digest mismatch") || e.getMessage().contains("layer " + layer),
                e.getMessage());
        assertTrue(store.list().isEmpty());
        try (var blobs = Files.list(tmp.resolve("data/cas/blobs")); var temps = Files.list(tmp.resolve("data/cas/tmp"))) {
            assertEquals(0, blobs.count());
            assertEquals(0, temps.count());
        }
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
