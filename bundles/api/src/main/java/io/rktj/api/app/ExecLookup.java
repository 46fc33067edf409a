package io.rktj.api.app;

import java.nio.file.Files;
import java.nio.file.Path;

import io.rktj.api.RktException;

/**
 * Finds the program an app executes inside its rootfs before the pod is handed over, so that a
 * wrong --exec fails with a clear message instead of a failed execve after the handover. A name
 * without a slash is looked up in the app's PATH, as a shell would.
 */
public final class ExecLookup {
    private ExecLookup() {
    }

    /** The absolute path of the program inside the rootfs (not resolved: the kernel follows its links there). */
    public static String find(Path rootfs, String appName, String exec, String workingDir, String path) {
        if (exec.contains("/")) {
            String abs = exec.startsWith("/") ? exec : workingDir + "/" + exec;
            if (executable(rootfs, abs)) {
                return abs;
            }
        } else if (path != null) {
            for (String dir : path.split(":")) {
                String candidate = dir + "/" + exec;
                if (dir.startsWith("/") && executable(rootfs, candidate)) {
                    return candidate;
                }
            }
        }
        throw new RktException("app " + appName + ": exec " + exec + " not found in its rootfs");
    }

    private static boolean executable(Path rootfs, String path) {
        Path file = RootfsPath.resolve(rootfs, path);
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
