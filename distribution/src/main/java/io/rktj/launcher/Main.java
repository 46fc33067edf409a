package io.rktj.launcher;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

import org.osgi.framework.Constants;
import org.osgi.framework.connect.ConnectFrameworkFactory;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * bin/rkt's entry point: boots Felix with the bundles of system/ and bundles/, hands the
 * command line to the rkt command service and exits with its result. The framework is never
 * stopped: the process ends (or a fly run has already execve()d it away) right after the command.
 */
public final class Main {

    static final int RUNTIME_ERROR = 254;
    private static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
    /** -Drkt.launcher.template=off installs the bundles in every command instead (see FrameworkTemplate). */
    static final String TEMPLATE_PROPERTY = "rkt.launcher.template";
    /** {@link #TEMPLATE_PROPERTY} value: build the template and run no command. */
    static final String TEMPLATE_ONLY = "only";
    /** -Drkt.launcher.connect=off loads system/'s bundles through bundle class loaders (see ClassPathConnector). */
    static final String CONNECT_PROPERTY = "rkt.launcher.connect";
    private static final String FELIX_FACTORY = "org.apache.felix.framework.FrameworkFactory";
    private static final List<String> FELIX_CLASSES = List.of("org.apache.felix.framework.util.Util",
            "java.lang.SecurityManager");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(launch(args));
    }

    /** Runs one command in a fresh framework and returns its exit status. */
    static int launch(String[] args) {
        Map<String, String> flags = GlobalFlags.frameworkProperties(args);
        boolean debug = GlobalFlags.debug(flags);
        if (TEMPLATE_ONLY.equals(System.getProperty(TEMPLATE_PROPERTY))) {
            return buildTemplateOnly(flags);
        }
        StorageArea storage = StorageArea.forThisProcess();
        int status;
        try {
            status = DaemonMode.requested(args) ? DaemonMode.serve(args, flags, storage) : run(args, flags, storage);
        } catch (Exception | LinkageError e) {
            System.out.flush();
            System.err.println("rkt: launcher: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            if (debug) {
                e.printStackTrace(System.err);
            }
            status = RUNTIME_ERROR;
        }
        System.out.flush();
        System.err.flush();
        storage.delete();
        return status;
    }

    private static int run(String[] args, Map<String, String> flags, StorageArea storage) throws Exception {
        StartupClock clock = new StartupClock(GlobalFlags.debug(flags));
        Path home = home();
        Booted booted = boot(home, flags, storage, List.of(), clock);
        Framework framework = booted.framework();
        BundleDeployer deployer = booted.deployer();
        long timeout = Long.getLong("rkt.launcher.timeout", DEFAULT_TIMEOUT_MILLIS);
        Function<String[], Integer> command = CommandService.await(framework.getBundleContext(), timeout,
                deployer.failures());
        booted.recordSystemPackages();
        String training = System.getProperty("rkt.launcher.training");
        if (training != null) {
            deployer.startRest();
            CommandService.markReady(framework.getBundleContext());
            return CdsTraining.run(Path.of(training), home, command, framework.getBundleContext());
        }
        // The command parses its line on its own thread while the other bundles start on this
        // one; it waits for the ready marker before it uses any service.
        CommandRun run = CommandRun.start(command, args);
        deployer.startRest();
        clock.mark("start the other bundles");
        CommandService.markReady(framework.getBundleContext());
        Integer result = run.join();
        clock.mark("command");
        return result == null ? RUNTIME_ERROR : result;
    }

    /** A framework with the bundles installed, SCR and the command bundle started. */
    record Booted(Framework framework, BundleDeployer deployer, Path cache, String fingerprint, boolean systemPackagesKnown) {
        /** When this framework exported every JDK package: learn which ones the bundles need. */
        void recordSystemPackages() {
            if (!systemPackagesKnown) {
                SystemPackages.record(cache, fingerprint, framework, deployer.installed());
            }
        }
    }

    /**
     * {@code -Drkt.launcher.template=only}: builds the framework template if it is missing, and
     * runs no command. bin/rkt does this in a JVM of its own before the class-data-sharing
     * training, so that the training loads the bundles' classes once, from the framework it
     * starts from the template: classes that two frameworks' loaders defined in the training
     * JVM (Felix SCR's, say) were left out of the archive.
     */
    private static int buildTemplateOnly(Map<String, String> flags) {
        try {
            Path home = home();
            List<Path> jars = bundleJars(home);
            Path cache = home.resolve("cache");
            String fingerprint = SystemPackages.fingerprint(jars);
            ClassPathConnector connector = connector(jars);
            FrameworkTemplate template = template(cache, fingerprint, connector);
            if (!template.exists()) {
                buildTemplate(template, jars, flags, home, SystemPackages.cached(cache, fingerprint), connector);
            }
            return template.exists() ? 0 : RUNTIME_ERROR;
        } catch (Exception | LinkageError e) {
            System.err.println("rkt: launcher: framework template: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return RUNTIME_ERROR;
        }
    }

    /** Starts Felix with the jars of system/ and bundles/ and then {@code extraJars}. */
    static Booted boot(Path home, Map<String, String> flags, StorageArea storage, List<Path> extraJars, StartupClock clock)
            throws Exception {
        useUnpackedJnaLibrary(home);
        List<Path> jars = bundleJars(home);
        Path cache = home.resolve("cache");
        // the extra jars (the daemon's) import no JDK package beyond what the others need
        String fingerprint = SystemPackages.fingerprint(jars);
        jars.addAll(extraJars);
        String systemPackages = SystemPackages.cached(cache, fingerprint);
        // The daemon's extra jars are left out of templates: it starts once and lives long.
        ClassPathConnector connector = extraJars.isEmpty() ? connector(jars) : null;
        FrameworkTemplate template = extraJars.isEmpty() && !"off".equals(System.getProperty(TEMPLATE_PROPERTY))
                ? template(cache, fingerprint, connector) : null;
        if (template != null && !template.exists()) {
            buildTemplate(template, jars, flags, home, systemPackages, connector);
            clock.mark("build the framework template " + template.directory().getFileName());
        }
        boolean templated = template != null && template.exists();
        // Felix's class set-up and properties take a while: the framework object is made on a
        // thread of its own while this one prepares the storage. With a template, Felix must not
        // clean the storage; should the copy fail, the storage is left empty and every bundle is
        // installed instead (adopt).
        FutureTask<Framework> made = new FutureTask<>(() -> newFramework(
                frameworkConfiguration(flags, storage.directory(), templated, home, systemPackages), connector));
        Thread maker = new Thread(made, "rkt-framework");
        maker.start();
        initialiseFelixClasses();
        storage.prepare();
        boolean fromTemplate = templated && template.copyTo(storage.directory());
        if (connector != null) {
            connector.readManifests();
        }
        Framework framework = framework(made);
        framework.init();
        clock.mark(fromTemplate ? "framework init from the template" : "framework init");
        BundleDeployer deployer = new BundleDeployer(framework.getBundleContext(), connected(connector));
        if (templated) {
            deployer.adopt(jars);
        } else {
            deployer.install(jars);
        }
        clock.mark("install (" + connected(connector).size() + " of " + jars.size()
                + " bundles connected to the class path)");
        framework.start();
        deployer.startCommand(framework.adapt(FrameworkWiring.class), true);
        clock.mark("resolve and start the command bundle");
        return new Booted(framework, deployer, cache, fingerprint, systemPackages != null);
    }

    /** The jars of system/, then those of bundles/. */
    private static List<Path> bundleJars(Path home) {
        List<Path> jars = new ArrayList<>(BundleDeployer.jars(home.resolve("system")));
        jars.addAll(BundleDeployer.jars(home.resolve("bundles")));
        return jars;
    }

    private static void buildTemplate(FrameworkTemplate template, List<Path> jars, Map<String, String> flags, Path home,
            String systemPackages, ClassPathConnector connector) {
        template.build(jars, connected(connector),
                dir -> newFramework(frameworkConfiguration(flags, dir, false, home, systemPackages), connector));
    }

    /** A framework with connected bundles keeps a template of its own: their locations differ. */
    private static FrameworkTemplate template(Path cache, String fingerprint, ClassPathConnector connector) {
        return FrameworkTemplate.of(cache, connector == null ? fingerprint : fingerprint + "|connect");
    }

    private static Set<Path> connected(ClassPathConnector connector) {
        return connector == null ? Set.of() : connector.jars();
    }

    /**
     * The connector of the bundle jars, when all of them are on the class path (bin/rkt puts
     * system/ there); null when it is switched off ({@code -Drkt.launcher.connect=off}) or when
     * any jar is not, as an extension in bundles/ is not: a connected bundle loads every class
     * from the class path, whatever its wiring says, so an extension that exports a package of
     * its own version (another Jackson, a newer API) could be wired to a connected bundle that
     * would not see it. With extensions, every bundle is loaded the ordinary way, each through
     * its wiring.
     */
    private static ClassPathConnector connector(List<Path> jars) {
        if ("off".equals(System.getProperty(CONNECT_PROPERTY))) {
            return null;
        }
        ClassPathConnector connector = ClassPathConnector.of(jars);
        return !jars.isEmpty() && connector.jars().size() == jars.size() ? connector : null;
    }

    private static Framework newFramework(Map<String, String> configuration, ClassPathConnector connector) {
        FrameworkFactory factory = frameworkFactory();
        if (connector != null && factory instanceof ConnectFrameworkFactory connecting) {
            return connecting.newFramework(configuration, connector);
        }
        return factory.newFramework(configuration);
    }

    /** Felix's factory by name: a ServiceLoader scan of the class path costs a command ~15 ms. */
    private static FrameworkFactory frameworkFactory() {
        try {
            return (FrameworkFactory) Class.forName(FELIX_FACTORY).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        }
    }

    /**
     * Sets up, on this thread, classes that Felix's constructor needs after its own long static
     * set-up (which the framework thread is doing meanwhile); a failure shows there instead.
     */
    private static void initialiseFelixClasses() {
        for (String name : FELIX_CLASSES) {
            try {
                Class.forName(name, true, Main.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // the framework thread meets it and reports it
            }
        }
    }

    private static Framework framework(FutureTask<Framework> made) throws Exception {
        try {
            return made.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Felix takes non-string values (the logger object) through the string map of the standard API. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, String> frameworkConfiguration(Map<String, String> flags, Path storage,
            boolean fromTemplate, Path home, String systemPackages) {
        boolean debug = GlobalFlags.debug(flags);
        Map<String, Object> config = new HashMap<>(flags);
        config.put("rkt.home", home.toString());
        // tells the command to wait for CommandService.markReady before it looks up services
        config.put("rkt.launcher.ready", "service");
        config.putAll(FrameworkTemplate.storageProperties(storage, fromTemplate));
        if (systemPackages != null) {
            // only the JDK packages the bundles import (see SystemPackages)
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES, systemPackages);
        }
        // one process owns its storage; no lock file or URL handler factory is needed
        config.put("felix.cache.locking", "false");
        config.put("felix.service.urlhandlers", "false");
        config.put("felix.log.level", debug ? "3" : "0");
        config.put("felix.log.logger", new StderrLogger());
        if (debug) {
            config.put("ds.loglevel", "warn");
        } else {
            config.put("ds.log.enabled", "false");
        }
        return (Map) config;
    }

    /**
     * Points JNA at the copy of its native library that the build unpacked into lib/jna/; JNA
     * would otherwise unpack it from its jar into a temporary file in every process.
     */
    private static void useUnpackedJnaLibrary(Path home) {
        String platform = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "linux-x86-64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
        if (System.getProperty("jna.platform.library.path") == null) {
            // Without it, JNA's first use runs `ldconfig -p` in a child process to learn the system
            // library folders; rktj only loads libc by its soname, which needs no search path.
            System.setProperty("jna.platform.library.path", "/usr/lib/" + multiarch() + ":/lib/" + multiarch() + ":/usr/lib:/lib");
        }
        if (platform == null || System.getProperty("jna.boot.library.path") != null) {
            return;
        }
        Path directory = home.resolve("lib").resolve("jna").resolve(platform);
        if (Files.isRegularFile(directory.resolve("libjnidispatch.so"))) {
            System.setProperty("jna.boot.library.path", directory.toString());
        }
    }

    private static String multiarch() {
        return "aarch64".equals(System.getProperty("os.arch")) ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
    }

    /** The distribution folder: -Drkt.home from bin/rkt, else the parent of lib/ holding this jar. */
    static Path home() throws URISyntaxException {
        String property = System.getProperty("rkt.home");
        if (property != null && !property.isEmpty()) {
            return Path.of(property).toAbsolutePath();
        }
        File jar = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.toPath().toAbsolutePath().getParent().getParent();
    }
}
