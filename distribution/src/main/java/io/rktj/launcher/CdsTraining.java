package io.rktj.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the commands of a training file in one JVM, so that a class-data-sharing archive dumped
 * at its exit holds the classes that real commands load (bin/rkt does this once per JDK build).
 * One command per line, words split on blanks; ${dir} is a scratch data dir removed afterwards,
 * ${home} the distribution folder. Nothing that would execve (run, run-prepared, enter) belongs there.
 */
final class CdsTraining {

    private CdsTraining() {
    }

    static int run(Path file, Path home, Function<String[], Integer> command) throws IOException {
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
        return 0;
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
