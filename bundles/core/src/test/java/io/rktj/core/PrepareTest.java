package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.PodState;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.NameValue;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.Volume;

class PrepareTest {
    @TempDir
    Path tmp;
    Rig rig;
    String hello;

    @BeforeEach
    void setUp() {
        rig = new Rig(tmp);
        hello = rig.store.add("""
                {"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/hello-world",
                 "labels":[{"name":"version","value":"1.0"}],
                 "app":{"exec":["/bin/hello","--loud"],"user":"0","group":"0",
                        "environment":[{"name":"A","value":"image"},{"name":"B","value":"image"}],
                        "mountPoints":[{"name":"data","path":"/data"},{"name":"cache","path":"/cache","readOnly":true}]}}
                """);
    }

    private PodLayout layout(UUID uuid) {
        return new PodLayout(rig.data.podPath(StateDir.PREPARED, uuid));
    }

    @Test
    void preparedPodHasRktFilesInPrepared() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app("example.com/hello-world:1.0")));
        assertEquals(PodState.PREPARED, rig.data.find(uuid).orElseThrow().state());
        PodLayout l = layout(uuid);
        PodManifest pm = Manifests.readPodManifest(Files.readAllBytes(l.manifest()));
        RuntimeApp app = pm.apps().get(0);
        assertEquals("hello-world", app.name());
        assertEquals(hello, app.image().id());
        assertEquals(List.of("/bin/hello", "--loud"), app.app().exec());
        assertEquals(hello, Files.readString(l.treeStoreId("hello-world")));
        assertEquals("example.com/hello-world",
                Manifests.readImageManifest(Files.readAllBytes(l.appInfo("hello-world").resolve("manifest"))).name());
        assertEquals("fly 0.1.0 1", Files.readString(l.stage1Record()).trim());
        RuntimeConfig rc = RuntimeConfigFile.read(Files.readAllBytes(l.runtimeConfig()));
        assertEquals("rkt-" + uuid, rc.hostname());
        assertTrue(Files.exists(PodFiles.created(l)));
        assertTrue(Files.isDirectory(rig.store.render(hello).resolve("rootfs")));
        assertEquals(List.of(), rig.data.list(StateDir.EMBRYO));
        assertEquals(List.of(), rig.data.list(StateDir.PREPARE));
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(l.dir())));
    }

    @Test
    void appFlagsOverTheImageApp() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "flag");
        env.put("C", "flag");
        AppRequest a = new AppRequest(hello, "web", "/bin/other", List.of("x", "y"), "1000", "100", "/srv", env,
                List.of(new Mount("vol", "/data", null)));
        Volume vol = new Volume("vol", "host", tmp.toString(), null, null, null, null, null);
        UUID uuid = rig.stage0.prepare(Rig.request(List.of(vol), null, a));
        PodManifest pm = Manifests.readPodManifest(Files.readAllBytes(layout(uuid).manifest()));
        RuntimeApp app = pm.apps().get(0);
        assertEquals("web", app.name());
        assertEquals(List.of("/bin/other", "x", "y"), app.app().exec());
        assertEquals("1000", app.app().user());
        assertEquals("100", app.app().group());
        assertEquals("/srv", app.app().workingDirectory());
        assertEquals(List.of(new NameValue("A", "image"), new NameValue("B", "flag"), new NameValue("C", "flag")),
                app.app().environment());
        // /data is served by the --mount; /cache gets rkt's implicit empty volume named <app>-<mountpoint>.
        assertEquals(List.of(new Mount("vol", "/data", null), new Mount("web-cache", "/cache", null)), app.mounts());
        Volume implicit = pm.volume("web-cache").orElseThrow();
        assertEquals("empty", implicit.kind());
        assertEquals("0755", implicit.mode());
        assertTrue(implicit.isReadOnly());
    }

    @Test
    void argsAloneAreAppendedToTheImageExec() throws Exception {
        AppRequest a = new AppRequest(hello, null, null, List.of("more"), null, null, null, null, null);
        UUID uuid = rig.stage0.prepare(Rig.request("fly", a));
        RuntimeApp app = Manifests.readPodManifest(Files.readAllBytes(layout(uuid).manifest())).apps().get(0);
        assertEquals(List.of("/bin/hello", "--loud", "more"), app.app().exec());
    }

    @Test
    void hostnameAndOptionsFromTheRequestAreKept() throws Exception {
        RuntimeConfig given = new RuntimeConfig(Map.of("X", "1"), Map.of(), "box", "host", true, false, List.of());
        UUID uuid = rig.stage0.prepare(Rig.request(List.of(), given, Rig.app(hello)));
        RuntimeConfig rc = RuntimeConfigFile.read(Files.readAllBytes(layout(uuid).runtimeConfig()));
        assertEquals(given, rc);
    }

    @Test
    void systemdByRktStage1ImageName() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("coreos.com/rkt/stage1-coreos:0.1.0", Rig.app(hello), Rig.named(hello, "second")));
        assertEquals("systemd 0.1.0 1", Files.readString(layout(uuid).stage1Record()).trim());
    }

    @Test
    void fetcherServesWhatItAccepts() {
        List<String> fetched = new java.util.ArrayList<>();
        rig.fetchers.add(new ImageFetcher() {
            @Override
            public boolean accepts(String ref) {
                return ref.endsWith(".aci");
            }

            @Override
            public ImageInfo fetch(String ref, ImportOptions options, ImageStore store) {
                fetched.add(ref + " " + options.pullPolicy() + " " + options.insecure("image"));
                return store.byId(hello).orElseThrow();
            }
        });
        PrepareRequest r = new PrepareRequest(List.of(Rig.app("./hello.aci")), List.of(), null, null, Set.of("image"));
        UUID uuid = rig.stage0.prepare(r);
        assertEquals(List.of("./hello.aci new true"), fetched);
        assertEquals(PodState.PREPARED, rig.stage0.status(uuid).state());
    }

    @Test
    void badInputFailsWithOneLineAndLeavesNothing() {
        Volume missing = new Volume("data", "host", tmp.resolve("nope").toString(), null, null, null, null, null);
        RuntimeConfig interactive = new RuntimeConfig(Map.of(), Map.of(), null, null, true, false, List.of());
        assertFails("volume data: host source " + tmp.resolve("nope") + " does not exist",
                Rig.request(List.of(missing), null, Rig.app(hello)));
        assertFails("interactive option only supports one image",
                Rig.request(List.of(), interactive, Rig.app(hello), Rig.named(hello, "b")));
        assertFails("stage1 fly only supports one app per pod, got 2",
                Rig.request("fly", Rig.app(hello), Rig.named(hello, "b")));
        assertFails("multiple apps with name \"hello-world\" (give each a --name)",
                Rig.request("systemd", Rig.app(hello), Rig.app(hello)));
        assertFails("image \"example.com/absent\": not found in the store and no fetcher serves it",
                Rig.request("fly", Rig.app("example.com/absent")));
        assertFails("image \"./x.aci\": not a valid image name and no fetcher serves it",
                Rig.request("fly", Rig.app("./x.aci")));
        assertFails("image sha512-00: no image with this id in the store", Rig.request("fly", Rig.app("sha512-00")));
        assertFails("stage1 \"kvm\": no such flavor (available: fly 0.1.0, systemd 0.1.0)",
                Rig.request("kvm", Rig.app(hello)));
        assertFails("app \"hello-world\": mount of unknown volume \"ghost\"", Rig.request(null,
                new AppRequest(hello, null, null, null, null, null, null, null, List.of(new Mount("ghost", "/g", null)))));
        assertFails("app name \"Bad_Name\": invalid ACName (lower-case letters, digits and single dashes)",
                Rig.request("fly", Rig.named(hello, "Bad_Name")));
        assertEquals(List.of(), rig.allPodDirs());
    }

    @Test
    void nonRootIsRefused() {
        rig.euid = 1000;
        assertFails("this command must be run as root", Rig.request("fly", Rig.app(hello)));
        assertEquals(List.of(), rig.allPodDirs());
    }

    @Test
    void failureAfterThePodExistsRemovesIt() {
        List<UUID> seen = new java.util.ArrayList<>();
        RktException e = assertThrows(RktException.class, () -> rig.stage0.run(Rig.request("fly", Rig.app(hello)), u -> {
            seen.add(u);
            throw new RktException("cannot save uuid");
        }));
        assertEquals("cannot save uuid", e.getMessage());
        assertEquals(1, seen.size());
        assertEquals(List.of(), rig.allPodDirs());
        assertTrue(rig.fly.calls.isEmpty());
    }

    private void assertFails(String message, PrepareRequest r) {
        RktException e = assertThrows(RktException.class, () -> rig.stage0.prepare(r));
        assertEquals(message, e.getMessage());
    }
}
