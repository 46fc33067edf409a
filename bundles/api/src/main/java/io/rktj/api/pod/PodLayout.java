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

    /** The path of the pod's network namespace (a bind mount under /run/netns), one line; absent on the host's network. */
    public Path netns() {
        return dir.resolve("netns");
    }

    /** The pod's CNI networks: each one's config, interface, arguments and final ADD result. */
    public Path netInfo() {
        return dir.resolve("net-info.json");
    }

    /** Which network plugin made the pod's network ({@code host}, {@code none}, {@code cni}): the one gc asks to take it down. */
    public Path netPlugin() {
        return dir.resolve("net-plugin");
    }

    /** The pod's /etc/resolv.conf when stage0 or a network decides it (rkt's stage1 etc/rkt-resolv.conf); every app gets it. */
    public Path resolvConf() {
        return stage1Rootfs().resolve("etc").resolve("rkt-resolv.conf");
    }

    /** The pod's /etc/hosts when --hosts-entry gives one (rkt's stage1 etc/rkt-hosts); every app gets it. */
    public Path hosts() {
        return stage1Rootfs().resolve("etc").resolve("rkt-hosts");
    }

    /** Written when gc marks the pod, so the grace period counts from marking. */
    public Path gcMarker() {
        return dir.resolve("gc-marked");
    }
}
