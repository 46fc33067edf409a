package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.RktResult;

/**
 * The standalone launcher's framework template (cache/framework-KEY, see docs/ARCHITECTURE.md):
 * every command starts from a copy of it, and a change to the bundle jars makes the next command
 * build a new one. Done on a copy of the distribution.
 */
class LauncherIT extends FunctionalTest {

    private static List<Path> templates(Path home) throws IOException {
        try (Stream<Path> entries = Files.list(home.resolve("cache"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("framework-")).sorted().toList();
        }
    }

    private static String features(Rkt own) {
        RktResult version = own.call("version").env("RKT_DAEMON", "off").run();
        assertExit(0, version);
        assertEquals("", version.stderr(), version::describe);
        return version.stdoutLines().stream().filter(l -> l.startsWith("Features:")).findFirst().orElse("");
    }

    @Test
    void aBundleDroppedIntoBundlesServesTheNextCommandAndGoesWithItsJar() throws Exception {
        Path home = ws.copyOfDistribution();
        Path systemd;
        try (Stream<Path> jars = Files.list(home.resolve("system"))) {
            systemd = jars.filter(p -> p.getFileName().toString().startsWith("io.rktj.stage1-systemd")).findFirst().orElseThrow();
        }
        Path held = Files.move(systemd, ws.root().resolve(systemd.getFileName()));
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));

        String without = features(own);
        assertTrue(without.contains("+stage1-fly") && !without.contains("+stage1-systemd"), without);
        List<Path> first = templates(home);
        assertEquals(1, first.size(), "one template, for these jars: " + first);

        Path dropped = Files.copy(held, home.resolve("bundles").resolve(held.getFileName()));
        String with = features(own);
        assertTrue(with.contains("+stage1-systemd"), with);
        List<Path> second = templates(home);
        assertEquals(1, second.size(), "the old template is removed: " + second);
        assertNotEquals(first, second);

        Files.delete(dropped);
        String again = features(own);
        assertFalse(again.contains("+stage1-systemd"), again);
        assertEquals(1, templates(home).size());
    }

    @Test
    void aDamagedTemplateStillStartsEveryBundle() throws Exception {
        Path home = ws.copyOfDistribution();
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        String before = features(own); // builds this copy's template (its jars' paths differ)
        Path template = templates(home).get(0);

        // One bundle's folder gone, as if a disk had lost it: the command installs that jar itself.
        Path lost;
        try (Stream<Path> bundles = Files.list(template)) {
            lost = bundles.filter(p -> !p.getFileName().toString().equals("bundle0")).findFirst().orElseThrow();
        }
        try (Stream<Path> tree = Files.walk(lost)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertEquals(before, features(own));
    }

    @Test
    void concurrentCommandsEachStartFromTheirOwnCopy() throws Exception {
        Path home = ws.copyOfDistribution();
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        // No template for this copy yet: the first commands race to build it.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit((Callable<String>) () -> features(own)));
            }
            for (Future<String> run : runs) {
                assertTrue(run.get().contains("+stage1-fly"), run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, templates(home).size(), "one template; no build folder left: " + templates(home));
    }
}
