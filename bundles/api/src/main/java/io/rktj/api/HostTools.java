package io.rktj.api;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The host programs rkt runs (systemd-nspawn, runc, nsenter, ...) are found the way a shell finds
 * them: in the PATH of the rkt process, so that a host with its tools elsewhere, or a test that
 * hides one, is served without code changes. A missing tool is one line that names the Debian
 * package providing it.
 */
public final class HostTools {
    /** The search path when rkt's environment has no PATH (Debian's default for root). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private HostTools() {
    }

    /**
     * The first executable file called {@code name} in this process's PATH.
     *
     * @throws RktException "NAME not found in PATH (install the Debian package PKG)"
     */
    public static Path find(String name, String debianPackage) {
        return find(name, debianPackage, System.getenv("PATH"));
    }

    /** As {@link #find(String, String)} with the given search path (colon-separated; null or empty: {@link #DEFAULT_PATH}). */
    public static Path find(String name, String debianPackage, String searchPath) {
        String path = searchPath == null || searchPath.isEmpty() ? DEFAULT_PATH : searchPath;
        for (String dir : path.split(":")) {
            // An empty entry is the current directory for a shell; a tool rkt runs as root never comes from there.
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (InvalidPathException e) {
                // not a usable directory name: the next one
            }
        }
        throw new RktException(name + " not found in PATH (install the Debian package " + debianPackage + ")");
    }
}
