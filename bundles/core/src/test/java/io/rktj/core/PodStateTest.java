package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.pod.PodState;

/** State = directory + lock, with locks held by another fd of this process and by another process. */
class PodStateTest {
    @TempDir
    Path tmp;

    private PodHandle make(DataDir data, StateDir s) throws Exception {
        data.init();
        UUID u = UUID.randomUUID();
        Files.createDirectory(data.podPath(s, u));
        return data.find(u).orElseThrow();
    }

    @Test
    void directoryWithoutLockMeansTheUnlockedState() throws Exception {
        DataDir data = new DataDir(tmp);
        assertEquals(PodState.EMBRYO, make(data, StateDir.EMBRYO).state());
        assertEquals(PodState.ABORTED_PREPARE, make(data, StateDir.PREPARE).state());
        assertEquals(PodState.PREPARED, make(data, StateDir.PREPARED).state());
        assertEquals(PodState.EXITED, make(data, StateDir.RUN).state());
        assertEquals(PodState.EXITED_GARBAGE, make(data, StateDir.EXITED_GARBAGE).state());
        assertEquals(PodState.GARBAGE, make(data, StateDir.GARBAGE).state());
    }

    @Test
    void lockHeldThroughAnotherFdOfThisProcess() throws Exception {
        DataDir data = new DataDir(tmp);
        PodHandle preparing = make(data, StateDir.PREPARE);
        PodHandle running = make(data, StateDir.RUN);
        PodHandle deleting = make(data, StateDir.GARBAGE);
        try (PodLock a = PodLock.open(preparing.path()); PodLock b = PodLock.open(running.path());
                PodLock c = PodLock.open(deleting.path())) {
            assertTrue(a.tryExclusive() && b.tryExclusive() && c.tryExclusive());
            assertEquals(PodState.PREPARING, data.find(preparing.uuid()).orElseThrow().state());
            assertEquals(PodState.RUNNING, data.find(running.uuid()).orElseThrow().state());
            assertEquals(PodState.DELETING, data.find(deleting.uuid()).orElseThrow().state());
        }
        assertEquals(PodState.ABORTED_PREPARE, data.find(preparing.uuid()).orElseThrow().state());
        assertEquals(PodState.EXITED, data.find(running.uuid()).orElseThrow().state());
    }

    @Test
    void lockHeldByAnotherProcessWithFlock1() throws Exception {
        // -o: only flock itself holds the lock, so ending it releases the pod at once.
        DataDir data = new DataDir(tmp);
        PodHandle pod = make(data, StateDir.RUN);
        Process holder = new ProcessBuilder("flock", "-x", "-o", pod.path().toString(), "sleep", "5").inheritIO().start();
        try {
            assertEquals(PodState.RUNNING, awaitState(data, pod.uuid(), PodState.RUNNING));
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertEquals(PodState.EXITED, awaitState(data, pod.uuid(), PodState.EXITED));
    }

    @Test
    void renameKeepsTheLockBecauseItBelongsToTheOpenDirectory() throws Exception {
        DataDir data = new DataDir(tmp);
        PodHandle pod = make(data, StateDir.PREPARED);
        try (PodLock lock = PodLock.open(pod.path())) {
            assertTrue(lock.tryExclusive());
            PodHandle moved = data.move(pod, StateDir.RUN, true);
            assertTrue(Files.isDirectory(data.podPath(StateDir.RUN, pod.uuid())));
            assertTrue(Files.notExists(pod.path()));
            assertEquals(PodState.RUNNING, data.find(moved.uuid()).orElseThrow().state());
        }
        assertEquals(PodState.EXITED, data.find(pod.uuid()).orElseThrow().state());
    }

    @Test
    void listingIgnoresWhatIsNotAPodDirectory() throws Exception {
        DataDir data = new DataDir(tmp);
        PodHandle pod = make(data, StateDir.RUN);
        Files.createDirectory(data.stateDir(StateDir.RUN).resolve("not-a-uuid"));
        Files.writeString(data.stateDir(StateDir.RUN).resolve(UUID.randomUUID().toString()), "a file");
        assertEquals(List.of(pod.uuid()), data.listAll());
    }

    private static PodState awaitState(DataDir data, UUID uuid, PodState want) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        PodState s = data.find(uuid).orElseThrow().state();
        while (s != want && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            s = data.find(uuid).orElseThrow().state();
        }
        return s;
    }
}
