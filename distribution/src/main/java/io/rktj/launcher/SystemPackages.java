package io.rktj.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The packages the system bundle exports, cut down to those some installed bundle imports.
 * By default Felix exports every package of every JDK module (several hundred), and parses and
 * indexes them in every process; rkt's bundles import a few dozen. The cut list is computed once
 * from a framework that exported everything, and kept in the distribution's cache/ folder
 * under a fingerprint of the JDK and of every bundle jar (name, size, modification time): any
 * change to the jars or the JDK makes the fingerprint differ and the full list is used (and the
 * cut list computed again) for that command.
 */
final class SystemPackages {
    static final String FILE = "system-packages";

    private SystemPackages() {
    }

    /** The fingerprint of this JDK and these bundle jars. */
    static String fingerprint(List<Path> jars) throws IOException {
        StringBuilder b = new StringBuilder(1024);
        b.append(System.getProperty("java.home")).append('|').append(System.getProperty("java.runtime.version"));
        for (Path jar : jars) {
            b.append('|').append(jar).append(',').append(Files.size(jar)).append(',')
                    .append(Files.getLastModifiedTime(jar).toMillis());
        }
        return b.toString();
    }

    /** The cut list recorded for this fingerprint, or null when there is none (or it is stale). */
    static String cached(Path cacheDir, String fingerprint) {
        try {
            // readString, not readAllLines: no reader and decoder to set up in a fresh JVM (~4 ms)
            String text = Files.readString(cacheDir.resolve(FILE), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            if (end > 0 && text.substring(0, end).equals(fingerprint)) {
                String packages = text.substring(end + 1);
                packages = packages.endsWith("\n") ? packages.substring(0, packages.length() - 1) : packages;
                if (!packages.isEmpty() && packages.indexOf('\n') < 0) {
                    return packages;
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Computes the cut list from a framework started with the full list and records it; does
     * nothing when a bundle imports packages dynamically by wildcard (any package may be needed)
     * or when the cache folder cannot be written.
     */
    static void record(Path cacheDir, String fingerprint, Bundle systemBundle, List<Bundle> bundles) {
        String exports = systemBundle.getHeaders("").get(Constants.EXPORT_PACKAGE);
        if (exports == null) {
            return;
        }
        Set<String> imported = new HashSet<>();
        for (Bundle b : bundles) {
            for (String clause : clauses(b.getHeaders("").get(Constants.IMPORT_PACKAGE))) {
                imported.addAll(packages(clause));
            }
            for (String clause : clauses(b.getHeaders("").get(Constants.DYNAMICIMPORT_PACKAGE))) {
                for (String p : packages(clause)) {
                    if (p.endsWith("*")) {
                        return;
                    }
                    imported.add(p);
                }
            }
        }
        String cut = cut(exports, imported);
        if (cut.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, FILE, ".tmp");
            try {
                Files.writeString(tmp, fingerprint + "\n" + cut + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, cacheDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a read-only distribution (or a non-root user) just keeps the full list
        }
    }

    /** The clauses of an export header whose packages are all in {@code imported}, in order. */
    static String cut(String exports, Set<String> imported) {
        StringBuilder out = new StringBuilder();
        for (String clause : clauses(exports)) {
            List<String> packages = packages(clause);
            if (!packages.isEmpty() && imported.containsAll(packages)) {
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(clause.strip());
            }
        }
        return out.toString();
    }

    /** The comma-separated clauses of a manifest header; commas inside quotes do not split. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(header.substring(start, i));
                start = i + 1;
            }
        }
        out.add(header.substring(start));
        return out;
    }

    /** The package names of one clause: the leading ';'-separated parts without '=' or ':='. */
    static List<String> packages(String clause) {
        List<String> out = new ArrayList<>();
        for (String part : clause.split(";")) {
            String p = part.strip();
            if (p.isEmpty() || p.contains("=")) {
                break;
            }
            out.add(p);
        }
        return out;
    }
}
