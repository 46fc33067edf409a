package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodState;
import io.rktj.sys.MountTable;
import io.rktj.sys.Posix;

class GcTest {
    private static final GcOptions ZERO_GRACE = new GcOptions(Duration.ZERO, Duration.ofHours(24), false);

    @TempDir
    Path tmp;
    Rig rig;
    String hello;

    @BeforeEach
    void setUp() {
        rig = new Rig(tmp);
        hello = rig.store.addApp("example.com/hello", "/bin/hello");
    }

    private UUID exitedPod() {
        UUID[] u = new UUID[1];
        rig.stage0.run(Rig.request("fly", Rig.app(hello)), x -> u[0] = x);
        return u[0];
    }

    private String gc(GcOptions o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rig.stage0.gc(o, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void markOnlyMovesExitedAndAbortedPodsAndWritesTheMark() throws Exception {
        UUID exited = exitedPod();
        UUID aborted = UUID.randomUUID();
        Files.createDirectories(rig.data.podPath(StateDir.PREPARE, aborted));
        String out = gc(new GcOptions(Duration.ZERO, Duration.ZERO, true));
        assertEquals("Moving pod \"" + exited + "\" to garbage\n"
                + "Moving failed prepare \"" + aborted + "\" to garbage\n", out);
        assertEquals(PodState.EXITED_GARBAGE, rig.stage0.status(exited).state());
        assertEquals(PodState.GARBAGE, rig.stage0.status(aborted).state());
        assertTrue(Files.exists(rig.data.podPath(StateDir.EXITED_GARBAGE, exited).resolve("gc-marked")));
        assertTrue(rig.fly.calls.stream().noneMatch(c -> c.startsWith("gc")));
    }

    @Test
    void graceCountsFromMarking() throws Exception {
        UUID exited = exitedPod();
        GcOptions halfHour = new GcOptions(Duration.ofMinutes(30), Duration.ofHours(24), false);
        String first = gc(halfHour);
        assertEquals("Moving pod \"" + exited + "\" to garbage\n"
                + "Pod \"" + exited + "\" not removed: still within grace period (30m0s)\n", first);
        Path marker = rig.data.podPath(StateDir.EXITED_GARBAGE, exited).resolve("gc-marked");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(Duration.ofMinutes(31))));
        assertEquals("Garbage collecting pod \"" + exited + "\"\n", gc(halfHour));
        assertEquals(List.of(), rig.allPodDirs());
        assertTrue(rig.fly.calls.contains("gc " + exited));
    }

    @Test
    void zeroGraceCollectsEverythingDoneAndKeepsWhatRuns() throws Exception {
        UUID exited = exitedPod();
        UUID prepared = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        UUID running = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        Files.move(rig.data.podPath(StateDir.PREPARED, running), rig.data.podPath(StateDir.RUN, running));
        UUID preparing = UUID.randomUUID();
        Files.createDirectories(rig.data.podPath(StateDir.PREPARE, preparing));
        try (PodLock supervisor = PodLock.open(rig.data.podPath(StateDir.RUN, running));
                PodLock preparer = PodLock.open(rig.data.podPath(StateDir.PREPARE, preparing))) {
            assertTrue(supervisor.tryExclusive() && preparer.tryExclusive());
            String out = gc(ZERO_GRACE);
            assertEquals("Moving pod \"" + exited + "\" to garbage\nGarbage collecting pod \"" + exited + "\"\n", out);
            assertEquals(PodState.RUNNING, rig.stage0.status(running).state());
            assertEquals(PodState.PREPARING, rig.stage0.status(preparing).state());
            assertEquals(PodState.PREPARED, rig.stage0.status(prepared).state());
        }
    }

    @Test
    void removalsGoToStdoutAndMovesToStderrAsInRkt() throws Exception {
        UUID exited = exitedPod();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        rig.stage0.gc(ZERO_GRACE, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("Garbage collecting pod \"" + exited + "\"\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("Moving pod \"" + exited + "\" to garbage\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void preparedPodsExpire() {
        UUID prepared = rig.stage0.prepare(Rig.request("fly", Rig.app(hello)));
        assertEquals("", gc(new GcOptions(Duration.ZERO, Duration.ofHours(1), false)));
        assertEquals(PodState.PREPARED, rig.stage0.status(prepared).state());
        assertEquals("Moving expired prepared pod \"" + prepared + "\" to garbage\nGarbage collecting pod \"" + prepared + "\"\n",
                gc(new GcOptions(Duration.ZERO, Duration.ZERO, false)));
        assertEquals(List.of(), rig.allPodDirs());
    }

    @Test
    void leftoverMountsAreTakenDownWithoutTouchingTheirSource() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("host-volume"));
        Files.writeString(source.resolve("data"), "host");
        UUID exited = exitedPod();
        Path target = Files.createDirectories(rig.data.podPath(StateDir.RUN, exited).resolve("stage1/rootfs/opt/stage2/hello/rootfs/data"));
        Posix.mount(source.toString(), target, null, Posix.MS_BIND, null);
        assertEquals(1, MountTable.under(tmp).size());
        gc(ZERO_GRACE);
        assertEquals(List.of(), rig.allPodDirs());
        assertEquals(List.of(), MountTable.under(tmp));
        assertEquals("host", Files.readString(source.resolve("data")));
    }

    @Test
    void podOfAFlavorNoLongerInstalledIsStillCollected() {
        UUID exited = exitedPod();
        rig.flavors.remove(rig.fly);
        String out = gc(ZERO_GRACE);
        assertTrue(out.contains("Garbage collecting pod \"" + exited + "\""), out);
        assertTrue(out.contains("no stage1 flavor fly speaking interface 1 is installed, stage1 gc skipped"), out);
        assertEquals(List.of(), rig.allPodDirs());
    }

    @Test
    void failingFlavorGcKeepsThePodForTheNextGc() {
        UUID exited = exitedPod();
        rig.fly.onGc = ctx -> {
            throw new IllegalStateException("device busy");
        };
        io.rktj.api.RktException e = org.junit.jupiter.api.Assertions.assertThrows(io.rktj.api.RktException.class,
                () -> gc(ZERO_GRACE));
        assertEquals("gc: pod " + exited + ": stage1 gc: device busy", e.getMessage());
        assertEquals(PodState.EXITED_GARBAGE, rig.stage0.status(exited).state());
    }
}
