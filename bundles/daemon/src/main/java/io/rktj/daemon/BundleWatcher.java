package io.rktj.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The daemon's hot deploys: polls a folder (the distribution's bundles/) and keeps the
 * framework in step with its *.jar files. A new jar is installed (in place, by reference) and
 * started, a changed one (size or modification time) updated, a removed one uninstalled; then
 * the framework refreshes the bundles wired to what changed. Running pods are not affected:
 * their supervisors are processes of their own, and a flavor's stop and gc work from the pod
 * directory (see docs/stage1-flavor-contract.md).
 */
final class BundleWatcher {
    private record Stamp(long size, long modified) {
    }

    private final BundleContext context;
    private final Path folder;
    private final Map<Path, Stamp> known = new HashMap<>();

    BundleWatcher(BundleContext context, Path folder) {
        this.context = context;
        this.folder = folder;
        known.putAll(scan()); // the launcher installed what is there now
    }

    /** One look at the folder; returns how many bundles changed. */
    int poll() {
        Map<Path, Stamp> now = scan();
        Set<Bundle> changed = new HashSet<>();
        for (Map.Entry<Path, Stamp> e : now.entrySet()) {
            Stamp before = known.get(e.getKey());
            Bundle bundle = installed(e.getKey());
            try {
                if (bundle == null) {
                    bundle = context.installBundle(location(e.getKey()));
                    changed.add(bundle);
                } else if (!e.getValue().equals(before)) {
                    bundle.update();
                    changed.add(bundle);
                }
            } catch (BundleException | RuntimeException ex) {
                System.err.println("rkt: daemon: " + e.getKey() + ": " + ex.getMessage());
            }
        }
        for (Path gone : known.keySet()) {
            if (!now.containsKey(gone)) {
                Bundle bundle = installed(gone);
                if (bundle != null) {
                    try {
                        bundle.uninstall();
                        changed.add(bundle);
                    } catch (BundleException | RuntimeException ex) {
                        System.err.println("rkt: daemon: " + gone + ": " + ex.getMessage());
                    }
                }
            }
        }
        known.clear();
        known.putAll(now);
        if (!changed.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(changed, event -> startAll(changed));
        }
        return changed.size();
    }

    /** After the refresh: starts what is installed and not a fragment. */
    private static void startAll(Set<Bundle> bundles) {
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.UNINSTALLED || bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException | RuntimeException ex) {
                System.err.println("rkt: daemon: start " + bundle.getSymbolicName() + ": " + ex.getMessage());
            }
        }
    }

    private Bundle installed(Path jar) {
        return context.getBundle(location(jar));
    }

    /** The form the launcher installs with (BundleDeployer): nothing is copied. */
    static String location(Path jar) {
        return "reference:" + jar.toAbsolutePath().normalize().toUri();
    }

    private Map<Path, Stamp> scan() {
        Map<Path, Stamp> jars = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return jars;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : entries) {
                BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    jars.put(jar.toAbsolutePath().normalize(), new Stamp(a.size(), a.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            System.err.println("rkt: daemon: watch " + folder + ": " + e.getMessage());
            return new HashMap<>(known); // no change seen this time
        }
        return jars;
    }
}
