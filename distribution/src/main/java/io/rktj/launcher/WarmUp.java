package io.rktj.launcher;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;

/**
 * Initialises, on a thread of its own, the classes that bundles name in their {@value #HEADER}
 * manifest header: classes whose static set-up is long (JNA binding libc, say) and that most
 * commands need. It starts as soon as the bundles are resolved and overlaps with the starts of
 * SCR and the bundles and with the command's parsing, which leave the second core mostly idle.
 * The JVM initialises a class once: a command that reaches one first waits for that set-up
 * instead of doing it again. A class that cannot be set up here fails again, with its own error,
 * where the command uses it; so a bundle names only classes whose set-up has no side effect.
 */
final class WarmUp {
    static final String HEADER = "Rkt-Warm-Up";

    private WarmUp() {
    }

    /** Starts the thread, when any of {@code bundles} names classes; returns it (null otherwise). */
    static Thread start(List<Bundle> bundles) {
        if ("off".equals(System.getProperty("rkt.launcher.warm-up"))) {
            return null;
        }
        List<String[]> work = new ArrayList<>();
        List<Bundle> owners = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String header = bundle.getHeaders("").get(HEADER);
            if (header != null && !header.isBlank()) {
                work.add(header.split(","));
                owners.add(bundle);
            }
        }
        if (work.isEmpty()) {
            return null;
        }
        Thread thread = new Thread(() -> {
            for (int i = 0; i < work.size(); i++) {
                for (String name : work.get(i)) {
                    initialise(owners.get(i), name.strip());
                }
            }
        }, "rkt-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void initialise(Bundle bundle, String name) {
        try {
            Class<?> type = bundle.loadClass(name);
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // the command meets the same failure where it uses the class, and reports it there
        }
    }
}
