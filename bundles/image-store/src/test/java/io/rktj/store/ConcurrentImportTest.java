package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.image.ImageInfo;

/**
 * Many importers and renderers at once, as threads and as separate processes (10 concurrent rkt
 * commands): every one succeeds, each image is stored and rendered once, nothing is left in tmp/.
 */
class ConcurrentImportTest {
    private static final int WORKERS = 10;

    @TempDir
    Path dir;

    private static AciBuilder image(int i) {
        AciBuilder b = AciBuilder.image("example.com/img" + i, "1.0").dir("rootfs/data", 0755);
        for (int f = 0; f < 20; f++) {
            b.file("rootfs/data/f" + f, ("image " + i + " file " + f + "\n").repeat(100), 0644);
        }
        return b;
    }

    @Test
    void threadsImportAndRenderTogether() throws Exception {
        List<byte[]> acis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acis.add(image(i).compressed(AciFormat.values()[i % 4]));
        }
        CyclicBarrier start = new CyclicBarrier(WORKERS);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<String>> results = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            byte[] aci = acis.get(w % acis.size());
            Callable<String> job = () -> {
                CasImageStore store = CasImageStore.at(dir);
                start.await();
                ImageInfo info = store.importAci(new ByteArrayInputStream(aci), "t");
                Path tree = store.render(info.id());
                store.touch(info.id());
                return info.id() + " " + Files.readString(tree.resolve("rootfs/data/f7")).length();
            };
            results.add(pool.submit(job));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> r : results) {
            distinct.add(r.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertEquals(3, distinct.size());
        assertEquals(3, CasImageStore.at(dir).list().size());
        assertEquals(3, StoreSnapshot.entries(dir.resolve("cas/tree")));
        assertEquals(0, StoreSnapshot.entries(dir.resolve("cas/tmp")));
    }

    @Test
    void processesImportAndRenderTogether() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path f = dir.resolve("img" + i + ".aci");
            Files.write(f, image(i).compressed(AciFormat.GZIP));
            files.add(f);
        }
        Path store = dir.resolve("store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            // C1 only and a serial GC: ten JVMs start on a small machine without fighting for cores.
            procs.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), ImportAndRender.class.getName(),
                    store.toString(), files.get(w % files.size()).toString())
                    .redirectErrorStream(true).start());
        }
        for (Process p : procs) {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
        }

        CasImageStore s = CasImageStore.at(store);
        assertEquals(4, s.list().size());
        assertEquals(4, StoreSnapshot.entries(store.resolve("cas/tree")));
        assertEquals(0, StoreSnapshot.entries(store.resolve("cas/tmp")));
    }

    /** What one rkt process does with an image file: import it and render it. */
    public static final class ImportAndRender {
        public static void main(String[] args) throws IOException {
            CasImageStore store = CasImageStore.at(Path.of(args[0]));
            try (var in = Files.newInputStream(Path.of(args[1]))) {
                ImageInfo info = store.importAci(in, args[1]);
                Files.readString(store.render(info.id()).resolve("rootfs/data/f1"));
            }
        }
    }
}
