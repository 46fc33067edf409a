package io.rktj.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.PodState;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.SchemaException;

/**
 * Builds what list and status show from a pod directory: apps from the pod manifest, exit codes
 * and times from the files the supervisor leaves (rkt's pods.go: created = pod-created, started =
 * pid/ppid, finished = each app's status file).
 */
final class PodReader {

    PodInfo read(PodHandle h) {
        PodLayout layout = h.layout();
        Instant created = PodFiles.mtime(PodFiles.created(layout)).or(() -> PodFiles.mtime(layout.manifest())).orElse(null);
        Instant started = PodFiles.mtime(layout.pid()).or(() -> PodFiles.mtime(layout.ppid())).orElse(null);
        List<AppInfo> apps = new ArrayList<>();
        Instant exitedAt = null;
        for (RuntimeApp ra : manifest(layout).map(PodManifest::apps).orElse(List.of())) {
            AppInfo app = app(h, ra, created, started);
            apps.add(app);
            if (app.finishedAt() != null && (exitedAt == null || app.finishedAt().isAfter(exitedAt))) {
                exitedAt = app.finishedAt();
            }
        }
        if (h.state() == PodState.RUNNING) {
            exitedAt = null;
        }
        int pid = h.state() == PodState.RUNNING
                ? PodFiles.integer(layout.ppid()).or(() -> PodFiles.integer(layout.pid())).orElse(0)
                : 0;
        String flavor = PodFiles.text(layout.stage1Record()).orElse(null);
        return new PodInfo(h.uuid(), h.state(), apps, PodNet.infos(layout), created, started, exitedAt, pid, flavor);
    }

    private static AppInfo app(PodHandle h, RuntimeApp ra, Instant created, Instant started) {
        PodLayout layout = h.layout();
        Optional<Integer> exit = PodFiles.integer(layout.exitStatus(ra.name()));
        Instant finished = exit.isPresent() ? PodFiles.mtime(layout.exitStatus(ra.name())).orElse(null) : null;
        String state;
        if (exit.isPresent()) {
            state = "exited";
        } else if (h.state() == PodState.RUNNING) {
            state = "running";
        } else if (started != null) {
            state = "unknown";
        } else {
            state = "created";
        }
        String imageName = ra.image() == null ? null : ra.image().name();
        String imageId = ra.image() == null ? null : ra.image().id();
        return new AppInfo(ra.name(), imageName, imageId, state, exit.orElse(null), created, started, finished);
    }

    /** A pod still being prepared has no manifest yet; a damaged one shows no apps rather than failing list. */
    private static Optional<PodManifest> manifest(PodLayout layout) {
        return PodFiles.bytes(layout.manifest()).flatMap(b -> {
            try {
                return Optional.of(Manifests.readPodManifest(b));
            } catch (SchemaException e) {
                return Optional.empty();
            }
        });
    }
}
