package io.rktj.fetch.aci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A small gzipped ACI: a manifest (name, version label, optional dependency) and one file. */
final class TestAci {
    private TestAci() {
    }

    static byte[] image(String name, String version, String dependsOn) {
        String deps = dependsOn == null ? "" : ",\"dependencies\":[{\"imageName\":\"" + dependsOn + "\"}]";
        String manifest = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\","
                + "\"labels\":[{\"name\":\"version\",\"value\":\"" + version + "\"},{\"name\":\"os\",\"value\":\"linux\"},"
                + "{\"name\":\"arch\",\"value\":\"" + AciFetcher.arch() + "\"}]" + deps + "}";
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                add(tar, "manifest", manifest.getBytes(StandardCharsets.UTF_8));
                TarArchiveEntry dir = new TarArchiveEntry("rootfs/");
                dir.setMode(040755);
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
                add(tar, "rootfs/hello-" + name.replace('/', '_'), ("hello from " + name).getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
