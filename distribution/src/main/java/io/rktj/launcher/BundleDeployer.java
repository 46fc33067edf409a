package io.rktj.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs the bundle jars of the given folders in place ("reference:" locations, nothing is
 * copied into the framework storage), resolves them in one pass, and starts SCR before the
 * rest so that every component bundle is seen by the extender as it starts. The command bundle
 * starts right after SCR, so that the command can parse its line while the rest start.
 */
final class BundleDeployer {

    static final String SCR = "org.apache.felix.scr";
    static final String COMMAND = "io.rktj.cli";

    private final BundleContext context;
    private final Set<Path> connected;
    private final List<Bundle> installed = new ArrayList<>();
    private final Map<Bundle, String> failures = new LinkedHashMap<>();

    BundleDeployer(BundleContext context) {
        this(context, Set.of());
    }

    /** {@code connected}: the jars a {@link ClassPathConnector} connects, installed at their connect location. */
    BundleDeployer(BundleContext context, Set<Path> connected) {
        this.context = context;
        this.connected = connected;
    }

    /** The *.jar files of {@code folder} in name order; a missing folder holds no bundles. */
    static List<Path> jars(Path folder) {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return jars;
        }
        // no glob: compiling one into a regular expression cost a command ~6 ms
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path jar : entries) {
                if (jar.getFileName().toString().endsWith(".jar")) {
                    jars.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list bundles in " + folder + ": " + e.getMessage(), e);
        }
        jars.sort(null);
        return jars;
    }

    /** Installs the jars in the order given. */
    void install(List<Path> jars) {
        for (Path jar : jars) {
            install(jar);
        }
    }

    /**
     * Takes the bundles a framework template already holds for these jars, installs those it
     * lacks and uninstalls those of other jars, so that the installed set is exactly {@code jars}.
     */
    void adopt(List<Path> jars) {
        Map<String, Bundle> present = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0) {
                present.put(bundle.getLocation(), bundle);
            }
        }
        for (Path jar : jars) {
            Bundle bundle = present.remove(locationOf(jar));
            if (bundle != null) {
                installed.add(bundle);
            } else {
                install(jar);
            }
        }
        for (Bundle extra : present.values()) {
            try {
                extra.uninstall();
            } catch (BundleException e) {
                throw new IllegalStateException("uninstall bundle " + extra.getLocation() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The location a jar is installed from: in place, nothing is copied. */
    static String location(Path jar) {
        return "reference:" + jar.toAbsolutePath().normalize().toUri();
    }

    /**
     * The location a connected jar is installed at: its plain file URL, which Felix hands to
     * the connector (a "reference:" location never reaches it). Should the connector not
     * connect it after all, Felix installs the jar from that URL the ordinary way.
     */
    static String connectLocation(Path jar) {
        return jar.toAbsolutePath().normalize().toUri().toString();
    }

    private String locationOf(Path jar) {
        return connected.contains(jar.toAbsolutePath().normalize()) ? connectLocation(jar) : location(jar);
    }

    /** Every bundle installed so far. */
    List<Bundle> installed() {
        return List.copyOf(installed);
    }

    private void install(Path jar) {
        try {
            installed.add(context.installBundle(locationOf(jar)));
        } catch (BundleException e) {
            throw new IllegalStateException("install bundle " + jar + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves all installed bundles at once, then starts SCR and the bundle of the rkt command;
     * with {@code warmUp}, the warm-up thread too (not for a framework that runs no command).
     */
    void startCommand(FrameworkWiring wiring, boolean warmUp) {
        wiring.resolveBundles(installed);
        if (warmUp) {
            WarmUp.start(installed);
        }
        installed.stream().filter(b -> SCR.equals(b.getSymbolicName())).forEach(this::start);
        installed.stream().filter(b -> COMMAND.equals(b.getSymbolicName())).forEach(this::start);
    }

    /** Starts every other non-fragment bundle. */
    void startRest() {
        installed.stream().filter(b -> b.getState() != Bundle.ACTIVE && !isFragment(b)).forEach(this::start);
    }

    private void start(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
        } catch (BundleException | RuntimeException e) {
            failures.put(bundle, String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** Bundles that could not be resolved or started, each with the framework's reason. */
    Map<Bundle, String> failures() {
        Map<Bundle, String> result = new LinkedHashMap<>(failures);
        for (Bundle bundle : installed) {
            if (bundle.getState() == Bundle.INSTALLED && !result.containsKey(bundle)) {
                result.put(bundle, "not resolved");
            }
        }
        return result;
    }
}
