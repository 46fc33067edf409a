package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.schema.NameValue;

class AciImporterTest {
    @TempDir
    Path dir;

    private CasImageStore store() {
        return CasImageStore.at(dir);
    }

    private static AciBuilder sample() {
        return AciBuilder.image("example.com/hello", "1.0")
                .dir("rootfs/bin", 0755)
                .file("rootfs/bin/hello", "#!/bin/sh\necho hello\n", 0755);
    }

    @ParameterizedTest
    @EnumSource(AciFormat.class)
    void importsEachCompressionUnderTheSha512OfTheUncompressedTar(AciFormat format) throws IOException {
        AciBuilder aci = sample();
        ImageInfo info = store().importAci(new ByteArrayInputStream(aci.compressed(format)), "test");

        assertEquals(aci.expectedId(), info.id());
        assertEquals("example.com/hello", info.name());
        assertEquals(List.of(new NameValue("version", "1.0"), new NameValue("os", "linux")), info.labels());
        assertEquals(aci.tar().length, info.size());
        assertTrue(java.util.Arrays.equals(aci.tar(), Files.readAllBytes(dir.resolve("cas/blobs").resolve(info.id()))));
        assertTrue(Files.isRegularFile(dir.resolve("cas/images/" + info.id() + ".json")));
    }

    @Test
    void importingTheSameImageAgainOnlyReturnsIt() {
        CasImageStore store = store();
        AciBuilder aci = sample();
        ImageInfo first = store.importAci(new ByteArrayInputStream(aci.compressed(AciFormat.XZ)), "a");
        for (AciFormat f : AciFormat.values()) {
            assertEquals(first, store.importAci(new ByteArrayInputStream(aci.compressed(f)), "b"));
        }
        assertEquals(1, store.list().size());
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tmp")));
    }

    @Test
    void refusesAnythingThatIsNotAnAci() {
        RktException e = assertThrows(RktException.class,
                () -> store().importAci(new ByteArrayInputStream("just text".getBytes(StandardCharsets.UTF_8)), "t"));
        assertEquals("not an ACI: unknown compression/format", e.getMessage());
        assertEquals("not an ACI: unknown compression/format",
                assertThrows(RktException.class, () -> store().importAci(InputStream.nullInputStream(), "t")).getMessage());
    }

    @Test
    void refusesACompressedFileThatHoldsNoTar() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(new byte[4096]);
        }
        RktException e = assertThrows(RktException.class, () -> store().importAci(new ByteArrayInputStream(out.toByteArray()), "t"));
        assertEquals("not an ACI: no tar archive inside the gzip compression", e.getMessage());
    }

    @Test
    void requiresManifestAndRootfs() {
        RktException noManifest = assertThrows(RktException.class,
                () -> store().importAci(AciBuilder.raw().dir("rootfs", 0755).stream(), "t"));
        assertEquals("not an ACI: no manifest", noManifest.getMessage());

        RktException noRootfs = assertThrows(RktException.class,
                () -> store().importAci(AciBuilder.raw().file("manifest", AciBuilder.manifest("a", null, null), 0644).stream(), "t"));
        assertEquals("not an ACI: no rootfs directory", noRootfs.getMessage());

        RktException stray = assertThrows(RktException.class,
                () -> store().importAci(AciBuilder.image("a", null).file("etc/passwd", "x", 0644).stream(), "t"));
        assertEquals("not an ACI: unexpected entry \"etc/passwd\" outside rootfs/", stray.getMessage());
    }

    @Test
    void manifestErrorsNameTheBadField() {
        RktException badName = assertThrows(RktException.class,
                () -> store().importAci(AciBuilder.image("Not_A_Name", null).stream(), "t"));
        assertEquals("image manifest: name: invalid ACIdentifier \"Not_A_Name\"", badName.getMessage());

        String podKind = AciBuilder.manifest("a", null, null).replace("\"ImageManifest\"", "\"PodManifest\"");
        RktException badKind = assertThrows(RktException.class, () -> store().importAci(AciBuilder.image(podKind).stream(), "t"));
        assertEquals("image manifest: acKind: must be \"ImageManifest\", got \"PodManifest\"", badKind.getMessage());

        RktException notJson = assertThrows(RktException.class, () -> store().importAci(AciBuilder.image("{nope").stream(), "t"));
        assertTrue(notJson.getMessage().startsWith("image manifest: invalid JSON"), notJson.getMessage());
        assertFalse(Files.exists(dir.resolve("cas/images")) && store().list().size() > 0);
    }

    @Test
    void anInterruptedImportLeavesNothingBehind() {
        CasImageStore store = store();
        ImageInfo kept = store.importAci(sample().stream(), "t");
        List<String> before = StoreSnapshot.of(dir);
        AciBuilder big = AciBuilder.image("example.com/big", null).file("rootfs/blob", "x".repeat(1 << 20), 0644);
        byte[] tar = big.tar();
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(tar)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > tar.length / 2) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                served += Math.max(n, 0);
                return n;
            }
        };
        RktException e = assertThrows(RktException.class, () -> store.importAci(failing, "t"));
        assertEquals("not an ACI: connection reset", e.getMessage());
        assertEquals(before, StoreSnapshot.of(dir));
        assertEquals(List.of(kept), store.list());
    }

    @Test
    void removesWhatDeadProcessesLeftInTmp() throws Exception {
        CasImageStore store = store();
        store.importAci(sample().stream(), "t");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftover = dir.resolve("cas/tmp/import-" + gone.pid() + "-1234");
        Files.writeString(leftover, "half an image");
        Path ours = dir.resolve("cas/tmp/import-" + ProcessHandle.current().pid() + "-5678");
        Files.writeString(ours, "being written");

        store.importAci(AciBuilder.image("example.com/other", null).stream(), "t");

        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(ours));
    }
}
