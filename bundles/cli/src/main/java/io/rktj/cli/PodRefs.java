package io.rktj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodLifecycle;

/** The pods a command names: UUIDs or unique prefixes as arguments, or one UUID in --uuid-file. */
final class PodRefs {
    private PodRefs() {
    }

    static List<String> names(List<String> args, Path uuidFile) {
        if (uuidFile != null && args != null && !args.isEmpty()) {
            throw new RktException("give pod UUIDs as arguments or --uuid-file, not both");
        }
        if (uuidFile != null) {
            return List.of(read(uuidFile));
        }
        if (args == null || args.isEmpty()) {
            throw new RktException("a pod UUID is required");
        }
        return new ArrayList<>(args);
    }

    static UUID resolveOne(PodLifecycle lifecycle, String arg, Path uuidFile) {
        List<String> names = names(arg == null ? List.of() : List.of(arg), uuidFile);
        return lifecycle.resolve(names.get(0));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw RktException.wrap("unable to resolve UUID from file " + file, e);
        }
    }
}
