package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.RktResult;

/**
 * docker:// and oci: through bin/rkt: an image built here with umoci from busybox-static, pushed
 * with skopeo to Debian's docker-registry on 127.0.0.1, fetched, listed, run, rendered,
 * exported, verified and removed; and the bad inputs of a fetch.
 */
class DockerImagesIT extends FunctionalTest {
    private static final String HTTP = "--insecure-options=http,image";

    private Process registry;
    private String address;
    private Path layout;

    @BeforeEach
    void registryWithAnImage() throws Exception {
        Path dir = ws.file("registry");
        Files.createDirectories(dir);
        int port = freePort();
        address = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("config.yml"), String.join("\n", "version: 0.1", "log:", "  level: error",
                "storage:", "  filesystem:", "    rootdirectory: " + dir.resolve("storage"),
                "http:", "  addr: " + address, ""));
        registry = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        awaitRegistry();

        layout = ws.file("layout");
        Path bundle = ws.file("bundle");
        sh("umoci", "init", "--layout", layout.toString());
        sh("umoci", "new", "--image", layout + ":bb");
        sh("umoci", "unpack", "--image", layout + ":bb", bundle.toString());
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bundle.resolve("rootfs/bin/busybox"));
        Files.createSymbolicLink(bundle.resolve("rootfs/bin/sh"), Path.of("busybox"));
        sh("umoci", "repack", "--image", layout + ":bb", bundle.toString());
        sh("umoci", "config", "--image", layout + ":bb", "--config.entrypoint", "sh", "--config.cmd=-c",
                "--config.cmd=echo hello from a docker image", "--config.exposedports", "80/tcp");
        sh("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":bb", "docker://" + address + "/demo/bb:1");
    }

    @AfterEach
    void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.destroy();
            registry.waitFor();
        }
    }

    @Test
    void fetchListRunRenderExportVerifyRemove() throws Exception {
        String ref = "docker://" + address + "/demo/bb:1";

        RktResult fetched = rkt.run(HTTP, "fetch", ref);
        assertExit(0, fetched);
        String id = fetched.stdout().trim();
        assertTrue(id.matches("sha256-[0-9a-f]{64}"), fetched::describe);
        assertEquals("", fetched.stderr(), "no progress when stderr is not a terminal");

        RktResult list = rkt.run("image", "list", "--no-legend", "--full", "--fields=id,name");
        assertExit(0, list);
        String name = "127.0.0.1-" + address.split(":")[1] + "/demo/bb:1";
        assertEquals(List.of(id + "\t" + name), List.of(list.stdout().trim().replaceAll("\\s+", "\t")));

        RktResult run = rkt.run(HTTP, "run", ref);
        assertExit(0, run);
        assertTrue(run.stdout().contains("hello from a docker image"), run::describe);

        Path out = ws.file("rendered");
        assertExit(0, rkt.run("image", "render", "--rootfs-only", id, out.toString()));
        assertEquals(Path.of("busybox"), Files.readSymbolicLink(out.resolve("bin/sh")));
        assertEquals(Files.size(Path.of("/bin/busybox")), Files.size(out.resolve("bin/busybox")));
        assertExit(254, rkt.run("image", "render", "--rootfs-only", id, out.toString()));

        RktResult manifest = rkt.run("image", "cat-manifest", id);
        assertEquals("80-tcp", json(manifest).path("app").path("ports").path(0).path("name").asText(), manifest::describe);

        Path aci = ws.image("exported.aci");
        Files.createDirectories(aci.getParent());
        assertExit(0, rkt.run("image", "export", id, aci.toString()));
        RktResult reimported = rkt.run(HTTP, "fetch", aci.toString());
        assertExit(0, reimported);
        assertTrue(reimported.stdout().trim().startsWith("sha512-"), reimported::describe);

        RktResult verify = rkt.run("image", "verify");
        assertExit(0, verify);
        assertTrue(verify.stdout().contains("2 image(s)"), verify::describe);

        // the same image from the OCI layout it was pushed from: the same manifest, so the same id
        RktResult oci = rkt.run(HTTP, "fetch", "oci:" + layout + ":bb");
        assertExit(0, oci);
        assertEquals(id, oci.stdout().trim());

        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertExit(0, rkt.run("image", "rm", id));
        assertExit(0, rkt.run("image", "gc", "--grace-period=0s"));
        RktResult after = rkt.run("image", "list", "--no-legend");
        assertExit(0, after);
        assertEquals("", after.stdout().trim(), after::describe);
        try (var blobs = Files.list(ws.dataDir().resolve("cas/blobs"))) {
            assertEquals(0, blobs.count());
        }
    }

    /**
     * On a terminal (util-linux's script gives rkt a pseudo-terminal) rkt run and rkt fetch both
     * show the download: bytes of the total, the rate, per layer; through a pipe neither does.
     */
    @Test
    void runAndFetchShowProgressOnATerminalOnly() {
        String ref = "docker://" + address + "/demo/bb:1";
        Pattern progress = Pattern.compile("\rDownloading [0-9.]+ ?[KMG]?i?B/[0-9.]+ ?[KMG]?i?B \\([0-9.]+ ?[KMG]?i?B/s\\)");

        RktResult run = rkt.call(HTTP, "run", FLY, ref).onTerminal().run();
        assertExit(0, run);
        assertTrue(progress.matcher(run.stdout()).find(), run::describe);
        // the progress line is ended before the app's output
        assertTrue(Pattern.compile("\\r?\\n[^\\r\\n]*hello from a docker image").matcher(run.stdout()).find(), run::describe);
        String id = rkt.run("image", "list", "--no-legend", "--full", "--fields=id").stdout().trim();
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertExit(0, rkt.run("image", "rm", id));
        assertExit(0, rkt.run("image", "gc", "--grace-period=0s"));

        RktResult fetched = rkt.call(HTTP, "fetch", ref).onTerminal().run();
        assertExit(0, fetched);
        assertTrue(progress.matcher(fetched.stdout()).find(), fetched::describe);
        assertTrue(fetched.stdout().contains(id), fetched::describe);
        assertExit(0, rkt.run("image", "rm", id));
        assertExit(0, rkt.run("image", "gc", "--grace-period=0s"));

        RktResult quiet = rkt.run(HTTP, "run", FLY, ref);
        assertExit(0, quiet);
        assertEquals("", quiet.stderr(), "no progress when stderr is not a terminal");
    }

    @Test
    void badFetchesSayWhyInOneLineAndLeaveNothing() throws IOException {
        assertFailed(rkt.run(HTTP, "fetch", "docker://" + address + "/demo/bb:nope"),
                "rkt: fetch docker://" + address + "/demo/bb:nope: no tag \"nope\" in " + address + "/demo/bb");
        String closed = "127.0.0.1:" + freePort();
        assertFailed(rkt.run(HTTP, "fetch", "docker://" + closed + "/demo/bb:1"),
                "rkt: fetch docker://" + closed + "/demo/bb:1: cannot reach registry " + closed);
        assertFailed(rkt.run("--insecure-options=image", "fetch", "docker://" + address + "/demo/bb:1"),
                "rkt: fetch docker://" + address + "/demo/bb:1: registry " + address + ": https failed");
        assertFailed(rkt.run(HTTP, "fetch", "--pull-policy=never", "docker://" + address + "/demo/bb:1"),
                "rkt: fetch docker://" + address + "/demo/bb:1: not in the store and --pull-policy=never");
    }

    private void assertFailed(RktResult r, String stderrStart) throws IOException {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), r::describe);
        assertTrue(r.stderrLines().get(0).startsWith(stderrStart), r::describe);
        RktResult list = rkt.run("image", "list", "--no-legend");
        assertEquals("", list.stdout().trim(), list::describe);
        Path blobs = ws.dataDir().resolve("cas/blobs");
        if (Files.isDirectory(blobs)) {
            try (var s = Files.list(blobs)) {
                assertEquals(0, s.count(), r::describe);
            }
        }
    }

    private void awaitRegistry() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("docker-registry did not start on " + address);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
