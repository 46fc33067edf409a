package io.rktj.store;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import io.rktj.api.RktException;

/** What a tar entry makes on disk. */
enum EntryKind {
    DIRECTORY, FILE, SYMLINK, HARDLINK,
    /** Device nodes and fifos: made with mknod(2), device nodes only when rendering as root. */
    SPECIAL;

    static EntryKind of(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return DIRECTORY;
        }
        if (e.isSymbolicLink()) {
            return SYMLINK;
        }
        if (e.isLink()) {
            return HARDLINK;
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            return SPECIAL;
        }
        if (e.isFile() || e.isSparse() || e.getLinkFlag() == TarConstants.LF_CONTIG) {
            return FILE;
        }
        throw new RktException("not an ACI: entry \"" + e.getName() + "\" has unsupported tar type '" + (char) e.getLinkFlag() + "'");
    }
}
