package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.schema.NameValue;

class ImageLookupTest {
    @TempDir
    Path dir;

    private static List<NameValue> version(String v) {
        return List.of(new NameValue("version", v));
    }

    @Test
    void findsByFullIdAndByUniquePrefix() {
        CasImageStore store = CasImageStore.at(dir);
        ImageInfo one = store.importAci(AciBuilder.image("example.com/one", null).stream(), "t");
        ImageInfo two = store.importAci(AciBuilder.image("example.com/two", null).stream(), "t");

        assertEquals(Optional.of(one), store.byId(one.id()));
        assertEquals(Optional.of(two), store.byId(two.id().substring(0, 19)));
        assertEquals(Optional.empty(), store.byId("sha512-" + "0".repeat(128)));
        assertEquals(Optional.empty(), store.byId("example.com/one"));
        assertEquals(Optional.empty(), store.byId("sha512-../../etc"));
        RktException e = assertThrows(RktException.class, () -> store.byId("sha512-"));
        assertEquals("image ID sha512- is ambiguous: 2 images match", e.getMessage());
    }

    @Test
    void findsTheNewestImageWithTheNameAndLabels() {
        CasImageStore store = CasImageStore.at(dir);
        ImageInfo v1 = store.importAci(AciBuilder.image("example.com/app", "1.0").stream(), "t");
        ImageInfo v2 = store.importAci(AciBuilder.image("example.com/app", "2.0").stream(), "t");
        store.importAci(AciBuilder.image("example.com/other", "3.0").stream(), "t");

        assertEquals(v2.id(), store.byName("example.com/app", List.of()).orElseThrow().id());
        assertEquals(v2.id(), store.byName("example.com/app", version("latest")).orElseThrow().id());
        assertEquals(v1.id(), store.byName("example.com/app", version("1.0")).orElseThrow().id());
        assertEquals(v1.id(), store.byName("example.com/app",
                List.of(new NameValue("os", "linux"), new NameValue("version", "1.0"))).orElseThrow().id());
        assertEquals(Optional.empty(), store.byName("example.com/app", version("9.9")));
        assertEquals(Optional.empty(), store.byName("example.com/app", List.of(new NameValue("arch", "amd64"))));
        assertEquals(Optional.empty(), store.byName("example.com/nope", List.of()));
    }

    @Test
    void listsImagesInImportOrder() {
        CasImageStore store = CasImageStore.at(dir);
        assertEquals(List.of(), store.list());
        ImageInfo a = store.importAci(AciBuilder.image("example.com/a", null).stream(), "t");
        ImageInfo b = store.importAci(AciBuilder.image("example.com/b", null).stream(), "t");
        assertEquals(List.of(a, b), store.list());
        assertFalse(Files.exists(dir.resolve("nothing")));
    }

    @Test
    void removesTheImageAndItsTree() {
        CasImageStore store = CasImageStore.at(dir);
        ImageInfo keep = store.importAci(AciBuilder.image("example.com/keep", null).stream(), "t");
        ImageInfo gone = store.importAci(AciBuilder.image("example.com/gone", null).file("rootfs/f", "x", 0644).stream(), "t");
        Path tree = store.render(gone.id());

        store.remove(gone.id().substring(0, 30));

        assertEquals(List.of(keep), store.list());
        assertFalse(Files.exists(tree));
        assertFalse(Files.exists(dir.resolve("cas/blobs").resolve(gone.id())));
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tmp")));
        RktException e = assertThrows(RktException.class, () -> store.remove(gone.id()));
        assertEquals(gone.id() + ": image not found", e.getMessage());
        assertThrows(RktException.class, () -> store.render(gone.id()));
        assertThrows(RktException.class, () -> store.touch(gone.id()));
    }

    @Test
    void anEmptyStoreCreatesNothingWhenRead() {
        CasImageStore store = CasImageStore.at(dir);
        assertEquals(List.of(), store.list());
        assertEquals(Optional.empty(), store.byName("example.com/a", List.of()));
        assertEquals(Optional.empty(), store.byId("sha512-ab"));
        assertTrue(StoreSnapshot.of(dir).size() <= 1);
    }
}
