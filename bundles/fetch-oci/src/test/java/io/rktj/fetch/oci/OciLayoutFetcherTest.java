package io.rktj.fetch.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;
import io.rktj.store.CasImageStore;
import io.rktj.store.oci.OciImageBuilder;
import io.rktj.store.oci.TestImages;
import io.rktj.store.oci.TreeListing;

/** oci: and oci-archive: into the real store, compared with what umoci unpack makes of the same layout. */
class OciLayoutFetcherTest {
    private static final ImportOptions NEW = new ImportOptions(Set.of(), "new");

    @TempDir
    Path tmp;

    @Test
    void fetchesALayoutAsUmociUnpacksIt() throws Exception {
        Path layout = tmp.resolve("layered");
        OciImageBuilder b = TestImages.layered();
        b.writeLayout(layout, b.build(), "v1");
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));

        ImageInfo info = new OciLayoutFetcher().fetch("oci:" + layout + ":v1", NEW, store);

        assertEquals("layered", info.name());
        Path bundle = tmp.resolve("bundle");
        run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
        assertEquals(TreeListing.of(bundle.resolve("rootfs")), TreeListing.of(store.render(info.id()).resolve("rootfs")));
    }

    @Test
    void fetchesAnArchiveWithoutUnpackingIt() throws Exception {
        Path layout = tmp.resolve("layout");
        OciImageBuilder b = TestImages.layered();
        String digest = b.build();
        b.writeLayout(layout, digest, "v1");
        Path archive = tmp.resolve("img.tar");
        run("tar", "-C", layout.toString(), "-cf", archive.toString(), ".");
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));

        ImageInfo info = new OciLayoutFetcher().fetch("oci-archive:" + archive, NEW, store);

        assertEquals("sha256-" + digest.substring(7), info.id());
        assertEquals("img", info.name());
        assertEquals(List.of(), store.verify());
        // with --pull-policy=new, the image in the store is used as it is
        assertEquals(info, new OciLayoutFetcher().fetch("oci-archive:" + archive + ":v1", NEW, store));
    }

    @Test
    void errorsNameTheImageAndTheReason() throws Exception {
        Path layout = tmp.resolve("layout");
        OciImageBuilder b = TestImages.layered();
        b.writeLayout(layout, b.build(), "v1");
        CasImageStore store = CasImageStore.at(tmp.resolve("data"));
        OciLayoutFetcher f = new OciLayoutFetcher();

        assertEquals("fetch oci:" + layout + ":nope: no image tagged \"nope\" in the layout",
                assertThrows(RktException.class, () -> f.fetch("oci:" + layout + ":nope", NEW, store)).getMessage());
        assertEquals("fetch oci:" + tmp.resolve("missing") + ": no such directory " + tmp.resolve("missing"),
                assertThrows(RktException.class, () -> f.fetch("oci:" + tmp.resolve("missing"), NEW, store)).getMessage());
        assertEquals("fetch oci:" + layout + ":v1: not in the store and --pull-policy=never",
                assertThrows(RktException.class, () -> f.fetch("oci:" + layout + ":v1", new ImportOptions(Set.of(), "never"), store))
                        .getMessage());
        assertTrue(store.list().isEmpty());
        assertTrue(f.accepts("oci:/x") && f.accepts("oci-archive:/x.tar"));
        assertFalse(f.accepts("docker://busybox") || f.accepts("/x.aci"));
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }
}
