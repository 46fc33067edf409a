package io.rktj.stage1.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.NameValue;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.RuntimeImage;
import io.rktj.api.schema.Volume;
import io.rktj.sys.MountTable;
import io.rktj.sys.Posix;

/**
 * Runs real fly pods as root: a busybox image, a pod directory made by hand, the flavor's run()
 * in a child JVM that execs into fly-init, then stop, enter and gc from this JVM. The data dir
 * sits on a tmpfs made shared, with a peer bind of it, as on a host with shared propagation;
 * after gc the mount table, the peer's included, must be exactly what it was (other pods on the
 * machine aside).
 */
class FlyPodTest {
    private static final String[] APPLETS = {"sh", "echo", "id", "sleep", "cat", "touch", "test", "pwd", "ls", "mount",
        "umount", "stat"};

    private final FlyFlavor flavor = new FlyFlavor("test");
    private Path work;
    private Path host;
    private Path peer;
    private Path tree;
    private Path podDir;
    private List<String> mountsBefore;

    @BeforeEach
    void hostWithSharedPropagation() throws IOException {
        assumeTrue(Posix.geteuid() == 0, "needs root: mounts a pod");
        work = Files.createTempDirectory("rktj-fly-test");
        host = Files.createDirectories(work.resolve("host"));
        peer = Files.createDirectories(work.resolve("peer"));
        Posix.mount("tmpfs", host, "tmpfs", 0, "mode=0755");
        Posix.mount(null, host, null, Posix.MS_SHARED, null);
        Posix.mount(host.toString(), peer, null, Posix.MS_BIND, null);
        tree = busyboxImage(host.resolve("cas/tree/sha512-test"));
        podDir = Files.createDirectories(host.resolve("pods/run/" + UUID.randomUUID()));
        Files.writeString(Files.createDirectories(host.resolve("voldata")).resolve("in"), "from the host\n");
        mountsBefore = mountinfo();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (work == null) {
            return;
        }
        if (Files.exists(new PodLayout(podDir).manifest())) {
            try {
                flavor.stop(context(), true);
            } catch (Exception e) {
                // A failed test may leave a pod in any state; the unmounting below is what must happen.
            }
        }
        MountTable.unmountAll(work.toRealPath());
        assertTrue(MountTable.under(work.toRealPath()).isEmpty());
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void runsTheAppAndRecordsItsExitCode() throws Exception {
        App app = app(List.of("/bin/sh", "-c", "echo hello; id -u; id -g; id -G; echo $AC_APP_NAME $FOO $BAR; pwd;"
                + " cat /data/in; touch /data/x 2>/dev/null && echo data-rw || echo data-ro;"
                + " touch /scratch/x && stat -c %a /scratch; test -c /dev/null && test -d /proc/1 && test -d /sys/kernel"
                + " && echo system-mounts; exit 3"), "app", "app", "/bin");
        writePod(app, List.of(new Mount("data", "/data", null), new Mount("scratch", "/scratch", null)),
                List.of(new Volume("data", "host", host.resolve("voldata").toString(), true, null, null, null, null),
                        new Volume("scratch", "empty", null, null, null, "0777", 1000, 1000)),
                false);

        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), stderr());
        assertEquals(List.of("hello", "1000", "1000", "1000 60 70", "web app set", "/bin", "from the host", "data-ro", "777",
                "system-mounts"), stdout());
        PodLayout layout = new PodLayout(podDir);
        assertEquals("3", Files.readString(layout.exitStatus("web")));
        assertEquals(Long.toString(p.pid()), Files.readString(layout.ppid()));
        assertTrue(Files.exists(layout.pid()));
        assertTrue(Files.isExecutable(FlyInitBinary.in(layout)));
        assertNothingReachedThePeer();

        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void stopEnterAndPropagationWhileRunning() throws Exception {
        writePod(app(List.of("/bin/sleep", "60"), "0", "0", null), List.of(new Mount("data", "/data", null)),
                List.of(new Volume("data", "host", host.resolve("voldata").toString(), null, null, null, null, null)), false);
        Process p = start();
        PodLayout layout = new PodLayout(podDir);
        waitFor(layout.pid());
        assertNothingReachedThePeer();
        assertEquals(FlyInitBinary.in(layout).toRealPath(), Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "exe")),
                "the rkt run process became fly-init: no JVM stays");
        assertFalse(lockFree(), "the pod is locked while it runs");

        assertEquals(7, flavor.enter(context(), null, List.of("sh", "-c", "test \"$AC_APP_NAME\" = web && test -f /data/in && exit 7")));

        // A mount the host makes in a volume shows up in the pod; unmounting it in the pod leaves the host's.
        Path hostSub = Files.createDirectories(host.resolve("voldata/sub"));
        Posix.mount("tmpfs", hostSub, "tmpfs", 0, null);
        Path podSub = layout.appRootfs("web").resolve("data/sub").toRealPath();
        Path realHostSub = hostSub.toRealPath();
        assertTrue(MountTable.read().stream().anyMatch(e -> e.mountPoint().equals(podSub)));
        assertTrue(Posix.umount(podSub, 0));
        assertTrue(MountTable.read().stream().anyMatch(e -> e.mountPoint().equals(realHostSub)));
        assertTrue(Posix.umount(hostSub, 0));

        flavor.stop(context(), false);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), stderr());
        assertEquals("143", Files.readString(layout.exitStatus("web")));
        assertTrue(lockFree(), "the lock ends with the pod");
        flavor.stop(context(), true);

        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void forceStopKillsTheApp() throws Exception {
        writePod(app(List.of("/bin/sh", "-c", "trap '' TERM; sleep 60"), "0", "0", null), List.of(), List.of(), false);
        Process p = start();
        waitFor(new PodLayout(podDir).pid());
        flavor.stop(context(), true);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void noOverlayRunsACopyOfTheTree() throws Exception {
        writePod(app(List.of("/bin/sh", "-c", "echo copied > /etc/marker; exit 0"), "0", "0", null), List.of(), List.of(), true);
        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), stderr());
        Path rootfs = new PodLayout(podDir).appRootfs("web");
        assertTrue(Files.isSymbolicLink(rootfs.resolve("bin/sh")));
        assertEquals("copied\n", Files.readString(rootfs.resolve("etc/marker")));
        assertFalse(Files.exists(tree.resolve("rootfs/etc/marker")));
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void aReadOnlyRootfsKeepsTmpWritable() throws Exception {
        writePod(app(List.of("/bin/sh", "-c", "touch /tmp/x || exit 9; touch /etc/x 2>/dev/null && exit 0; exit 5"), "0", "0", null),
                List.of(), List.of(), true, true);
        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(5, p.exitValue(), stderr());
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void aMissingHostVolumeFailsBeforeTheAppStarts() throws Exception {
        String missing = host.resolve("nope").toString();
        writePod(app(List.of("/bin/true"), "0", "0", null), List.of(new Mount("data", "/data", null)),
                List.of(new Volume("data", "host", missing, null, null, null, null, null)), false);
        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(254, p.exitValue());
        assertEquals("rkt: app web: volume data: host path " + missing + " does not exist", stderr().strip());
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    @Test
    void aMissingExecFailsBeforeTheHandover() throws Exception {
        writePod(app(List.of("/bin/nope"), "0", "0", null), List.of(), List.of(), false);
        Process p = start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(254, p.exitValue());
        assertEquals("rkt: app web: exec /bin/nope not found in its rootfs", stderr().strip());
        flavor.gc(context());
        assertEquals(mountsBefore, mountinfo());
    }

    private void assertNothingReachedThePeer() throws IOException {
        Path realPeer = peer.toRealPath();
        // Only the pod's own private bind of stage1/rootfs propagates (gc's unmount of it propagates back).
        for (MountTable.Entry e : MountTable.under(realPeer)) {
            assertTrue(e.mountPoint().equals(realPeer) || e.mountPoint().endsWith("stage1/rootfs"), e.line());
        }
    }

    private boolean lockFree() {
        int fd = Posix.openDirectory(podDir);
        try {
            return Posix.flock(fd, Posix.LOCK_SH | Posix.LOCK_NB);
        } finally {
            Posix.close(fd);
        }
    }

    private static Path busyboxImage(Path dir) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createSymbolicLink(bin.resolve("true"), Path.of("/bin/busybox"));
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\nextra:x:60:app\n");
        ImageManifest manifest = new ImageManifest("ImageManifest", "0.8.11", "example.com/busybox", null,
                app(List.of("/bin/sh"), "0", "0", null), null, null, null);
        Files.write(dir.resolve("manifest"), Manifests.write(manifest));
        return dir;
    }

    private static App app(List<String> exec, String user, String group, String cwd) {
        return new App(exec, user, group, List.of(70), cwd, null, List.of(new NameValue("FOO", "app")), null, null, null);
    }

    private void writePod(App app, List<Mount> mounts, List<Volume> volumes, boolean noOverlay) throws IOException {
        writePod(app, mounts, volumes, noOverlay, null);
    }

    private void writePod(App app, List<Mount> mounts, List<Volume> volumes, boolean noOverlay, Boolean readOnlyRootfs)
            throws IOException {
        RuntimeApp ra = new RuntimeApp("web", new RuntimeImage("example.com/busybox", "sha512-test", null), app,
                readOnlyRootfs, mounts, null);
        PodManifest pod = new PodManifest("0.8.11", "PodManifest", List.of(ra), volumes, null, null, null, null, null);
        PodLayout layout = new PodLayout(podDir);
        Files.write(layout.manifest(), Manifests.write(pod));
        RuntimeConfig config = new RuntimeConfig(Map.of("BAR", "set"), Map.of("FOO", "inherited"), null, null, false,
                noOverlay, null);
        Files.write(layout.runtimeConfig(), Manifests.mapper().writeValueAsBytes(config));
    }

    private Process start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            // JNA's System.load otherwise warns on stderr, which the one-line error checks read
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FlyRunMain.class.getName(),
                podDir.toString(), tree.toString()));
        return new ProcessBuilder(command)
                .redirectOutput(work.resolve("stdout").toFile())
                .redirectError(work.resolve("stderr").toFile())
                .start();
    }

    private PodContext context() throws Exception {
        return FlyRunMain.context(podDir, tree, -1);
    }

    private List<String> stdout() throws IOException {
        return Files.readAllLines(work.resolve("stdout"));
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("stderr"), StandardCharsets.UTF_8);
    }

    private static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 300 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " never appeared");
    }

    /**
     * The mount table, less the mounts of pods other than this test's: other pods may come and go
     * on this machine meanwhile (other tests, other engineers), and they are not this test's business.
     */
    private List<String> mountinfo() throws IOException {
        Path mine = work.toRealPath();
        List<String> out = new ArrayList<>();
        for (MountTable.Entry e : MountTable.read()) {
            boolean otherPod = !e.mountPoint().startsWith(mine)
                    && StreamSupport.stream(e.mountPoint().spliterator(), false).anyMatch(n -> n.toString().equals("pods"));
            if (!otherPod) {
                out.add(e.line());
            }
        }
        return out;
    }
}
