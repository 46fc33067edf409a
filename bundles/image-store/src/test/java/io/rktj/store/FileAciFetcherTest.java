package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;

class FileAciFetcherTest {
    private static final ImportOptions INSECURE = new ImportOptions(Set.of("image"), "new");
    private static final ImportOptions SECURE = new ImportOptions(Set.of(), "new");

    @TempDir
    Path dir;

    private final FileAciFetcher fetcher = new FileAciFetcher();

    @Test
    void acceptsFilePathsAndFileUrls() throws IOException {
        Path existing = Files.writeString(dir.resolve("image-without-suffix"), "x");
        assertTrue(fetcher.accepts("./x.aci"));
        assertTrue(fetcher.accepts("/abs/x.aci"));
        assertTrue(fetcher.accepts("file:///abs/x"));
        assertTrue(fetcher.accepts(existing.toString()));
        assertFalse(fetcher.accepts("example.com/app:1.0"));
        assertFalse(fetcher.accepts("docker://busybox"));
        assertFalse(fetcher.accepts("https://example.com/x.aci"));
        assertFalse(fetcher.accepts(dir.toString()));
    }

    @Test
    void importsWithInsecureImages() throws IOException {
        AciBuilder aci = AciBuilder.image("example.com/hello", "1.0").file("rootfs/hello", "hi", 0755);
        Path file = Files.write(dir.resolve("hello.aci"), aci.compressed(AciFormat.GZIP));
        CasImageStore store = CasImageStore.at(dir.resolve("data"));

        ImageInfo info = fetcher.fetch(file.toString(), INSECURE, store);

        assertEquals(aci.expectedId(), info.id());
        assertEquals(info, fetcher.fetch("file://" + file, INSECURE, store));
        assertEquals(List.of(info), store.list());
    }

    @Test
    void refusesUnsignedImagesWithoutInsecureOptions() throws IOException {
        Path file = Files.write(dir.resolve("x.aci"), AciBuilder.image("example.com/x", null).tar());
        CasImageStore store = CasImageStore.at(dir.resolve("data"));

        RktException e = assertThrows(RktException.class, () -> fetcher.fetch(file.toString(), SECURE, store));

        assertEquals("fetch " + file + ": signature verification is not supported for this image (no trusted key);"
                + " rerun with --insecure-options=image", e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void namesTheFileInEveryError() throws IOException {
        CasImageStore store = CasImageStore.at(dir.resolve("data"));
        RktException missing = assertThrows(RktException.class, () -> fetcher.fetch("./no-such.aci", INSECURE, store));
        assertEquals("fetch ./no-such.aci: no such file", missing.getMessage());

        Path text = Files.writeString(dir.resolve("text.aci"), "hello");
        RktException notAci = assertThrows(RktException.class, () -> fetcher.fetch(text.toString(), INSECURE, store));
        assertEquals("fetch " + text + ": not an ACI: unknown compression/format", notAci.getMessage());

        Path badName = Files.write(dir.resolve("bad.aci"), AciBuilder.image("Bad Name", null).tar());
        RktException invalid = assertThrows(RktException.class, () -> fetcher.fetch(badName.toString(), INSECURE, store));
        assertEquals("fetch " + badName + ": image manifest: name: invalid ACIdentifier \"Bad Name\"", invalid.getMessage());
        assertEquals(List.of(), store.list());
    }
}
