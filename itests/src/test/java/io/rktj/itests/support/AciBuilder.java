package io.rktj.itests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds test ACIs from the host's static busybox: a tar holding {@code manifest} and a
 * {@code rootfs/} with busybox and links for the applets the tests use. The manifest is kept
 * as a JSON tree so that tests can also write manifests the runtime must reject.
 */
public final class AciBuilder {
    /** Debian's busybox-static; the tests need no network to make images. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of(
            "sh", "echo", "sleep", "env", "cat", "true", "false", "ls", "id", "pwd", "test");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode manifest = JSON.createObjectNode();
    private final ObjectNode app;
    private final Map<String, byte[]> extraFiles = new LinkedHashMap<>();

    private AciBuilder(String name) {
        manifest.put("acKind", "ImageManifest");
        manifest.put("acVersion", "0.8.11");
        manifest.put("name", name);
        ArrayNode labels = manifest.putArray("labels");
        labels.addObject().put("name", "os").put("value", "linux");
        labels.addObject().put("name", "arch").put("value", "amd64");
        app = manifest.putObject("app");
        app.putArray("exec").add("/bin/sh").add("-c").add("echo hello from " + name);
        app.put("user", "0");
        app.put("group", "0");
    }

    /** An image named {@code name} whose app echoes a greeting. */
    public static AciBuilder busybox(String name) {
        return new AciBuilder(name);
    }

    public AciBuilder exec(String... command) {
        ArrayNode exec = app.putArray("exec");
        for (String c : command) {
            exec.add(c);
        }
        return this;
    }

    public AciBuilder env(String name, String value) {
        ArrayNode env = app.has("environment") ? (ArrayNode) app.get("environment") : app.putArray("environment");
        env.addObject().put("name", name).put("value", value);
        return this;
    }

    /** Sets a field of the manifest's app (user, group, eventHandlers, mountPoints, ...) to any JSON value. */
    public AciBuilder appField(String name, Object value) {
        app.set(name, JSON.valueToTree(value));
        return this;
    }

    /** Sets a top-level manifest field to any string, valid or not. */
    public AciBuilder field(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    /** Adds (or replaces) a label. */
    public AciBuilder label(String name, String value) {
        ArrayNode labels = (ArrayNode) manifest.get("labels");
        for (int i = labels.size() - 1; i >= 0; i--) {
            if (name.equals(labels.get(i).get("name").asText())) {
                labels.remove(i);
            }
        }
        labels.addObject().put("name", name).put("value", value);
        return this;
    }

    /** Adds a dependency on the image of this name (and version, if not null). */
    public AciBuilder dependency(String imageName, String version) {
        ArrayNode deps = manifest.has("dependencies") ? (ArrayNode) manifest.get("dependencies") : manifest.putArray("dependencies");
        ObjectNode dep = deps.addObject().put("imageName", imageName);
        if (version != null) {
            dep.putArray("labels").addObject().put("name", "version").put("value", version);
        }
        return this;
    }

    /** Adds a regular file (mode 0644) under rootfs/, e.g. {@code "marker"} for /marker. */
    public AciBuilder file(String pathInRootfs, String content) {
        extraFiles.put("rootfs/" + pathInRootfs, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public String manifestJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the uncompressed ACI to {@code file} and returns it. */
    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                file(tar, "manifest", manifestJson().getBytes(StandardCharsets.UTF_8), 0644);
                for (String dir : List.of("rootfs", "rootfs/bin", "rootfs/etc", "rootfs/tmp", "rootfs/root",
                        "rootfs/dev", "rootfs/proc", "rootfs/sys")) {
                    directory(tar, dir, dir.equals("rootfs/tmp") ? 01777 : 0755);
                }
                file(tar, "rootfs/bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
                for (String applet : APPLETS) {
                    symlink(tar, "rootfs/bin/" + applet, "busybox");
                }
                file(tar, "rootfs/etc/passwd", ("root:x:0:0:root:/root:/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n").getBytes(StandardCharsets.UTF_8), 0644);
                file(tar, "rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644);
                for (var extra : extraFiles.entrySet()) {
                    file(tar, extra.getKey(), extra.getValue(), 0644);
                }
                tar.finish();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("write ACI " + file, e);
        }
    }

    /** A file named like an image that is not one. */
    public static Path notAnAci(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "this is plain text, not a tar archive\n".repeat(40));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        owned(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        e.setSize(content.length);
        owned(e);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        owned(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void owned(TarArchiveEntry e) {
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
    }
}
