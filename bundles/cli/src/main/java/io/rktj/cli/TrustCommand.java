package io.rktj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.TrustedKeys;
import io.rktj.api.image.TrustedKeys.PublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"Trust a key for image verification.", "",
            "Adds keys to the local keystore for use in verifying signed images.",
            "PUBKEY may be either a local file or URL.",
            "PREFIX scopes the applicability of PUBKEY to image names sharing PREFIX.",
            "Meta discovery of PUBKEY at PREFIX will be attempted if no PUBKEY is specified.",
            "To trust a key for all images instead of for specific images, --root can be",
            "specified. Path to a key file must be given (no discovery)."})
final class TrustCommand implements Callable<Integer> {
    @Option(names = "--prefix", paramLabel = "PREFIX", description = "prefix to limit trust to")
    String prefix = "";

    @Option(names = "--root", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "add root key from filesystem without a prefix")
    boolean root;

    @Option(names = "--skip-fingerprint-review", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "accept key without fingerprint confirmation")
    boolean skipFingerprintReview;

    @Option(names = "--insecure-allow-http", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "allow HTTP use for key discovery and/or retrieval")
    boolean insecureAllowHttp;

    @Parameters(arity = "0..*", paramLabel = "PUBKEY", description = "a key file or an http(s) URL of one")
    List<String> keys = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Session session;

    TrustCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        if (prefix.isEmpty() && !root) {
            if (keys.isEmpty()) {
                spec.commandLine().usage(ctx.err());
                return Rkt.EXIT_ERROR;
            }
            throw new RktException("aborting due to implicit unbounded trust (root domain): give --prefix PREFIX"
                    + " to trust the key for images under PREFIX, or --root to trust it for every image");
        }
        if (!prefix.isEmpty() && root) {
            throw new RktException("--root and --prefix usage mutually exclusive");
        }
        String scheme = scheme(prefix);
        if (scheme != null) {
            throw new RktException("--prefix must not contain a URL scheme, omit " + scheme + "://");
        }
        boolean insecureTls = session.global().insecureOptions().options().contains("tls");
        TrustedKeys trusted = ctx.trustedKeys();
        List<String> locations = keys;
        if (locations.isEmpty()) {
            if (root) {
                throw new RktException("error determining key location: --root needs a key file (no discovery)");
            }
            locations = trusted.discover(prefix, insecureAllowHttp, insecureTls);
        }
        PrintStream out = ctx.out();
        for (String location : locations) {
            PublicKey key = trusted.read(location, insecureAllowHttp, insecureTls);
            display(key);
            boolean force = skipFingerprintReview
                    || session.global().trustKeysFromHttps() && location.startsWith("https://");
            if (!force) {
                if (!Terminal.isTerminal(0) || !Terminal.isTerminal(2)) {
                    throw new RktException("error adding keys: error reviewing key: unable to ask user to review"
                            + " fingerprint due to lack of tty (use --skip-fingerprint-review, or --trust-keys-from-https"
                            + " for a key fetched over https)");
                }
                if (!review(out, System.in)) {
                    ctx.err().println("pubkey: not trusting \"" + location + "\"");
                    continue;
                }
            }
            out.println("Trusting \"" + location + "\" for prefix \"" + prefix + "\" "
                    + (force ? "without" : "after") + " fingerprint review.");
            Path path = trusted.trust(key, root ? null : prefix);
            if (root) {
                out.println("Added root key at \"" + path + "\"");
            } else {
                out.println("Added key for prefix \"" + prefix + "\" at \"" + path + "\"");
            }
        }
        return 0;
    }

    /** What rkt showed of a key: where it is from on stderr, fingerprints and user ids on stdout. */
    private void display(PublicKey key) {
        session.ctx().err().println("pubkey: prefix: \"" + prefix + "\"");
        session.ctx().err().println("key: \"" + key.location() + "\"");
        for (PublicKey.Entity e : key.entities()) {
            session.ctx().out().println("gpg key fingerprint is: " + fingerprint(e.fingerprint()));
            for (String sub : e.subkeyFingerprints()) {
                session.ctx().out().println("    Subkey fingerprint: " + fingerprint(sub));
            }
            for (String id : e.userIds()) {
                session.ctx().out().println("\t" + id);
            }
        }
    }

    /** rkt's display: upper case, groups of four digits, two spaces in the middle. */
    static String fingerprint(String hex) {
        StringBuilder s = new StringBuilder();
        String h = hex.toUpperCase(Locale.ROOT);
        for (int i = 0; i < h.length(); i += 4) {
            if (i > 0) {
                s.append(i == h.length() / 2 ? "  " : " ");
            }
            s.append(h, i, Math.min(h.length(), i + 4));
        }
        return s.toString();
    }

    private static boolean review(PrintStream out, InputStream stdin) {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        while (true) {
            out.println("Are you sure you want to trust this key (yes/no)?");
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw RktException.wrap("error reviewing key: error reading input", e);
            }
            if (line == null) {
                throw new RktException("error reviewing key: error reading input: EOF");
            }
            if (line.equals("yes")) {
                return true;
            }
            if (line.equals("no")) {
                return false;
            }
            out.println("Please enter 'yes' or 'no'");
        }
    }

    private static String scheme(String prefix) {
        try {
            return prefix.contains(":") ? new URI(prefix).getScheme() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether a file descriptor of this process is a terminal, as /proc tells it. */
    static final class Terminal {
        private Terminal() {
        }

        static boolean isTerminal(int fd) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }
}
