package io.rktj.api.pod;

import java.nio.file.Path;

/**
 * Where things live inside a pod directory. This is rkt's layout, kept so that a pod made by
 * one flavor bundle revision can be managed by another (see docs/on-disk-layout.md).
 */
public final class PodLayout {
    /** The version of the stage1 interface: pods record it, flavors declare which they speak. */
    public static final int STAGE1_INTERFACE_VERSION = 1;

    private final Path dir;

    public PodLayout(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The pod manifest, {@code pod}. */
    public Path manifest() {
        return dir.resolve("pod");
    }

    /** The flavor that made the pod: {@code name version interfaceVersion}. */
    public Path stage1Record() {
        return dir.resolve("stage1").resolve("flavor");
    }

    public Path runtimeConfig() {
        return dir.resolve("runtime-config");
    }

    public Path stage1Rootfs() {
        return dir.resolve("stage1").resolve("rootfs");
    }

    public Path appRootfs(String app) {
        return stage1Rootfs().resolve("opt").resolve("stage2").resolve(app).resolve("rootfs");
    }

    public Path appInfo(String app) {
        return dir.resolve("appsinfo").resolve(app);
    }

    /** The id of the rendered tree an app's rootfs comes from. */
    public Path treeStoreId(String app) {
        return appInfo(app).resolve("treeStoreID");
    }

    public Path overlay(String app) {
        return dir.resolve("overlay").resolve(app);
    }

    /** An app's exit code, written once by the supervisor when the app ends. */
    public Path exitStatus(String app) {
        return stage1Rootfs().resolve("rkt").resolve("status").resolve(app);
    }

    /** The pid of the pod's supervisor (stage1). */
    public Path ppid() {
        return dir.resolve("ppid");
    }

    /** The pid of the pod's main process (the app, for fly). */
    public Path pid() {
        return dir.resolve("pid");
    }

    public Path sharedVolumes() {
        return dir.resolve("sharedVolumes");
    }

    /** Written when gc marks the pod, so the grace period counts from marking. */
    public Path gcMarker() {
        return dir.resolve("gc-marked");
    }
}
