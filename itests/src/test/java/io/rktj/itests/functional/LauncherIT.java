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

    /** framework-JDK-: a template's name up to its jars' key; other JDKs' templates are kept. */
    private static String jdkPrefix(Path template) {
        String name = template.getFileName().toString();
        return name.substring(0, name.lastIndexOf('-') + 1);
    }

    /** The templates of one JDK, and any build folder left behind. */
    private static List<Path> templates(Path home, String prefix) throws IOException {
        return templates(home).stream().filter(p -> p.getFileName().toString().startsWith(prefix)
                || p.getFileName().toString().startsWith("framework-build-")).toList();
    }

    /** The one template the first command on this copy built (the copy's jars have other paths). */
    private static Path built(Path home, List<Path> copied) throws IOException {
        List<Path> added = templates(home).stream().filter(p -> !copied.contains(p)).toList();
        assertEquals(1, added.size(), "one template built for the copy: " + templates(home));
        return added.get(0);
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
        List<Path> copied = templates(home);

        String without = features(own);
        assertTrue(without.contains("+stage1-fly") && !without.contains("+stage1-systemd"), without);
        Path first = built(home, copied);
        String prefix = jdkPrefix(first);
        assertEquals(List.of(first), templates(home, prefix), "one template of this JDK, for these jars");

        Path dropped = Files.copy(held, home.resolve("bundles").resolve(held.getFileName()));
        String with = features(own);
        assertTrue(with.contains("+stage1-systemd"), with);
        List<Path> second = templates(home, prefix);
        assertEquals(1, second.size(), "the old template is removed: " + second);
        assertNotEquals(first, second.get(0));

        Files.delete(dropped);
        String again = features(own);
        assertFalse(again.contains("+stage1-systemd"), again);
        assertEquals(1, templates(home, prefix).size());
    }

    /**
     * A command connects the bundles of system/ to the class path (OSGi Connect), unless bundles/
     * holds an extension: then every bundle is loaded through its own wiring.
     */
    @Test
    void aCommandConnectsTheSystemBundlesUnlessAnExtensionIsThere() throws Exception {
        Path home = ws.copyOfDistribution();
        Path systemd;
        long system;
        try (Stream<Path> jars = Files.list(home.resolve("system"))) {
            List<Path> all = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
            system = all.size();
            systemd = all.stream().filter(p -> p.getFileName().toString().startsWith("io.rktj.stage1-systemd"))
                    .findFirst().orElseThrow();
        }
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        RktResult connected = own.call("--debug", "version").env("RKT_DAEMON", "off").run();
        assertExit(0, connected);
        assertTrue(connected.stderr().contains("(" + system + " of " + system + " bundles connected to the class path)"),
                connected::describe);
        RktResult off = own.call("--debug", "version").env("RKT_DAEMON", "off")
                .env("RKT_JAVA_OPTS", "-Drkt.launcher.connect=off").run();
        assertExit(0, off);
        assertTrue(off.stderr().contains("(0 of " + system + " bundles connected to the class path)"), off::describe);

        Files.move(systemd, home.resolve("bundles").resolve(systemd.getFileName()));
        RktResult extension = own.call("--debug", "version").env("RKT_DAEMON", "off").run();
        assertExit(0, extension);
        assertTrue(extension.stderr().contains("(0 of " + system + " bundles connected to the class path)"),
                extension::describe);
        assertTrue(extension.stdout().contains("+stage1-systemd"), extension::describe);
    }

    @Test
    void aDamagedTemplateStillStartsEveryBundle() throws Exception {
        Path home = ws.copyOfDistribution();
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        List<Path> copied = templates(home);
        String before = features(own); // builds this copy's template (its jars' paths differ)
        Path template = built(home, copied);

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
        List<Path> copied = templates(home);
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
        Path template = built(home, copied);
        assertEquals(List.of(template), templates(home, jdkPrefix(template)), "one template; no build folder left");
    }

    /**
     * The archive the build trained holds the bundles' classes, Felix SCR's included: the
     * training starts from a template built in a JVM of its own (in the training's JVM, SCR's
     * classes were defined by two frameworks' loaders, and 17 of them came from the jar).
     */
    @Test
    void theBuildsClassDataArchiveHoldsTheBundlesClasses() throws IOException {
        Path log = ws.root().resolve("class-load.log");
        RktResult version = rkt.call("version").env("RKT_DAEMON", "off")
                .env("RKT_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).run();
        assertExit(0, version);
        List<String> loaded = Files.readAllLines(log);
        List<String> fromScrJar = loaded.stream()
                .filter(l -> l.contains("source: file:") && l.contains("/system/org.apache.felix.scr-")).toList();
        assertTrue(loaded.stream().anyMatch(l -> l.contains("org.apache.felix.scr.impl.Activator source: shared")),
                () -> "SCR's activator is not from the archive: " + fromScrJar);
        // two classes the JVM leaves out as never linked (they are only checked, not used)
        assertTrue(fromScrJar.size() <= 2, () -> "SCR classes read from the jar: " + fromScrJar);
    }

    /**
     * A class-data-sharing archive holds the class path it was trained with, and a JVM ignores
     * it anywhere else: a copied distribution (whose cache/ came along) trains its own.
     */
    @Test
    void aCopiedDistributionTrainsItsOwnClassDataArchive() throws IOException {
        Path home = ws.copyOfDistribution();
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        features(own);

        Path log = ws.root().resolve("copy-class-load.log");
        RktResult version = own.call("version").env("RKT_DAEMON", "off")
                .env("RKT_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).run();
        assertExit(0, version);
        assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.endsWith("source: shared objects file (top)")),
                "no class came from the copy's own archive");
        List<Path> homes;
        try (Stream<Path> entries = Files.list(home.resolve("cache"))) {
            homes = entries.filter(p -> p.getFileName().toString().endsWith(".jsa.home")).toList();
        }
        assertFalse(homes.isEmpty(), "no archive names its folder");
        for (Path trainedIn : homes) {
            assertEquals(home.toRealPath().toString(), Files.readString(trainedIn).strip(), trainedIn.toString());
        }
    }
}
