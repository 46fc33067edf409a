package io.rktj.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for a Felix holding exactly what the distribution ships: every jar of
 * {@code system/} and {@code bundles/}, installed from those files, plus what Pax Exam itself
 * needs (JUnit, and SLF4J because the tests run with pax.exam.logging=none).
 */
public final class DistributionOptions {
    private static final String SLF4J = "1.7.36";

    private DistributionOptions() {
    }

    /** The jars bin/rkt installs into its framework, and those `rkt daemon` adds (lib/daemon). */
    public static List<Path> shippedBundles() {
        Path home = Rkt.home();
        List<Path> jars = new ArrayList<>();
        for (String folder : List.of("system", "bundles", "lib/daemon")) {
            Path dir = home.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no bundles under " + home.resolve("system"));
        }
        return jars;
    }

    /**
     * @param workspace the test's folder; its data/ is the framework's rkt.dir, so that pods
     *                  bin/rkt starts there are the ones the in-framework services see
     */
    public static Option[] forWorkspace(Workspace workspace) {
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(mavenBundle("org.slf4j", "slf4j-api", SLF4J));
        options.add(mavenBundle("org.slf4j", "slf4j-simple", SLF4J).noStart());
        for (Path jar : shippedBundles()) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(frameworkProperty("rkt.home").value(Rkt.home().toString()));
        options.add(frameworkProperty("rkt.dir").value(workspace.dataDir().toString()));
        options.add(frameworkProperty("rktj.itest.workspace").value(workspace.root().toString()));
        options.add(cleanCaches(true));
        return options.toArray(new Option[0]);
    }
}
