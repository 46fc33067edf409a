package io.rktj.store;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import io.rktj.api.RktException;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.SchemaException;

/**
 * Checks an ACI's layout while it streams in: a {@code manifest} file that is a valid image
 * manifest, a {@code rootfs} directory, nothing else at the top, and no entry that could write
 * outside the directory it is extracted into (absolute names, {@code ..}, a path through a
 * symbolic link of the same archive, a hard link to anything but a file earlier in the archive).
 */
final class AciScanner {
    private static final int MAX_MANIFEST = 4 << 20;

    private final Set<String> symlinks = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private ImageManifest manifest;
    private boolean rootfs;

    /** Reads every entry header (file contents are skipped by the caller's stream). */
    ImageManifest scan(TarArchiveInputStream tar) throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            accept(e, tar);
        }
        if (manifest == null) {
            throw new RktException("not an ACI: no manifest");
        }
        if (!rootfs) {
            throw new RktException("not an ACI: no rootfs directory");
        }
        return manifest;
    }

    private void accept(TarArchiveEntry e, TarArchiveInputStream tar) throws IOException {
        String name = TarPath.clean(e.getName());
        EntryKind kind = EntryKind.of(e);
        if (name.isEmpty()) {
            return;
        }
        if (name.equals(TarPath.MANIFEST)) {
            readManifest(e, kind, tar);
            return;
        }
        if (name.equals(TarPath.ROOTFS)) {
            if (kind != EntryKind.DIRECTORY) {
                throw new RktException("not an ACI: rootfs is not a directory");
            }
            rootfs = true;
            return;
        }
        if (!name.startsWith(TarPath.ROOTFS_PREFIX)) {
            throw new RktException("not an ACI: unexpected entry \"" + e.getName() + "\" outside rootfs/");
        }
        rootfs = true;
        requireNoSymlinkAbove(name, e.getName());
        switch (kind) {
            case SYMLINK -> {
                if (e.getLinkName().isEmpty()) {
                    throw new RktException("not an ACI: symbolic link \"" + e.getName() + "\" has no target");
                }
                symlinks.add(name);
            }
            case FILE -> files.add(name);
            case HARDLINK -> {
                checkHardLink(e);
                files.add(name);
            }
            default -> {
            }
        }
    }

    private void readManifest(TarArchiveEntry e, EntryKind kind, TarArchiveInputStream tar) throws IOException {
        if (kind != EntryKind.FILE) {
            throw new RktException("not an ACI: manifest is not a regular file");
        }
        if (e.getSize() > MAX_MANIFEST) {
            throw new RktException("not an ACI: manifest is larger than " + MAX_MANIFEST + " bytes");
        }
        try {
            manifest = Manifests.readImageManifest(tar.readAllBytes());
        } catch (SchemaException ex) {
            String m = ex.getMessage();
            throw new RktException(m.startsWith("image manifest") ? m : "image manifest: " + m, ex);
        }
    }

    private void checkHardLink(TarArchiveEntry e) {
        String target;
        try {
            target = TarPath.clean(e.getLinkName());
        } catch (RktException outside) {
            throw TarPath.unsafe("hard link \"" + e.getName() + "\" points outside the image (\"" + e.getLinkName() + "\")");
        }
        if (!target.startsWith(TarPath.ROOTFS_PREFIX)) {
            throw TarPath.unsafe("hard link \"" + e.getName() + "\" points outside the image (\"" + e.getLinkName() + "\")");
        }
        if (!files.contains(target)) {
            throw TarPath.unsafe("hard link \"" + e.getName() + "\" points to \"" + e.getLinkName()
                    + "\", which is not a file earlier in the image");
        }
        requireNoSymlinkAbove(target, e.getLinkName());
    }

    private void requireNoSymlinkAbove(String name, String raw) {
        if (symlinks.isEmpty()) {
            return;
        }
        for (String p = TarPath.parent(name); p != null; p = TarPath.parent(p)) {
            if (symlinks.contains(p)) {
                throw TarPath.unsafe("entry \"" + raw + "\" goes through the symbolic link \"" + p + "\"");
            }
        }
    }
}
