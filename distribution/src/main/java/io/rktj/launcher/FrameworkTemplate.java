package io.rktj.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A framework storage with every bundle already installed, and SCR's parsed component
 * descriptions saved, kept in the distribution's cache/ folder under a key made of the
 * fingerprint of the JDK and the bundle jars (see {@link SystemPackages#fingerprint}).
 *
 * <p>Each command copies it into its own storage directory and starts Felix on the copy, so
 * that it neither installs the bundles (Felix writes a dozen files per bundle) nor parses
 * their component XML (SCR reads its {@code ds.cache.metadata} store instead). Commands never
 * share a storage: Felix writes into its storage at every start. The template is built once
 * by the first command that finds none for its fingerprint, in a framework of its own that is
 * stopped so that SCR writes its store, and renamed into place whole; any change to the jars
 * or the JDK changes the key, and the next command builds a new template and removes the ones
 * of other jars for its JDK (another JDK sharing the distribution keeps its own).
 */
final class FrameworkTemplate {
    static final String PREFIX = "framework-";
    static final String BUILD_PREFIX = "framework-build-";
    /** SCR's switch for its store of parsed component descriptions (written when SCR stops). */
    static final String SCR_CACHE = "ds.cache.metadata";
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final Path cache;
    private final String jdk;
    private final Path directory;

    private FrameworkTemplate(Path cache, String jdk, Path directory) {
        this.cache = cache;
        this.jdk = jdk;
        this.directory = directory;
    }

    /**
     * The template of {@code fingerprint} in {@code cache}: framework-JDK-KEY, where JDK keys
     * this JVM alone, so that the templates of other JDKs sharing the distribution are kept.
     */
    static FrameworkTemplate of(Path cache, String fingerprint) {
        String jdk = key(System.getProperty("java.home") + "|" + System.getProperty("java.runtime.version"))
                .substring(0, 8);
        return new FrameworkTemplate(cache, jdk, cache.resolve(PREFIX + jdk + "-" + key(fingerprint)));
    }

    /**
     * 128 bits of FNV-1a over the fingerprint, forwards and backwards, in hex. Not a digest: the
     * JDK's MessageDigest costs a command more to set up than the template saves in places.
     */
    static String key(String fingerprint) {
        long forward = 0xcbf29ce484222325L;
        long backward = 0xcbf29ce484222325L;
        int n = fingerprint.length();
        for (int i = 0; i < n; i++) {
            forward = (forward ^ fingerprint.charAt(i)) * 0x100000001b3L;
            backward = (backward ^ fingerprint.charAt(n - 1 - i)) * 0x100000001b3L;
        }
        return hex16(forward) + hex16(backward);
    }

    /** 16 hex digits; String.format would cost the first command a Formatter's set-up. */
    private static String hex16(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    Path directory() {
        return directory;
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    /**
     * Copies the template into {@code storage} (created when missing). False when there is no
     * template or it vanished meanwhile (a newer one replaced it); {@code storage} is then empty.
     */
    boolean copyTo(Path storage) {
        try {
            if (Files.exists(storage)) {
                StorageArea.deleteTree(storage); // left by an earlier process with this pid
            }
            copyTree(directory, storage);
            return true;
        } catch (IOException | UncheckedIOException e) {
            emptyQuietly(storage);
            return false;
        }
    }

    /**
     * Builds the template from {@code jars}: a framework made by {@code frameworks} (given its
     * storage directory) installs, resolves and starts them, and is stopped so that SCR saves
     * the component descriptions. Returns false, with nothing left behind, when the cache folder
     * cannot be written or the build failed; a template another process renamed into place
     * first is kept.
     */
    boolean build(List<Path> jars, Set<Path> connected, Function<Path, Framework> frameworks) {
        Path work;
        try {
            Files.createDirectories(cache);
            work = Files.createTempDirectory(cache, BUILD_PREFIX);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        try {
            Framework framework = frameworks.apply(work.resolve("storage"));
            framework.init();
            BundleDeployer deployer = new BundleDeployer(framework.getBundleContext(), connected);
            deployer.install(jars);
            framework.start();
            deployer.startCommand(framework.adapt(FrameworkWiring.class), false);
            deployer.startRest();
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MILLIS);
            if (!deployer.failures().isEmpty()) {
                return false; // the command's own start reports them
            }
            try {
                Files.move(work.resolve("storage"), directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                return true; // another command was first
            }
            removeOthers();
            return true;
        } catch (IOException | BundleException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deleteQuietly(work);
        }
    }

    /** The framework properties a template's framework starts with, beyond the command's. */
    static Map<String, Object> storageProperties(Path storage, boolean fromTemplate) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        if (!fromTemplate) {
            properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        properties.put(SCR_CACHE, "true");
        return properties;
    }

    /** This JDK's templates of other jars, and builds that a killed command left. */
    private void removeOthers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache, PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean staleBuild = name.startsWith(BUILD_PREFIX)
                        && Files.getLastModifiedTime(entry).toMillis() < System.currentTimeMillis() - 600_000;
                boolean replaced = name.startsWith(PREFIX + jdk + "-") && !entry.equals(directory);
                if (staleBuild || replaced) {
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            // left for the next build
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void emptyQuietly(Path storage) {
        deleteQuietly(storage);
        try {
            Files.createDirectories(storage);
        } catch (IOException e) {
            // the framework reports a storage it cannot use
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            StorageArea.deleteTree(path);
        } catch (IOException | UncheckedIOException e) {
            // left for the next build's clean-up
        }
    }
}
