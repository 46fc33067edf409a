package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies OCI layers, in order, to a root directory that nobody else touches while it is
 * written (OCI image spec, layer.md): a later layer replaces what an earlier one made at the
 * same path (a directory over a directory only takes its metadata), {@code .wh.<name>} deletes
 * {@code <name>} of the layers below, {@code .wh..wh..opq} hides every lower child of its
 * directory. It keeps in memory what every path is, so it never has to look at the disk to stay
 * inside the root: no path is ever resolved through a symbolic link, a hard link may only point
 * at a file of the image, and nothing is written outside the root.
 */
final class LayerApplier {
    private enum Kind { DIRECTORY, FILE, SYMLINK, NODE }

    private record DirectoryMeta(int mode, long uid, long gid, FileTime mtime) {
    }

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final FileAttribute<?>[] PERMISSIONS = EntryWriter.PERMISSIONS;

    private final Path root;
    private final EntryWriter writer = new EntryWriter();
    private final ProcessCredentials creds = writer.creds();
    /** Every path of the tree ("" is the root), so that ranges (a directory's subtree) are cheap. */
    private final NavigableMap<String, Kind> tree = new TreeMap<>();
    private final NavigableMap<String, DirectoryMeta> directories = new TreeMap<>();
    /** Paths the current layer made or kept (its entries and their parents). */
    private Set<String> layer = new HashSet<>();
    private String layerName = "";

    /** {@code root} must not exist yet; it is created. */
    LayerApplier(Path root) throws IOException {
        this.root = root;
        Files.createDirectory(root, PERMISSIONS[0755]);
        tree.put("", Kind.DIRECTORY);
    }

    /** True if an absolute path ({@code /bin/sh}) names a file or a symbolic link of the tree. */
    boolean hasFile(String absolute) {
        Kind k = tree.get(absolute.replaceAll("^/+", ""));
        return k == Kind.FILE || k == Kind.SYMLINK;
    }

    /** Bytes of regular files written. */
    long bytes() {
        return writer.bytes();
    }

    /** Applies one uncompressed layer; {@code name} (its digest) is used in error messages. */
    void apply(InputStream uncompressed, String name) throws IOException {
        layer = new HashSet<>();
        layerName = name;
        PaxTarInputStream tar = new PaxTarInputStream(uncompressed);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            entry(e, tar);
        }
    }

    private void entry(TarArchiveEntry e, PaxTarInputStream data) throws IOException {
        String name = clean(e.getName());
        if (name.isEmpty()) {
            if (e.isDirectory()) {
                directories.put("", meta(e));
            }
            return;
        }
        String parent = parentOf(name);
        String base = name.substring(parent.isEmpty() ? 0 : parent.length() + 1);
        if (base.startsWith(WHITEOUT)) {
            if (!existingDirectory(parent, e.getName())) {
                return; // nothing below to delete
            }
            layer.add(parent);
            if (base.equals(OPAQUE)) {
                hideLowerChildren(parent);
            } else {
                String victim = join(parent, base.substring(WHITEOUT.length()));
                if (!layer.contains(victim) && tree.containsKey(victim)) {
                    remove(victim);
                }
            }
            return;
        }
        EntryKind kind = EntryKind.of(e);
        makeParents(name, e.getName());
        Kind existing = tree.get(name);
        if (existing == Kind.DIRECTORY && kind == EntryKind.DIRECTORY) {
            directories.put(name, meta(e));
            layer.add(name);
            return;
        }
        if (existing != null) {
            remove(name);
        }
        Path p = root.resolve(name);
        switch (kind) {
            case DIRECTORY -> {
                Files.createDirectory(p, PERMISSIONS[0700]);
                tree.put(name, Kind.DIRECTORY);
                directories.put(name, meta(e));
            }
            case FILE -> {
                writer.writeFile(p, e, data, data.xattrs(e));
                tree.put(name, Kind.FILE);
            }
            case SYMLINK -> {
                if (e.getLinkName().isEmpty()) {
                    throw unsafe("symbolic link \"" + e.getName() + "\" has no target");
                }
                writer.symlink(p, e, data.xattrs(e));
                tree.put(name, Kind.SYMLINK);
            }
            case HARDLINK -> {
                String target;
                try {
                    target = clean(e.getLinkName());
                } catch (IOException outside) {
                    throw unsafe("hard link \"" + e.getName() + "\" points outside the image (\"" + e.getLinkName() + "\")");
                }
                Kind t = tree.get(target);
                if (t != Kind.FILE && t != Kind.NODE) {
                    throw unsafe("hard link \"" + e.getName() + "\" points to \"" + e.getLinkName()
                            + "\", which is not a file of the image");
                }
                Files.createLink(p, root.resolve(target));
                tree.put(name, t);
            }
            case SPECIAL -> {
                if (!e.isFIFO() && !creds.root()) {
                    throw unsafe("device node \"" + e.getName() + "\": only root can create device nodes");
                }
                writer.makeNode(p, e, data.xattrs(e));
                tree.put(name, Kind.NODE);
            }
        }
        layer.add(name);
    }

    /** The cleaned name relative to the root; ".." and absolute names are refused, never resolved. */
    private String clean(String raw) throws IOException {
        if (raw.startsWith("/")) {
            throw unsafe("absolute name \"" + raw + "\"");
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.equals("..")) {
                throw unsafe("entry \"" + raw + "\" leaves the image (..)");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** Creates missing parents; a parent that is a symbolic link or a file refuses the entry. */
    private void makeParents(String name, String raw) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String p = parentOf(name); ; p = parentOf(p)) {
            Kind k = tree.get(p);
            if (k == Kind.DIRECTORY) {
                layer.add(p);
                break;
            }
            if (k == Kind.SYMLINK) {
                throw unsafe("entry \"" + raw + "\" goes through the symbolic link \"" + p + "\"");
            }
            if (k != null) {
                throw unsafe("entry \"" + raw + "\" is below \"" + p + "\", which is not a directory");
            }
            missing.add(p);
            if (p.isEmpty()) {
                break;
            }
        }
        for (int i = missing.size() - 1; i >= 0; i--) {
            String m = missing.get(i);
            Files.createDirectory(root.resolve(m), PERMISSIONS[0755]);
            tree.put(m, Kind.DIRECTORY);
            layer.add(m);
        }
    }

    /** True if {@code dir} is a directory of the tree; a path through a symbolic link is refused. */
    private boolean existingDirectory(String dir, String raw) throws IOException {
        for (String p = dir; ; p = parentOf(p)) {
            Kind k = tree.get(p);
            if (k == Kind.SYMLINK) {
                throw unsafe("entry \"" + raw + "\" goes through the symbolic link \"" + p + "\"");
            }
            if (k == Kind.DIRECTORY) {
                return p.equals(dir);
            }
            if (k != null || p.isEmpty()) {
                return false;
            }
        }
    }

    /** Removes every path below {@code dir} that no entry of this layer made or kept. */
    private void hideLowerChildren(String dir) throws IOException {
        NavigableMap<String, Kind> below = dir.isEmpty() ? tree.tailMap("", false) : subtree(dir);
        List<String> doomed = new ArrayList<>();
        for (String p : below.descendingKeySet()) {
            if (!layer.contains(p)) {
                doomed.add(p);
            }
        }
        // Descending order: a path's descendants come before it, so directories are empty when deleted.
        for (String p : doomed) {
            Files.delete(root.resolve(p));
            tree.remove(p);
            directories.remove(p);
        }
    }

    private void remove(String name) throws IOException {
        Kind k = tree.remove(name);
        if (k == Kind.DIRECTORY) {
            DurableFiles.deleteTree(root.resolve(name));
            subtree(name).clear();
            directories.subMap(name + "/", true, name + "0", false).clear();
            directories.remove(name);
        } else {
            Files.delete(root.resolve(name));
        }
    }

    /** Paths strictly below {@code dir}: "/" sorts just before "0". */
    private NavigableMap<String, Kind> subtree(String dir) {
        return tree.subMap(dir + "/", true, dir + "0", false);
    }

    /** Sets the directories' owners, modes and times, now that nothing more is created in them. */
    void finish() throws IOException {
        for (Map.Entry<String, DirectoryMeta> d : directories.descendingMap().entrySet()) {
            Path p = d.getKey().isEmpty() ? root : root.resolve(d.getKey());
            DirectoryMeta m = d.getValue();
            writer.own(p, m.uid(), m.gid());
            Files.setAttribute(p, "unix:mode", m.mode());
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(m.mtime(), m.mtime(), null);
        }
    }

    private static DirectoryMeta meta(TarArchiveEntry e) {
        return new DirectoryMeta(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime());
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private IOException unsafe(String why) {
        return new UnsafeArchiveException("unsafe archive: layer " + layerName + ": " + why);
    }

    /** An archive that tries to write outside its root: refused, with the reason. */
    static final class UnsafeArchiveException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsafeArchiveException(String message) {
            super(message);
        }
    }
}
