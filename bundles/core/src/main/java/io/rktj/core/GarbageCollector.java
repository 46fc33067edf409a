package io.rktj.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.rktj.api.RktException;
import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodState;

/**
 * rkt gc (rkt/gc.go): mark exited pods and failed prepares as garbage; unless --mark-only, expire
 * old prepared pods, then remove marked pods past their grace period and all plain garbage. It
 * touches only pods it can lock, so it never races a running pod or another rkt at work.
 */
final class GarbageCollector {
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(30);
    static final Duration DEFAULT_EXPIRE_PREPARED = Duration.ofHours(24);

    private final DataDir data;
    private final PodRemover remover;

    GarbageCollector(DataDir data, PodRemover remover) {
        this.data = data;
        this.remover = remover;
    }

    /** Runs with the whole report on one stream. */
    void run(GcOptions options, PrintStream out) {
        run(options, out, out);
    }

    /** As rkt: removed pods are reported on out; moves to garbage and problems on err. */
    void run(GcOptions options, PrintStream out, PrintStream err) {
        Duration grace = options.gracePeriod() == null ? DEFAULT_GRACE : options.gracePeriod();
        Duration expire = options.expirePrepared() == null ? DEFAULT_EXPIRE_PREPARED : options.expirePrepared();
        List<String> failures = new ArrayList<>();
        mark(StateDir.RUN, PodState.EXITED, StateDir.EXITED_GARBAGE, "Moving pod \"%s\" to garbage", err, failures);
        mark(StateDir.PREPARE, PodState.ABORTED_PREPARE, StateDir.GARBAGE, "Moving failed prepare \"%s\" to garbage", err, failures);
        if (!options.markOnly()) {
            expirePrepared(expire, err, failures);
            removeExitedGarbage(grace, out, err, failures);
            removeGarbage(out, err, failures);
        }
        if (!failures.isEmpty()) {
            throw new RktException("gc: " + failures.get(0)
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
        }
    }

    private void mark(StateDir from, PodState when, StateDir to, String message, PrintStream out, List<String> failures) {
        for (UUID uuid : data.list(from)) {
            Optional<PodHandle> h = data.probe(from, uuid);
            if (h.isPresent() && h.get().state() == when) {
                moveLocked(h.get(), to, message, out, failures);
            }
        }
    }

    private void expirePrepared(Duration expire, PrintStream out, List<String> failures) {
        Instant now = Instant.now();
        for (UUID uuid : data.list(StateDir.PREPARED)) {
            Optional<PodHandle> h = data.probe(StateDir.PREPARED, uuid);
            // The directory's ctime is when the pod became prepared: rename(2) sets it.
            Optional<Instant> since = h.flatMap(p -> PodFiles.ctime(p.path()));
            if (since.isPresent() && !now.isBefore(since.get().plus(expire))) {
                moveLocked(h.get(), StateDir.GARBAGE, "Moving expired prepared pod \"%s\" to garbage", out, failures);
            }
        }
    }

    private void removeExitedGarbage(Duration grace, PrintStream out, PrintStream err, List<String> failures) {
        Instant now = Instant.now();
        for (UUID uuid : data.list(StateDir.EXITED_GARBAGE)) {
            Optional<PodHandle> h = data.probe(StateDir.EXITED_GARBAGE, uuid);
            if (h.isEmpty() || h.get().state() != PodState.EXITED_GARBAGE) {
                continue;
            }
            Optional<Instant> marked = PodFiles.mtime(h.get().layout().gcMarker()).or(() -> PodFiles.ctime(h.get().path()));
            if (marked.isPresent() && now.isBefore(marked.get().plus(grace))) {
                err.println("Pod \"" + uuid + "\" not removed: still within grace period (" + GoDuration.format(grace) + ")");
                continue;
            }
            removeLocked(h.get(), out, err, failures);
        }
    }

    private void removeGarbage(PrintStream out, PrintStream err, List<String> failures) {
        for (UUID uuid : data.list(StateDir.GARBAGE)) {
            data.probe(StateDir.GARBAGE, uuid)
                    .filter(h -> h.state() == PodState.GARBAGE)
                    .ifPresent(h -> removeLocked(h, out, err, failures));
        }
    }

    private void moveLocked(PodHandle h, StateDir to, String message, PrintStream out, List<String> failures) {
        Optional<PodLock> lock = PodLock.openIfExists(h.path());
        if (lock.isEmpty()) {
            return;
        }
        try (PodLock l = lock.get()) {
            if (!l.exclusiveSoon()) {
                return;
            }
            PodHandle moved = data.move(h, to, true);
            out.println(String.format(message, h.uuid()));
            if (to == StateDir.EXITED_GARBAGE) {
                Files.writeString(moved.layout().gcMarker(), Instant.now() + "\n", StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            // Another process moved or removed it first: nothing left for us to do.
        } catch (IOException | RuntimeException e) {
            failures.add("pod \"" + h.uuid() + "\": " + e.getMessage());
        }
    }

    private void removeLocked(PodHandle h, PrintStream out, PrintStream err, List<String> failures) {
        Optional<PodLock> lock = PodLock.openIfExists(h.path());
        if (lock.isEmpty()) {
            return;
        }
        try (PodLock l = lock.get()) {
            if (!l.exclusiveSoon() || !Files.isDirectory(h.path())) {
                return;
            }
            out.println("Garbage collecting pod \"" + h.uuid() + "\"");
            remover.remove(h).forEach(err::println);
        } catch (RuntimeException e) {
            failures.add(e.getMessage());
        }
    }
}
