package io.rktj.store.oci;

import java.util.Random;

import io.rktj.store.oci.OciImageBuilder.Compression;

/** The image the fetcher tests push, fetch and compare: several layers, deletions, an opaque directory, a symlink, a 4 MiB file. */
public final class TestImages {
    private TestImages() {
    }

    public static OciImageBuilder layered() {
        byte[] big = new byte[4 << 20];
        new Random(42).nextBytes(big);
        return new OciImageBuilder()
                .layer(Compression.GZIP)
                .dir("bin", 0755).file("bin/sh", "#!/bin/true\n", 0755)
                .dir("etc", 0755).file("etc/passwd", "root:x:0:0::/:/bin/sh\n", 0644).file("etc/motd", "hello\n", 0644)
                .dir("var", 0755).dir("var/cache", 0755).file("var/cache/a", "a", 0644).file("var/cache/b", "b", 0644)
                .dir("opt", 0755).file("opt/owned", "o".getBytes(), 0640, 1000, 1000)
                .done()
                .layer(Compression.GZIP)
                .file("etc/.wh.motd", "", 0644)
                .dir("var/cache", 0700).file("var/cache/.wh..wh..opq", "", 0644).file("var/cache/c", "c", 0644)
                .symlink("bin/busybox", "sh")
                .file("big", big, 0644, 0, 0)
                .file("setuid", "s".getBytes(), 04755, 0, 0)
                .hardlink("bin/sh2", "bin/sh")
                .done()
                .layer(Compression.GZIP)
                .file("etc/motd", "again\n", 0600)
                .done();
    }
}
