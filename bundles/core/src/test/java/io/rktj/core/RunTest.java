package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;

class RunTest {
    @TempDir
    Path tmp;
    Rig rig;
    String hello;

    @BeforeEach
    void setUp() {
        rig = new Rig(tmp);
        hello = rig.store.addApp("example.com/hello", "/bin/hello");
    }

    @Test
    void runHandsTheLockedPodInRunToTheFlavor() {
        List<String> seenDuringRun = new ArrayList<>();
        rig.fly.onRun = ctx -> {
            seenDuringRun.add(ctx.layout().dir().getParent().getFileName().toString());
            seenDuringRun.add(rig.data.find(ctx.uuid()).orElseThrow().state().label());
            seenDuringRun.add(ctx.trees().get("hello").resolve("rootfs").toFile().isDirectory() + "");
            seenDuringRun.add(ctx.images().get("hello").name());
            assertTrue(ctx.lockFd() > 2);
            return 3;
        };
        List<UUID> sunk = new ArrayList<>();
        int status = rig.stage0.run(Rig.request("fly", Rig.app(hello)), sunk::add);
        assertEquals(3, status);
        assertEquals(List.of("run", "running", "true", "example.com/hello"), seenDuringRun);
        UUID uuid = sunk.get(0);
        assertEquals(PodState.EXITED, rig.stage0.status(uuid).state());
        assertEquals(List.of(hello), rig.store.touched);
    }

    @Test
    void runPreparedNeedsAPreparedPod() {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        assertEquals(0, rig.stage0.runPrepared(uuid));
        assertEquals(List.of("run " + uuid), rig.fly.calls);
        RktException e = assertThrows(RktException.class, () -> rig.stage0.runPrepared(uuid));
        assertEquals("pod \"" + uuid + "\" is not prepared (it is exited)", e.getMessage());
    }

    @Test
    void failingFlavorRunIsCollectedAndRemoved() throws Exception {
        Path mountSource = Files.createDirectories(tmp.resolve("source"));
        Files.writeString(mountSource.resolve("keep"), "host data");
        rig.fly.onRun = ctx -> {
            // A half-made sandbox: a bind mount inside the pod, as a flavor would leave on failure.
            Path target = ctx.layout().dir().resolve("stage1/rootfs/mnt");
            try {
                Files.createDirectories(target);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            io.rktj.sys.Posix.mount(mountSource.toString(), target, null, io.rktj.sys.Posix.MS_BIND, null);
            throw new IllegalStateException("no supervisor");
        };
        UUID[] uuid = new UUID[1];
        RktException e = assertThrows(RktException.class, () -> rig.stage0.run(Rig.request("fly", Rig.app(hello)), u -> uuid[0] = u));
        assertEquals("run pod " + uuid[0] + ": no supervisor", e.getMessage());
        assertEquals(List.of("run " + uuid[0], "gc " + uuid[0]), rig.fly.calls);
        assertEquals(List.of(), rig.allPodDirs());
        assertEquals(List.of(), io.rktj.sys.MountTable.under(tmp));
        assertEquals("host data", Files.readString(mountSource.resolve("keep")));
    }

    @Test
    void tenConcurrentRunsEachGetTheirPod() throws Exception {
        rig.fly.onRun = ctx -> {
            assertEquals(PodState.RUNNING, rig.data.find(ctx.uuid()).orElseThrow().state());
            rig.stage0.list();
            return 0;
        };
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                runs.add(pool.submit(() -> rig.stage0.run(Rig.request("fly", Rig.app(hello)), u -> { })));
            }
            for (Future<Integer> f : runs) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdown();
        }
        List<PodInfo> pods = rig.stage0.list();
        assertEquals(10, pods.size());
        assertTrue(pods.stream().allMatch(p -> p.state() == PodState.EXITED));
    }

    @Test
    void statusReadsExitCodesTimesAndPid() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        PodInfo prepared = rig.stage0.status(uuid);
        assertEquals(PodState.PREPARED, prepared.state());
        assertEquals("created", prepared.apps().get(0).state());
        assertNotNull(prepared.createdAt());
        assertNull(prepared.startedAt());
        assertEquals("fly 0.1.0 1", prepared.flavor());

        rig.fly.onRun = ctx -> {
            try {
                Files.writeString(ctx.layout().ppid(), "4242");
                PodInfo running = rig.stage0.status(ctx.uuid());
                assertEquals(PodState.RUNNING, running.state());
                assertEquals(4242, running.pid());
                assertEquals("running", running.apps().get(0).state());
                Files.createDirectories(ctx.layout().exitStatus("hello").getParent());
                Files.writeString(ctx.layout().exitStatus("hello"), "2");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return 2;
        };
        rig.stage0.runPrepared(uuid);
        PodInfo exited = rig.stage0.status(uuid);
        AppInfo app = exited.apps().get(0);
        assertEquals(PodState.EXITED, exited.state());
        assertEquals(0, exited.pid());
        assertEquals("exited", app.state());
        assertEquals(2, app.exitCode());
        assertEquals("example.com/hello", app.imageName());
        assertEquals(hello, app.imageId());
        assertNotNull(exited.startedAt());
        assertEquals(app.finishedAt(), exited.exitedAt());
    }

    @Test
    void waitExitedReturnsWhenTheHolderLetsGo() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        Path pod = rig.data.podPath(StateDir.RUN, uuid);
        Files.move(rig.data.podPath(StateDir.PREPARED, uuid), pod);
        // A supervisor stand-in in another process: it holds the pod's lock for a second.
        Process holder = new ProcessBuilder("flock", "-x", "-o", pod.toString(), "sleep", "1").start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (rig.stage0.status(uuid).state() != PodState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(PodState.RUNNING, rig.stage0.status(uuid).state());
        assertEquals(PodState.RUNNING, rig.stage0.waitExited(uuid, java.time.Duration.ofMillis(100)).state());
        assertEquals(PodState.EXITED, rig.stage0.waitExited(uuid, null).state());
        holder.waitFor();
    }

    @Test
    void stopAndEnterNeedARunningPod() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        RktException e = assertThrows(RktException.class, () -> rig.stage0.stop(uuid, false));
        assertEquals("pod " + uuid + " is not running", e.getMessage());
        Path pod = rig.data.podPath(StateDir.PREPARED, uuid);
        Files.move(pod, rig.data.podPath(StateDir.RUN, uuid));
        try (PodLock supervisor = PodLock.open(rig.data.podPath(StateDir.RUN, uuid))) {
            assertTrue(supervisor.tryExclusive());
            rig.stage0.stop(uuid, true);
            assertEquals(7, rig.stage0.enter(uuid, null, List.of("/bin/sh", "-c", "id")));
            RktException noApp = assertThrows(RktException.class, () -> rig.stage0.enter(uuid, "other", List.of("x")));
            assertEquals("pod \"" + uuid + "\" has no app \"other\" (apps: hello)", noApp.getMessage());
        }
        assertEquals(List.of("stop " + uuid + " true", "enter " + uuid + " hello /bin/sh -c id"), rig.fly.calls);
    }

    @Test
    void stopPicksTheFlavorByRecordedNameAndInterface() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        Files.move(rig.data.podPath(StateDir.PREPARED, uuid), rig.data.podPath(StateDir.RUN, uuid));
        TestFlavor newer = new TestFlavor("fly", "0.2.0");
        rig.flavors.remove(rig.fly);
        rig.flavors.add(newer, Rig.props("fly", "0.2.0", 9L));
        try (PodLock supervisor = PodLock.open(rig.data.podPath(StateDir.RUN, uuid))) {
            assertTrue(supervisor.tryExclusive());
            rig.stage0.stop(uuid, false);
            assertEquals(List.of("stop " + uuid + " false"), newer.calls);
            rig.flavors.remove(newer);
            rig.flavors.add(new TestFlavor("fly", "9.0.0"), java.util.Map.of(
                    io.rktj.api.pod.Stage1Flavor.INTERFACE_PROPERTY, 2));
            RktException e = assertThrows(RktException.class, () -> rig.stage0.stop(uuid, false));
            assertTrue(e.getMessage().startsWith("pod " + uuid + ": no stage1 flavor fly speaking interface 1"), e.getMessage());
        }
    }

    @Test
    void rmRemovesWhatIsNotRunning() throws Exception {
        UUID prepared = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        UUID exited = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        rig.stage0.runPrepared(exited);
        UUID running = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        Files.move(rig.data.podPath(StateDir.PREPARED, running), rig.data.podPath(StateDir.RUN, running));
        try (PodLock supervisor = PodLock.open(rig.data.podPath(StateDir.RUN, running))) {
            assertTrue(supervisor.tryExclusive());
            RktException e = assertThrows(RktException.class, () -> rig.stage0.rm(running));
            assertEquals("pod \"" + running + "\" is currently running", e.getMessage());
        }
        rig.stage0.rm(prepared);
        rig.stage0.rm(exited);
        assertEquals(List.of(rig.data.podPath(StateDir.RUN, running)), rig.allPodDirs());
        assertTrue(rig.fly.calls.contains("gc " + exited));
        assertTrue(rig.fly.calls.stream().noneMatch(c -> c.equals("gc " + prepared)), "a pod that never ran has no stage1 to collect");
    }

    @Test
    void rmNeverFollowsLinksOutOfThePod() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep me");
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        Path pod = rig.data.podPath(StateDir.PREPARED, uuid);
        Files.createSymbolicLink(pod.resolve("link-to-outside"), outside);
        Files.createSymbolicLink(pod.resolve("link-to-file"), outside.resolve("precious"));
        rig.stage0.rm(uuid);
        assertEquals(List.of(), rig.allPodDirs());
        assertEquals("keep me", Files.readString(outside.resolve("precious")));
    }

    @Test
    void resolveTakesAUniquePrefix() throws Exception {
        rig.data.init();
        UUID a = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
        UUID b = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000002");
        UUID c = UUID.fromString("cccccccc-0000-4000-8000-000000000003");
        Files.createDirectory(rig.data.podPath(StateDir.PREPARED, a));
        Files.createDirectory(rig.data.podPath(StateDir.RUN, b));
        Files.createDirectory(rig.data.podPath(StateDir.GARBAGE, c));
        assertEquals(c, rig.stage0.resolve("cc"));
        assertEquals(c, rig.stage0.resolve("CCCCCCCC"));
        assertEquals(b, rig.stage0.resolve(b.toString()));
        assertEquals(a, rig.stage0.resolve("aaaaaaaa-0000-4000-8000-000000000001"));
        RktException ambiguous = assertThrows(RktException.class, () -> rig.stage0.resolve("aaaa"));
        assertTrue(ambiguous.getMessage().startsWith("ambiguous pod UUID \"aaaa\": 2 pods match"), ambiguous.getMessage());
        RktException none = assertThrows(RktException.class, () -> rig.stage0.resolve("ff"));
        assertEquals("no pod matches \"ff\"", none.getMessage());
    }

    @Test
    void catManifestGivesThePodFile() throws Exception {
        UUID uuid = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        assertArrayEquals(Files.readAllBytes(rig.data.podPath(StateDir.PREPARED, uuid).resolve("pod")), rig.stage0.catManifest(uuid));
        RktException e = assertThrows(RktException.class, () -> rig.stage0.catManifest(UUID.randomUUID()));
        assertTrue(e.getMessage().endsWith("not found"));
    }
}
