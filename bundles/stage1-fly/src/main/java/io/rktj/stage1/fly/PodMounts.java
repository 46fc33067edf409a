package io.rktj.stage1.fly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.rktj.api.app.RootfsPath;
import io.rktj.api.app.VolumeMount;
import io.rktj.api.RktException;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.schema.Volume;
import io.rktj.sys.MountTable;
import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * Builds a fly pod's mounts in the host's mount namespace, so that none of them reaches the
 * host's mounts, now or when taken down:
 * <ul>
 * <li>the pod's stage1/rootfs is first bound onto itself and made private: what is mounted
 * below it never propagates to the peers of the host mount the data dir lives on (the pod
 * directory itself is left alone, because rename(2) of a mount point fails with EBUSY and the
 * core moves pod directories between state folders);</li>
 * <li>every bind of a host directory (/dev, /proc, /sys, volumes) is made a recursive slave at
 * once: mounts the host adds still appear in the pod, but nothing unmounted in the pod (by gc,
 * or by the app, which runs as root in the host's namespaces) is ever unmounted in the host.</li>
 * </ul>
 * Every failure leaves the mounts made so far for {@link FlyFlavor#gc}, which takes them down.
 */
final class PodMounts {
    private static final long MS_NOATIME = 1024;
    private static final long MS_NODIRATIME = 2048;
    private static final long MS_RELATIME = 1 << 21;

    private final PodLayout layout;
    private final String app;

    /** layout must name the pod directory by its real path: mountinfo shows real paths. */
    PodMounts(PodLayout layout, String app) {
        this.layout = layout;
        this.app = app;
    }

    /** Mounts the app's rootfs and everything in it; returns the rootfs. */
    Path setUp(Path tree, boolean noOverlay, boolean readOnlyRootfs, List<VolumeMount> volumes) {
        try {
            Path stage1 = layout.stage1Rootfs();
            Files.createDirectories(stage1);
            bindPrivate(stage1);
            Path rootfs = layout.appRootfs(app);
            Files.createDirectories(rootfs.getParent());
            Path lower = tree.resolve("rootfs").toRealPath();
            if (noOverlay) {
                TreeCopy.copy(lower, rootfs);
                bindPrivate(rootfs);
            } else {
                overlay(lower, rootfs);
            }
            for (String dir : List.of("/dev", "/proc", "/sys")) {
                bindSlave(Path.of(dir), RootfsPath.directory(rootfs, dir), true);
            }
            Posix.mount("tmpfs", RootfsPath.directory(rootfs, "/tmp"), "tmpfs", Posix.MS_NOSUID | Posix.MS_NODEV, "mode=1777");
            for (VolumeMount v : volumes) {
                volume(rootfs, v);
            }
            // the pod's resolv.conf and hosts that the core wrote (--dns, --hosts-entry), as rkt's fly bound them
            etcFile(rootfs, layout.resolvConf(), "/etc/resolv.conf");
            etcFile(rootfs, layout.hosts(), "/etc/hosts");
            if (readOnlyRootfs) {
                remountReadOnly(rootfs, false);
            }
            return rootfs;
        } catch (IOException | NativeException e) {
            throw RktException.wrap("app " + app, e);
        }
    }

    private static void etcFile(Path rootfs, Path source, String path) throws IOException {
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            Path target = RootfsPath.file(rootfs, path);
            Posix.mount(source.toString(), target, null, Posix.MS_BIND, null);
            Posix.mount(null, target, null, Posix.MS_PRIVATE, null);
        }
    }

    private static void bindPrivate(Path dir) {
        Posix.mount(dir.toString(), dir, null, Posix.MS_BIND, null);
        Posix.mount(null, dir, null, Posix.MS_PRIVATE, null);
    }

    private static void bindSlave(Path source, Path target, boolean recursive) {
        Posix.mount(source.toString(), target, null, Posix.MS_BIND | (recursive ? Posix.MS_REC : 0), null);
        Posix.mount(null, target, null, Posix.MS_SLAVE | Posix.MS_REC, null);
    }

    private void overlay(Path lower, Path rootfs) throws IOException {
        Path upper = layout.overlay(app).resolve("upper");
        Path work = layout.overlay(app).resolve("work");
        Files.createDirectories(upper);
        Files.createDirectories(work);
        Files.createDirectories(rootfs);
        // The merged root takes its mode and owner from the upper directory, not from the image.
        Files.setPosixFilePermissions(upper, Files.getPosixFilePermissions(lower));
        Files.setAttribute(upper, "unix:uid", Files.getAttribute(lower, "unix:uid"));
        Files.setAttribute(upper, "unix:gid", Files.getAttribute(lower, "unix:gid"));
        String options = "lowerdir=" + escape(lower) + ",upperdir=" + escape(upper.toRealPath())
                + ",workdir=" + escape(work.toRealPath());
        try {
            Posix.mount("overlay", rootfs, "overlay", 0, options);
        } catch (NativeException e) {
            throw new RktException("app " + app + ": overlay mount on " + rootfs + " failed (" + e.getMessage()
                    + "); the data dir's filesystem may not support overlayfs, try --no-overlay", e);
        }
        Posix.mount(null, rootfs, null, Posix.MS_PRIVATE, null);
    }

    /** overlayfs splits its options at commas and lower dirs at colons; a backslash escapes both. */
    static String escape(Path p) {
        return p.toString().replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:");
    }

    private void volume(Path rootfs, VolumeMount m) throws IOException {
        Volume v = m.volume();
        Path source;
        boolean recursive;
        if (v.isHost()) {
            if (v.source() == null || !Files.exists(Path.of(v.source()))) {
                throw new RktException("app " + app + ": volume " + v.name() + ": host path " + v.source() + " does not exist");
            }
            source = Path.of(v.source()).toRealPath();
            recursive = v.isRecursive();
        } else if ("empty".equals(v.kind())) {
            source = emptyVolume(v);
            recursive = false;
        } else {
            throw new RktException("app " + app + ": volume " + v.name() + ": unknown kind \"" + v.kind() + "\"");
        }
        boolean directory = Files.isDirectory(source);
        Path target = RootfsPath.resolve(rootfs, m.path());
        if (target.equals(rootfs)) {
            throw new RktException("app " + app + ": volume " + v.name() + ": cannot be mounted on the app's root");
        }
        if (Files.exists(target) && Files.isDirectory(target) != directory) {
            throw new RktException("app " + app + ": volume " + v.name() + ": " + m.path() + " in the rootfs is "
                    + (directory ? "not a directory" : "a directory") + " but " + source + " is "
                    + (directory ? "one" : "not"));
        }
        target = directory ? RootfsPath.directory(rootfs, m.path()) : RootfsPath.file(rootfs, m.path());
        bindSlave(source, target, recursive);
        if (m.readOnly()) {
            remountReadOnly(target, recursive);
        }
    }

    /** An empty volume lives in the pod's sharedVolumes/NAME, with the volume's mode and owner. */
    private Path emptyVolume(Volume v) throws IOException {
        Path dir = layout.sharedVolumes().resolve(v.name());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            String mode = v.mode() == null ? "0755" : v.mode();
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions(Integer.parseInt(mode, 8))));
            } catch (NumberFormatException e) {
                throw new RktException("app " + app + ": volume " + v.name() + ": mode \"" + mode + "\" is not octal");
            }
            Files.setAttribute(dir, "unix:uid", v.uid() == null ? 0 : v.uid());
            Files.setAttribute(dir, "unix:gid", v.gid() == null ? 0 : v.gid());
        }
        return dir.toRealPath();
    }

    private static String permissions(int mode) {
        StringBuilder b = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return b.toString();
    }

    /**
     * Makes a bind read-only, and with it every mount below when recursive (each mount has its own
     * read-only flag). The flags the mount already has (nosuid, nodev, noexec, atime) are kept:
     * a bare remount would clear them.
     */
    private static void remountReadOnly(Path target, boolean recursive) {
        List<MountTable.Entry> mounts = MountTable.under(target);
        if (!recursive) {
            List<MountTable.Entry> self = new ArrayList<>(1);
            for (MountTable.Entry e : mounts) {
                if (e.mountPoint().equals(target)) {
                    self.add(e);
                    break;
                }
            }
            mounts = self;
        }
        for (MountTable.Entry e : mounts) {
            long flags = Posix.MS_REMOUNT | Posix.MS_BIND | Posix.MS_RDONLY | perMountFlags(e);
            Posix.mount(null, e.mountPoint(), null, flags, null);
        }
    }

    private static long perMountFlags(MountTable.Entry e) {
        long flags = 0;
        for (String option : e.line().split(" ")[5].split(",")) {
            flags |= switch (option) {
                case "nosuid" -> Posix.MS_NOSUID;
                case "nodev" -> Posix.MS_NODEV;
                case "noexec" -> Posix.MS_NOEXEC;
                case "noatime" -> MS_NOATIME;
                case "nodiratime" -> MS_NODIRATIME;
                case "relatime" -> MS_RELATIME;
                default -> 0L;
            };
        }
        return flags;
    }
}

