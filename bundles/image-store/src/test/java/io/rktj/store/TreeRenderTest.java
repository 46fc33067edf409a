package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;

class TreeRenderTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private CasImageStore store() {
        return CasImageStore.at(dir);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW);
    }

    private static int gid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW);
    }

    private static FileTime mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, NOFOLLOW);
    }

    @Test
    void rendersFilesWithModesOwnersTimesSymlinksAndHardLinks() throws IOException {
        CasImageStore store = store();
        ImageInfo img = store.importAci(AciBuilder.image("example.com/attrs", null)
                .dir("rootfs/bin", 0755)
                .file("rootfs/bin/tool", "tool", 0755)
                .file("rootfs/bin/su", "su", 04755)
                .file("rootfs/secret", "s", 0600, 1000, 1001)
                .dir("rootfs/private", 0700)
                .file("rootfs/private/x", "x", 0444)
                .symlink("rootfs/bin/sh", "/bin/tool")
                .symlink("rootfs/dangling", "../nowhere")
                .hardlink("rootfs/bin/tool2", "rootfs/bin/tool")
                .charDevice("rootfs/null")
                .stream(), "t");

        Path tree = store.render(img.id());

        assertEquals(dir.resolve("cas/tree").resolve(img.id()), tree);
        Path root = tree.resolve("rootfs");
        assertEquals("tool", Files.readString(root.resolve("bin/tool")));
        assertEquals(0755, mode(root.resolve("bin/tool")));
        assertEquals(04755, mode(root.resolve("bin/su")));
        assertEquals(0600, mode(root.resolve("secret")));
        assertEquals(1000, uid(root.resolve("secret")));
        assertEquals(1001, gid(root.resolve("secret")));
        assertEquals(0, uid(root.resolve("bin/tool")));
        assertEquals(0700, mode(root.resolve("private")));
        assertEquals(0444, mode(root.resolve("private/x")));
        assertEquals(AciBuilder.MTIME, mtime(root.resolve("bin/tool")));
        assertEquals(AciBuilder.MTIME, mtime(root.resolve("private")));
        assertEquals(AciBuilder.MTIME, mtime(root.resolve("bin")));
        assertTrue(Files.isSymbolicLink(root.resolve("bin/sh")));
        assertEquals(Path.of("/bin/tool"), Files.readSymbolicLink(root.resolve("bin/sh")));
        assertEquals(Path.of("../nowhere"), Files.readSymbolicLink(root.resolve("dangling")));
        assertEquals(AciBuilder.MTIME, mtime(root.resolve("bin/sh")));
        Object inode = Files.readAttributes(root.resolve("bin/tool"), BasicFileAttributes.class).fileKey();
        assertEquals(inode, Files.readAttributes(root.resolve("bin/tool2"), BasicFileAttributes.class).fileKey());
        // rendered as root: the device node is made as the image has it (char 1,3 = /dev/null)
        assertEquals("1,3", Files.getAttribute(root.resolve("null"), "unix:rdev", NOFOLLOW) instanceof Long rdev
                ? ((rdev >> 8) & 0xfff) + "," + (rdev & 0xff) : "none");
        assertEquals(0020000, ((Integer) Files.getAttribute(root.resolve("null"), "unix:mode", NOFOLLOW)) & 0170000);
        assertEquals("example.com/attrs", store.manifest(img.id()).name());
        assertTrue(Files.readString(tree.resolve("manifest")).contains("\"example.com/attrs\""));
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tmp")));
    }

    @Test
    void rendersOnceAndReusesTheTree() throws IOException {
        CasImageStore store = store();
        ImageInfo img = store.importAci(AciBuilder.image("example.com/once", null)
                .file("rootfs/data", "0123456789", 0644).stream(), "t");
        Path tree = store.render(img.id());
        Files.writeString(tree.resolve("marker"), "still here");

        assertEquals(tree, store.render(img.id().substring(0, 20)));
        assertEquals("still here", Files.readString(tree.resolve("marker")));
        assertEquals(img.size() + 10, store.byId(img.id()).orElseThrow().size());
    }

    @Test
    void appliesDependenciesDepthFirstWithTheUpperImageWinning() throws IOException {
        // A -> [B, C], C -> [D] flattens to [A, C, D, B]: C hides D and B, D hides B.
        CasImageStore store = store();
        store.importAci(AciBuilder.image("example.com/b", "1.0")
                .file("rootfs/who", "B", 0644).file("rootfs/cd", "B", 0644).file("rootfs/db", "B", 0644)
                .file("rootfs/only-b", "B", 0644).stream(), "t");
        ImageInfo d = store.importAci(AciBuilder.image("example.com/d", "1.0")
                .file("rootfs/cd", "D", 0644).file("rootfs/db", "D", 0644).stream(), "t");
        store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/c", "1.0",
                        "\"dependencies\":[{\"imageName\":\"example.com/d\",\"imageID\":\"" + d.id() + "\"}]"))
                .file("rootfs/who", "C", 0644).file("rootfs/cd", "C", 0644).stream(), "t");
        ImageInfo a = store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/a", "1.0",
                        "\"dependencies\":[{\"imageName\":\"example.com/b\"},"
                                + "{\"imageName\":\"example.com/c\",\"labels\":[{\"name\":\"version\",\"value\":\"1.0\"}]}]"))
                .file("rootfs/a", "A", 0644).stream(), "t");

        Path root = store.render(a.id()).resolve("rootfs");

        assertEquals("C", Files.readString(root.resolve("who")));
        assertEquals("C", Files.readString(root.resolve("cd")));
        assertEquals("D", Files.readString(root.resolve("db")));
        assertEquals("B", Files.readString(root.resolve("only-b")));
        assertEquals("A", Files.readString(root.resolve("a")));
        assertEquals("example.com/a", store.manifest(a.id()).name());
    }

    @Test
    void honoursPathWhitelists() throws IOException {
        CasImageStore store = store();
        store.importAci(AciBuilder.image("example.com/base", null)
                .dir("rootfs/etc", 0755).file("rootfs/etc/keep", "k", 0644).file("rootfs/etc/drop", "d", 0644)
                .dir("rootfs/bin", 0755).file("rootfs/bin/other", "o", 0755).stream(), "t");
        ImageInfo app = store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/app", null,
                        "\"dependencies\":[{\"imageName\":\"example.com/base\"}],"
                                + "\"pathWhitelist\":[\"/bin/app\",\"/etc/keep\",\"/etc\",\"/data/\"]"))
                .dir("rootfs/bin", 0755).file("rootfs/bin/app", "a", 0755).file("rootfs/bin/extra", "e", 0755)
                .stream(), "t");

        Path root = store.render(app.id()).resolve("rootfs");

        assertTrue(Files.exists(root.resolve("bin/app")));
        assertFalse(Files.exists(root.resolve("bin/extra")), "not in the image's own whitelist");
        assertTrue(Files.exists(root.resolve("etc/keep")));
        assertFalse(Files.exists(root.resolve("etc/drop")), "not in the upper image's whitelist");
        assertFalse(Files.exists(root.resolve("bin/other")));
        assertTrue(Files.isDirectory(root.resolve("data")), "a whitelisted directory exists even if empty");
    }

    @Test
    void neverFollowsASymlinkOfAnotherLayer() throws IOException {
        CasImageStore store = store();
        // Lower image's symlink vs upper image's file below it: the upper file wins, the link is dropped.
        store.importAci(AciBuilder.image("example.com/lower-link", null)
                .symlink("rootfs/etc", outside.toString()).stream(), "t");
        ImageInfo upperFile = store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/upper-file", null,
                        "\"dependencies\":[{\"imageName\":\"example.com/lower-link\"}]"))
                .file("rootfs/etc/passwd", "root:x:0:0::/:/bin/sh", 0644).stream(), "t");
        Path r1 = store.render(upperFile.id()).resolve("rootfs");
        assertTrue(Files.isDirectory(r1.resolve("etc"), NOFOLLOW));
        assertTrue(Files.isRegularFile(r1.resolve("etc/passwd"), NOFOLLOW));

        // Upper image's symlink vs lower image's file below it: the link wins and is not written through.
        store.importAci(AciBuilder.image("example.com/lower-file", null)
                .dir("rootfs/etc", 0755).file("rootfs/etc/passwd", "evil", 0644).stream(), "t");
        ImageInfo upperLink = store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/upper-link", null,
                        "\"dependencies\":[{\"imageName\":\"example.com/lower-file\"}]"))
                .symlink("rootfs/etc", outside.toString()).stream(), "t");
        Path r2 = store.render(upperLink.id()).resolve("rootfs");
        assertTrue(Files.isSymbolicLink(r2.resolve("etc")));

        assertEquals(0, StoreSnapshot.entries(outside));
    }

    @Test
    void aMissingDependencyFailsTheRenderAndLeavesNoTree() {
        CasImageStore store = store();
        ImageInfo app = store.importAci(AciBuilder.image(AciBuilder.manifest("example.com/app", null,
                "\"dependencies\":[{\"imageName\":\"example.com/absent\",\"labels\":[{\"name\":\"version\",\"value\":\"2\"}]}]"))
                .stream(), "t");

        RktException e = assertThrows(RktException.class, () -> store.render(app.id()));

        assertEquals("render " + app.id() + ": dependency example.com/absent,version=2 of example.com/app:"
                + " image not found in the store; fetch it first", e.getMessage());
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tree")));
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tmp")));
    }

    @Test
    void refusesToRenderADamagedBlob() throws IOException {
        CasImageStore store = store();
        ImageInfo img = store.importAci(AciBuilder.image("example.com/rot", null).file("rootfs/f", "abc", 0644).stream(), "t");
        Path blob = dir.resolve("cas/blobs").resolve(img.id());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 3000] ^= 1; // inside the trailing zero blocks: the tar still parses
        Files.write(blob, bytes);

        RktException e = assertThrows(RktException.class, () -> store.render(img.id()));

        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tree")));
    }

    @Test
    void tracksLastUse() throws InterruptedException {
        CasImageStore store = store();
        ImageInfo img = store.importAci(AciBuilder.image("example.com/used", null).stream(), "t");
        Thread.sleep(5);
        store.touch(img.id());
        ImageInfo after = store.byId(img.id()).orElseThrow();
        assertTrue(after.lastUsed().isAfter(img.lastUsed()));
        assertEquals(img.importTime(), after.importTime());
        assertTrue(after.lastUsed().isBefore(Instant.now().plusSeconds(1)));
    }
}
