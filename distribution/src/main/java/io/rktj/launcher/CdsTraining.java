package io.rktj.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Runs the commands of a training file in one JVM, so that a class-data-sharing archive dumped
 * at its exit holds the classes that real commands load (bin/rkt does this once per JDK build).
 * One command per line, words split on blanks; ${dir} is a scratch data dir removed afterwards,
 * ${home} the distribution folder. Nothing that would execve (run, run-prepared, enter) belongs there.
 */
final class CdsTraining {
    /** The JVM's class+load log of the training run (bin/rkt sets it), read to link what was loaded. */
    static final String CLASS_LOG_PROPERTY = "rkt.launcher.training.classes";
    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (file:\\S+\\.jar)$");

    private CdsTraining() {
    }

    static int run(Path file, Path home, Function<String[], Integer> command, BundleContext context) throws IOException {
        Path scratch = Files.createTempDirectory("rktj-training-");
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String expanded = trimmed.replace("${dir}", scratch.toString()).replace("${home}", home.toString());
                command.apply(expanded.split("\\s+"));
            }
        } finally {
            removeUnlessMounted(scratch);
        }
        String classLog = System.getProperty(CLASS_LOG_PROPERTY);
        if (classLog != null) {
            linkLoadedClasses(Path.of(classLog), context);
        }
        return 0;
    }

    /**
     * Links every class that the training loaded from a bundle but did not link. The JVM leaves
     * such classes (loaded only to check another class, say) out of the archive, so every command
     * would load, parse and verify them from their jar again. {@code Class.getDeclaredMethods}
     * links a class without initialising it; it may load further classes, hence the rounds.
     */
    static void linkLoadedClasses(Path classLog, BundleContext context) throws IOException {
        Map<Path, Bundle> byJar = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            jarOf(b.getLocation()).ifPresent(jar -> byJar.put(jar, b));
        }
        Set<String> done = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            int linked = 0;
            for (String line : Files.readAllLines(classLog)) {
                Matcher m = LOADED.matcher(line);
                if (!m.find() || !done.add(m.group(1))) {
                    continue;
                }
                Bundle bundle = jarOf(m.group(2)).map(byJar::get).orElse(null);
                if (bundle == null) {
                    continue;
                }
                try {
                    bundle.loadClass(m.group(1)).getDeclaredMethods();
                    linked++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // an optional dependency of the class is absent: it cannot be archived anyway
                }
            }
            if (linked == 0) {
                return;
            }
        }
    }

    /** The jar of a bundle location or of a class's source ({@code [reference:]file:...}). */
    private static Optional<Path> jarOf(String location) {
        String uri = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            return uri.startsWith("file:") ? Optional.of(Path.of(URI.create(uri)).normalize()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A command that left a mount behind must not have it deleted through; the mount is reported instead. */
    private static void removeUnlessMounted(Path scratch) throws IOException {
        String prefix = " " + scratch + "/";
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(m -> m.contains(prefix)).toList();
        if (!mounts.isEmpty()) {
            System.err.println("rkt: launcher: training left mounts under " + scratch + "; not removing it");
            return;
        }
        StorageArea.deleteTree(scratch);
    }
}
