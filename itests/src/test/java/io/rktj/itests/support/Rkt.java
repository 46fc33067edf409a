package io.rktj.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the built {@code bin/rkt} as a process with its own {@code --dir}. Output goes to files,
 * not pipes: a pod's app inherits them and may outlive the call, and a pipe nobody drains
 * blocks it.
 */
public final class Rkt {
    public static final String INSECURE = "--insecure-options=image";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger CALLS = new AtomicInteger();

    private final Path home;
    private final Path dataDir;
    private final Path logDir;

    /**
     * @param dataDir the pod and image data dir passed as --dir
     * @param logDir  where each call's stdout and stderr are kept
     */
    public Rkt(Path home, Path dataDir, Path logDir) {
        this.home = home;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    /** The distribution folder the build made: -Drktj.home, set by the itests pom. */
    public static Path home() {
        String home = System.getProperty("rktj.home");
        if (home == null) {
            throw new IllegalStateException("system property rktj.home is not set (run through mvn verify)");
        }
        Path dir = Paths.get(home).toAbsolutePath().normalize();
        if (!Files.isExecutable(dir.resolve("bin/rkt"))) {
            throw new IllegalStateException(dir.resolve("bin/rkt") + " is missing: build the distribution first");
        }
        return dir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path binary() {
        return home.resolve("bin/rkt");
    }

    /** A call of {@code rkt --dir=<dataDir> args...}. */
    public Call call(String... args) {
        return new Call(List.of(args));
    }

    /** Runs {@code rkt --dir=<dataDir> args...} and waits for it. */
    public RktResult run(String... args) {
        return call(args).run();
    }

    /** The words as one POSIX shell command line, each single-quoted. */
    static String shellWords(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }

    /** One invocation, configured before it runs. */
    public final class Call {
        private final List<String> args;
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> wrapper = List.of();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Path directory;
        private ProcessBuilder.Redirect input = ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile());
        private boolean terminal;

        private Call(List<String> args) {
            this.args = args;
        }

        /** Adds a variable to rkt's own environment. */
        public Call env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Runs rkt under another command, such as setpriv to drop root. */
        public Call via(String... command) {
            wrapper = List.of(command);
            return this;
        }

        /** Runs rkt in {@code directory} instead of the test's working directory. */
        public Call in(Path directory) {
            this.directory = directory;
            return this;
        }

        /** rkt's stdin read from a file (by default /dev/null). */
        public Call stdin(Path file) {
            input = ProcessBuilder.Redirect.from(file.toFile());
            return this;
        }

        /** rkt's stdin is a pipe the test writes through {@link RktProcess#stdin()}. */
        public Call stdinPipe() {
            input = ProcessBuilder.Redirect.PIPE;
            return this;
        }

        /**
         * rkt runs on a terminal of its own: util-linux's {@code script} gives it a pseudo-terminal
         * as stdin, stdout and stderr, relays this call's stdin to it and everything rkt writes to
         * the stdout file (stderr included), and exits with rkt's status.
         */
        public Call onTerminal() {
            terminal = true;
            return this;
        }

        public Call timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public RktResult run() {
            RktProcess process = start();
            RktResult result = process.await(timeout);
            if (result == null) {
                String seen = process.describe();
                process.kill();
                throw new AssertionError("rkt did not finish within " + timeout + "\n" + seen);
            }
            return result;
        }

        public RktProcess start() {
            List<String> command = new ArrayList<>(wrapper);
            command.add(binary().toString());
            command.add("--dir=" + dataDir);
            command.addAll(args);
            if (terminal) {
                command = List.of("script", "--quiet", "--return", "--command", shellWords(command), "/dev/null");
            }
            int n = CALLS.incrementAndGet();
            Path out = logDir.resolve(n + ".stdout");
            Path err = logDir.resolve(n + ".stderr");
            try {
                Files.createDirectories(logDir);
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectInput(input)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                if (directory != null) {
                    pb.directory(directory.toFile());
                }
                return new RktProcess(Collections.unmodifiableList(command), pb.start(), out, err);
            } catch (IOException e) {
                throw new UncheckedIOException("start " + command, e);
            }
        }
    }
}
