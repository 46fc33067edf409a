package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.image.OciSource;
import io.rktj.api.schema.NameValue;
import io.rktj.store.oci.OciImageBuilder;

/**
 * Rendering as a user other than root, for real: a child JVM under {@code setpriv} as nobody
 * (65534) imports and renders into a store that user owns. An image with a device node is refused
 * with a clear error (only root can create device nodes), and the store holds no image, no tree
 * and no temporary file afterwards; an image without one renders.
 */
class NonRootRenderTest {
    private static final int NOBODY = 65534;
    /** What an opened store holds before any import: its folders only. */
    private static final List<String> EMPTY_STORE = List.of(" -1", "cas -1", "cas/blobs -1", "cas/images -1", "cas/tmp -1",
            "cas/tree -1");

    private Path work;

    /** A folder nobody may enter and read (JUnit's @TempDir is root's alone). */
    @BeforeEach
    void workFolder() throws IOException {
        work = Files.createTempDirectory("rktj-nonroot-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @AfterEach
    void removeWorkFolder() throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void anOciLayerWithADeviceNodeIsRefusedAndTheStoreStaysIntact() throws Exception {
        OciImageBuilder evil = new OciImageBuilder().layer().dir("dev", 0755).file("dev/ok", "ok", 0644)
                .device("dev/sda", 8, 0).done();
        String digest = evil.build();
        Path layout = work.resolve("layout");
        evil.writeLayout(layout, digest, "1");
        Path store = storeOwnedByNobody();

        Result r = asNobody("oci", store.toString(), layout.toString(), digest);

        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("device node \"dev/sda\": only root can create device nodes"), r.output());
        assertEquals(EMPTY_STORE, StoreSnapshot.of(store), "the refused import left something in the store");
        assertEquals(List.of(), CasImageStore.at(store).list());
    }

    @Test
    void anAciWithADeviceNodeIsRefusedAndTheStoreStaysIntact() throws Exception {
        Path aci = work.resolve("evil.aci");
        Files.write(aci, AciBuilder.image("example.com/dev", "1").dir("rootfs/dev", 0755).charDevice("rootfs/dev/null")
                .compressed(AciFormat.GZIP));
        Path store = storeOwnedByNobody();

        Result r = asNobody("aci", store.toString(), aci.toString());

        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("device node rootfs/dev/null: only root can create device nodes"), r.output());
        // The ACI itself was imported (rendering is a step of its own): no tree, nothing temporary.
        assertEquals(0, StoreSnapshot.entries(store.resolve("cas/tree")), "a half-rendered tree was left");
        assertEquals(0, StoreSnapshot.entries(store.resolve("cas/tmp")));
        assertEquals(1, CasImageStore.at(store).list().size());
    }

    @Test
    void anImageWithoutDeviceNodesRendersAsNobody() throws Exception {
        OciImageBuilder good = new OciImageBuilder().layer().dir("bin", 0755).file("bin/sh", "sh", 0755).done();
        String digest = good.build();
        Path layout = work.resolve("layout");
        good.writeLayout(layout, digest, "1");
        Path store = storeOwnedByNobody();

        Result r = asNobody("oci", store.toString(), layout.toString(), digest);

        assertEquals(0, r.exit(), r.output());
        assertEquals(1, CasImageStore.at(store).list().size());
        // newer JDKs add warnings about JNA's native access to the output: the tree is on its own line
        String tree = r.output().lines().filter(l -> l.startsWith("tree=")).findFirst().orElseThrow().substring(5);
        Path sh = Path.of(tree).resolve("rootfs/bin/sh");
        assertEquals("sh", Files.readString(sh));
        assertEquals(NOBODY, Files.getAttribute(sh, "unix:uid"));
    }

    private Path storeOwnedByNobody() throws IOException {
        Path store = Files.createDirectory(work.resolve("store"));
        Files.setAttribute(store, "unix:uid", NOBODY);
        Files.setAttribute(store, "unix:gid", NOBODY);
        return store;
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@link Child} as nobody, with a copy of this JVM's class path that nobody can read. */
    private Result asNobody(String... args) throws Exception {
        List<String> classpath = new ArrayList<>();
        Path copies = Files.createDirectory(work.resolve("classpath"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty() || !Files.exists(Path.of(entry))) {
                continue;
            }
            Path copy = copies.resolve(Integer.toString(n++) + (Files.isDirectory(Path.of(entry)) ? "" : ".jar"));
            Process cp = new ProcessBuilder("cp", "-r", entry, copy.toString()).inheritIO().start();
            assertEquals(0, cp.waitFor());
            classpath.add(copy.toString());
        }
        Process chmod = new ProcessBuilder("chmod", "-R", "a+rX", copies.toString()).inheritIO().start();
        assertEquals(0, chmod.waitFor());
        Path jnaTmp = Files.createDirectory(work.resolve("jna"));
        Files.setAttribute(jnaTmp, "unix:uid", NOBODY);
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djna.tmpdir=" + jnaTmp, "-Djava.io.tmpdir=" + jnaTmp,
                "-cp", String.join(java.io.File.pathSeparator, classpath), Child.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        return new Result(p.exitValue(), out);
    }

    /** The child: imports and renders one image; prints "tree=" and the tree, or the error and exits 2. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            CasImageStore store = CasImageStore.at(Path.of(args[1]));
            try {
                String id;
                if (args[0].equals("aci")) {
                    try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
                        id = store.importAci(in, args[2]).id();
                    }
                } else {
                    Path layout = Path.of(args[2]);
                    String digest = args[3];
                    byte[] manifest = Files.readAllBytes(blob(layout, digest));
                    OciSource source = new OciSource() {
                        @Override
                        public byte[] manifest(String d) throws IOException {
                            return Files.readAllBytes(NonRootRenderTest.blob(layout, d));
                        }

                        @Override
                        public InputStream blob(String d, long size) throws IOException {
                            return Files.newInputStream(NonRootRenderTest.blob(layout, d));
                        }
                    };
                    id = store.importOci(new OciImageRef("example.com/nonroot", List.of(new NameValue("version", "1")), digest,
                            manifest, List.of(), "test:nonroot"), source, FetchProgress.NONE).id();
                }
                System.out.println("tree=" + store.render(id));
            } catch (RktException e) {
                System.out.println(e.getMessage());
                System.exit(2);
            }
        }
    }

    static Path blob(Path layout, String digest) {
        HexFormat.of().parseHex(digest.substring(7)); // a digest, not a path
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }
}
