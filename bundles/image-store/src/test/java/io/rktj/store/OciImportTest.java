package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.OciSource;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.NameValue;
import io.rktj.store.oci.OciImageBuilder;
import io.rktj.store.oci.OciImageBuilder.Compression;

/** OCI images into the store: layer application, layer sharing, digests, and what a failure leaves. */
class OciImportTest {
    @TempDir
    Path dir;

    private static OciImageBuilder base() {
        return new OciImageBuilder()
                .layer(Compression.GZIP)
                .dir("bin", 0755).file("bin/sh", "#!sh", 0755)
                .dir("etc", 0755).file("etc/passwd", "root:x:0:0::/:/bin/sh\n", 0644)
                .dir("data", 0755).file("data/old", "old", 0644).dir("data/sub", 0755).file("data/sub/deep", "deep", 0644)
                .dir("gone", 0700).file("gone/f", "f", 0644)
                .file("was-file", "x", 0644)
                .dir("was-dir", 0755).file("was-dir/inner", "i", 0644)
                .symlink("link", "/etc/passwd")
                .file("setuid", "s", 04755)
                .file("owned", "o".getBytes(StandardCharsets.UTF_8), 0640, 1000, 1001)
                .done();
    }

    @Test
    void appliesLayersInOrderWithWhiteoutsOpaqueDirectoriesAndReplacements() throws IOException {
        OciImageBuilder b = base()
                .layer(Compression.ZSTD)
                .whiteout("etc/.wh.passwd")
                .whiteout(".wh.gone")
                .dir("data", 0750).whiteout("data/.wh..wh..opq").file("data/new", "new", 0600)
                .dir("was-file", 0711).file("was-file/now-dir", "d", 0644)
                .file("was-dir", "now a file", 0644)
                .file("bin/busybox", "bb", 0755).hardlink("bin/ls", "bin/busybox")
                .done()
                .layer(Compression.NONE)
                .file("data/new", "newer", 0644)
                .done();
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);

        ImageInfo info = store.importOci(b.ref("example.com/layers", "1", digest), b.source(), FetchProgress.NONE);

        assertEquals("sha256-" + digest.substring(7), info.id());
        Path root = store.render(info.id()).resolve("rootfs");
        assertFalse(Files.exists(root.resolve("etc/passwd")));
        assertTrue(Files.isDirectory(root.resolve("etc")));
        assertFalse(Files.exists(root.resolve("gone")));
        assertEquals(List.of("new"), list(root.resolve("data")));
        assertEquals("newer", Files.readString(root.resolve("data/new")));
        assertEquals(0750, mode(root.resolve("data")));
        assertEquals("d", Files.readString(root.resolve("was-file/now-dir")));
        assertEquals(0711, mode(root.resolve("was-file")));
        assertEquals("now a file", Files.readString(root.resolve("was-dir")));
        assertEquals(Files.getAttribute(root.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(root.resolve("bin/ls"), "unix:ino"));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(root.resolve("link")));
        assertEquals(04755, mode(root.resolve("setuid")));
        assertEquals(1000, Files.getAttribute(root.resolve("owned"), "unix:uid"));
        assertEquals(1001, Files.getAttribute(root.resolve("owned"), "unix:gid"));
        assertEquals(OciImageBuilder.TIME, Files.getLastModifiedTime(root.resolve("bin/sh")));
        assertEquals(OciImageBuilder.TIME, Files.getLastModifiedTime(root.resolve("data")));
        ImageManifest m = store.manifest(info.id());
        assertEquals("example.com/layers", m.name());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), m.app().exec());
        assertTrue(m.labels().contains(new NameValue("version", "1")));
        assertTrue(m.labels().contains(new NameValue("arch", "amd64")));
    }

    @Test
    void mapsTheConfigAsDocker2aciDid() {
        OciImageBuilder b = base().config("{\"User\":\"1000:1001\",\"Env\":[\"PATH=/usr/bin:/bin\",\"A=b=c\"],"
                + "\"Entrypoint\":[\"sh\"],\"Cmd\":[\"-c\",\"x\"],\"WorkingDir\":\"/data\","
                + "\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}},\"Volumes\":{\"/var/lib/db\":{}}}");
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);

        ImageManifest m = store.manifest(store.importOci(b.ref("example.com/app", "2", digest), b.source(), null).id());

        assertEquals(List.of("/bin/sh", "-c", "x"), m.app().exec());
        assertEquals("1000", m.app().user());
        assertEquals("1001", m.app().group());
        assertEquals("/data", m.app().workingDirectory());
        assertTrue(m.app().environment().contains(new NameValue("A", "b=c")));
        assertEquals(List.of("53-udp", "80-tcp"), m.app().ports().stream().map(p -> p.name()).toList());
        assertEquals("volume-var-lib-db", m.app().mountPoints().get(0).name());
        assertEquals("/var/lib/db", m.app().mountPoints().get(0).path());
    }

    @Test
    void sharesLayersBetweenImagesAndFetchesOnlyWhatIsMissing() throws IOException {
        OciImageBuilder first = base();
        String d1 = first.build();
        OciImageBuilder.Blob shared = first.layers().get(0);
        OciImageBuilder second = new OciImageBuilder().layer(shared, first.blob(shared.digest()))
                .layer().file("extra", "e", 0644).done();
        String d2 = second.build();
        CasImageStore store = CasImageStore.at(dir);

        store.importOci(first.ref("example.com/one", "1", d1), first.source(), null);
        ImageInfo two = store.importOci(second.ref("example.com/two", "1", d2), second.source(), null);

        assertEquals(0, second.reads(shared.digest()));
        assertEquals(1, second.reads(second.layers().get(1).digest()));
        assertTrue(Files.exists(store.render(two.id()).resolve("rootfs/bin/sh")));
        long copies;
        try (var s = Files.list(dir.resolve("cas/blobs"))) {
            copies = s.filter(p -> p.getFileName().toString().equals("sha256-" + shared.digest().substring(7))).count();
        }
        assertEquals(1, copies);
        // Removing one image keeps the layer the other uses; gc then has nothing to do.
        store.remove(store.list().get(0).id());
        assertTrue(Files.exists(dir.resolve("cas/blobs/sha256-" + shared.digest().substring(7))));
        assertEquals(List.of(), store.gc());
        assertEquals(List.of(), store.verify());
    }

    @Test
    void resolvesAnIndexToTheHostPlatform() {
        OciImageBuilder b = base();
        String manifest = b.build();
        String index = b.index(manifest);

        ImageInfo info = CasImageStore.at(dir).importOci(b.ref("example.com/multi", "1", index), b.source(), null);

        assertEquals("sha256-" + manifest.substring(7), info.id());
    }

    @Test
    void aCorruptedBlobLeavesNothing() throws IOException {
        OciImageBuilder b = base();
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);
        goodImage(store);
        List<String> before = StoreSnapshot.of(dir);
        OciImageBuilder.Blob layer = b.layers().get(0);
        byte[] damaged = b.blob(layer.digest()).clone();
        damaged[damaged.length - 10] ^= 1;
        OciSource evil = serving(b, layer.digest(), damaged);

        RktException e = assertThrows(RktException.class, () -> store.importOci(b.ref("example.com/x", "1", digest), evil, null));

        assertTrue(e.getMessage().contains("blob " + layer.digest() + ": digest mismatch"), e.getMessage());
        assertEquals(before, StoreSnapshot.of(dir));
    }

    @Test
    void aTruncatedBlobLeavesNothing() throws IOException {
        OciImageBuilder b = base();
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);
        goodImage(store);
        List<String> before = StoreSnapshot.of(dir);
        OciImageBuilder.Blob layer = b.layers().get(0);
        byte[] whole = b.blob(layer.digest());
        OciSource evil = serving(b, layer.digest(), java.util.Arrays.copyOf(whole, whole.length / 2));

        RktException e = assertThrows(RktException.class, () -> store.importOci(b.ref("example.com/x", "1", digest), evil, null));

        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("Unexpected end"), e.getMessage());
        assertEquals(before, StoreSnapshot.of(dir));
    }

    @Test
    void aManifestWhoseDigestDiffersIsRefused() {
        OciImageBuilder b = base();
        String digest = b.build();
        String other = OciImageBuilder.digest("x".getBytes(StandardCharsets.UTF_8));
        var ref = new io.rktj.api.image.OciImageRef("example.com/x", List.of(), other, b.blob(digest), List.of(), "t");

        RktException e = assertThrows(RktException.class, () -> CasImageStore.at(dir).importOci(ref, b.source(), null));

        assertTrue(e.getMessage().startsWith("manifest " + other + ": digest mismatch"), e.getMessage());
    }

    @Test
    void anUnsupportedManifestTypeIsRefused() {
        OciImageBuilder b = new OciImageBuilder();
        String digest = b.put("{\"schemaVersion\":1,\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8));

        RktException e = assertThrows(RktException.class,
                () -> CasImageStore.at(dir).importOci(b.ref("example.com/x", "1", digest), b.source(), null));

        assertEquals("manifest " + digest + ": unsupported media type \"application/vnd.docker.distribution.manifest.v1+json\"",
                e.getMessage());
    }

    @Test
    void gcRendersAgainWhatItRemovedAndVerifyFindsDamage() throws IOException {
        OciImageBuilder b = base();
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);
        ImageInfo info = store.importOci(b.ref("example.com/x", "1", digest), b.source(), null);
        Files.write(dir.resolve("cas/blobs/sha256-" + "0".repeat(64)), new byte[] {1});

        assertEquals(List.of("removed blob sha256-" + "0".repeat(64)), store.gc());
        ByteArrayOutputStream aci = new ByteArrayOutputStream();
        store.exportAci(info.id(), aci);
        ImageInfo asAci = store.importAci(new java.io.ByteArrayInputStream(aci.toByteArray()), "export");
        Path exported = store.render(asAci.id()).resolve("rootfs");
        assertEquals(io.rktj.store.oci.TreeListing.of(store.render(info.id()).resolve("rootfs")), io.rktj.store.oci.TreeListing.of(exported));

        Path layer = dir.resolve("cas/blobs/sha256-" + b.layers().get(0).digest().substring(7));
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length - 10] ^= 1;
        Files.write(layer, bytes);
        List<String> problems = store.verify();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("blob sha256-" + b.layers().get(0).digest().substring(7) + ": digest mismatch"));
    }

    private static void goodImage(CasImageStore store) {
        OciImageBuilder good = new OciImageBuilder().layer().file("bin/sh", "sh", 0755).done();
        String d = good.build();
        store.importOci(good.ref("example.com/good", "1", d), good.source(), null);
    }

    private static OciSource serving(OciImageBuilder b, String digest, byte[] content) {
        OciSource real = b.source();
        return new OciSource() {
            @Override
            public byte[] manifest(String d) throws IOException {
                return real.manifest(d);
            }

            @Override
            public InputStream blob(String d, long size) throws IOException {
                return d.equals(digest) ? new java.io.ByteArrayInputStream(content) : real.blob(d, size);
            }
        };
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

}
