package io.rktj.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.connect.ConnectContent;
import org.osgi.framework.connect.ConnectModule;
import org.osgi.framework.connect.ModuleConnector;

/**
 * Connects the bundles whose jars are on the JVM's class path (bin/rkt puts system/ there for
 * a command) to the launcher's class loader (OSGi Connect, core 8 chapter 60): their classes
 * come from the application class loader, and with it from the class-data-sharing archive
 * whole (mapped, verified, lambdas included), instead of each being read from its jar by a
 * bundle class loader, looked up in the archive by its bytes' checksum and defined. Felix
 * still reads each bundle's manifest, resolves the wiring and runs SCR as before; the
 * bundles' entries (OSGI-INF, resources) come from their jars.
 *
 * <p>Only a command's framework connects bundles, and only when bundles/ holds no extension
 * (see Main#connector): the daemon, which lives long and swaps bundles at run time, loads every
 * bundle the ordinary way, each through its own wiring.
 */
final class ClassPathConnector implements ModuleConnector {
    private static final String EXPORT_PACKAGE = "Export-Package";
    private static final String USES = "uses:=";
    private final Set<Path> jars;
    private final Map<String, JarModule> modules;

    private ClassPathConnector(Set<Path> jars, ClassLoader loader) {
        this.jars = jars;
        this.modules = new HashMap<>();
        for (Path jar : jars) {
            modules.put(BundleDeployer.connectLocation(jar), new JarModule(jar, loader));
        }
    }

    /**
     * Reads every connected jar's manifest now, on the calling thread: the launcher's main
     * thread does it while it waits for Felix's constructor, so that Felix's init finds them read.
     */
    void readManifests() {
        for (JarModule module : modules.values()) {
            try {
                module.getContent().getHeaders();
            } catch (RuntimeException e) {
                // Felix meets the same failure when it reads the headers, and reports it
            }
        }
    }

    /** The connector for the bundle jars among {@code jars} that are on this JVM's class path. */
    static ClassPathConnector of(List<Path> jars) {
        Set<String> classPath = new HashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        Set<Path> connected = new HashSet<>();
        for (Path jar : jars) {
            Path normal = jar.toAbsolutePath().normalize();
            if (classPath.contains(normal.toString())) {
                connected.add(normal);
            }
        }
        return new ClassPathConnector(connected, ClassPathConnector.class.getClassLoader());
    }

    /** The jars it connects, as absolute, normalised paths. */
    Set<Path> jars() {
        return jars;
    }

    /**
     * An Export-Package header without its {@code uses:=} directives. They make the resolver
     * keep the bundles that share a package on one provider of the packages it uses; connected
     * bundles have one class space anyway, the class path's, so the resolver need not check them
     * (and Felix need not parse them, which took a command ~15 ms).
     */
    static String withoutUses(String exports) {
        StringBuilder kept = new StringBuilder(exports.length());
        int i = 0;
        int n = exports.length();
        while (i < n) {
            int directive = exports.indexOf(USES, i);
            if (directive < 0) {
                break;
            }
            // the directive starts after a ';' and optional blanks, outside quotes
            int start = directive;
            while (start > i && Character.isWhitespace(exports.charAt(start - 1))) {
                start--;
            }
            if (start == i || exports.charAt(start - 1) != ';' || insideQuotes(exports, directive)) {
                kept.append(exports, i, directive + USES.length());
                i = directive + USES.length();
                continue;
            }
            kept.append(exports, i, start - 1);
            int end = directive + USES.length();
            while (end < n && Character.isWhitespace(exports.charAt(end))) {
                end++;
            }
            if (end < n && exports.charAt(end) == '"') {
                int close = exports.indexOf('"', end + 1);
                end = close < 0 ? n : close + 1;
            } else {
                while (end < n && exports.charAt(end) != ';' && exports.charAt(end) != ',') {
                    end++;
                }
            }
            i = end;
        }
        kept.append(exports, i, n);
        return kept.toString();
    }

    private static boolean insideQuotes(String text, int position) {
        boolean inside = false;
        for (int i = 0; i < position; i++) {
            if (text.charAt(i) == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    @Override
    public void initialize(File storage, Map<String, String> configuration) {
        // nothing is kept in the framework's storage
    }

    @Override
    public Optional<ConnectModule> connect(String location) {
        return Optional.ofNullable(modules.get(location));
    }

    @Override
    public Optional<BundleActivator> newBundleActivator() {
        return Optional.empty();
    }

    private static final class JarModule implements ConnectModule {
        private final JarContent content;

        JarModule(Path jar, ClassLoader loader) {
            this.content = new JarContent(jar, loader);
        }

        @Override
        public ConnectContent getContent() {
            return content;
        }
    }

    /** A jar's entries and manifest, opened while the framework has the content open. */
    private static final class JarContent implements ConnectContent {
        private final Path jar;
        private final ClassLoader loader;
        private JarFile file;
        private Map<String, String> headers;

        JarContent(Path jar, ClassLoader loader) {
            this.jar = jar;
            this.loader = loader;
        }

        @Override
        public synchronized Optional<Map<String, String>> getHeaders() {
            if (headers == null) {
                try {
                    Manifest manifest = jarFile().getManifest();
                    Map<String, String> read = new HashMap<>();
                    if (manifest != null) {
                        for (Map.Entry<Object, Object> entry : manifest.getMainAttributes().entrySet()) {
                            String name = ((Attributes.Name) entry.getKey()).toString();
                            String value = (String) entry.getValue();
                            read.put(name, EXPORT_PACKAGE.equalsIgnoreCase(name) ? withoutUses(value) : value);
                        }
                    }
                    headers = read;
                } catch (IOException e) {
                    throw new UncheckedIOException("read the manifest of " + jar, e);
                }
            }
            return Optional.of(headers);
        }

        @Override
        public synchronized Iterable<String> getEntries() throws IOException {
            List<String> names = new ArrayList<>();
            Enumeration<JarEntry> entries = jarFile().entries();
            while (entries.hasMoreElements()) {
                names.add(entries.nextElement().getName());
            }
            return names;
        }

        @Override
        public synchronized Optional<ConnectEntry> getEntry(String path) {
            try {
                JarFile opened = jarFile();
                JarEntry entry = opened.getJarEntry(path);
                return entry == null ? Optional.empty() : Optional.of(new Entry(opened, entry));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<ClassLoader> getClassLoader() {
            return Optional.of(loader);
        }

        @Override
        public synchronized void open() throws IOException {
            jarFile();
        }

        @Override
        public synchronized void close() throws IOException {
            if (file != null) {
                file.close();
                file = null;
            }
        }

        private JarFile jarFile() throws IOException {
            if (file == null) {
                file = new JarFile(jar.toFile(), false);
            }
            return file;
        }
    }

    private static final class Entry implements ConnectContent.ConnectEntry {
        private final JarFile file;
        private final JarEntry entry;

        Entry(JarFile file, JarEntry entry) {
            this.file = file;
            this.entry = entry;
        }

        @Override
        public String getName() {
            return entry.getName();
        }

        @Override
        public long getContentLength() {
            return entry.getSize();
        }

        @Override
        public long getLastModified() {
            return entry.getTime();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return file.getInputStream(entry);
        }
    }
}
