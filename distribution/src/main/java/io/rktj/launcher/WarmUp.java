package io.rktj.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;

/**
 * Initialises, on a thread of its own, the classes that bundles name in their {@value #HEADER}
 * manifest header: classes whose static set-up is long (JNA binding libc, say) and that most
 * commands need. It starts as soon as the bundles are resolved and overlaps with the starts of
 * SCR and the bundles and with the command's parsing, which leave the second core mostly idle.
 * Classes with a lower {@code order} come first (the command's parser before the libc binding
 * before the JSON reader). The JVM initialises a class once: a command that reaches one first waits for that set-up
 * instead of doing it again. A class that cannot be set up here fails again, with its own error,
 * where the command uses it; so a bundle names only classes whose set-up has no side effect.
 */
final class WarmUp {
    static final String HEADER = "Rkt-Warm-Up";
    static final int DEFAULT_ORDER = 100;

    private WarmUp() {
    }

    /** One class to set up, from a bundle; lower orders first. */
    record Task(Bundle bundle, String className, int order) {
    }

    /**
     * The tasks of a header: comma-separated class names, each optionally followed by
     * {@code ;order=N} (default 100). A command needs some classes sooner than others.
     */
    static List<Task> tasks(Bundle bundle, String header) {
        List<Task> tasks = new ArrayList<>();
        for (String clause : header.split(",")) {
            String[] parts = clause.split(";");
            String name = parts[0].strip();
            int order = DEFAULT_ORDER;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip();
                if (attribute.startsWith("order=")) {
                    try {
                        order = Integer.parseInt(attribute.substring("order=".length()).strip());
                    } catch (NumberFormatException e) {
                        // the default order
                    }
                }
            }
            if (!name.isEmpty()) {
                tasks.add(new Task(bundle, name, order));
            }
        }
        return tasks;
    }

    /** Starts the thread, when any of {@code bundles} names classes. */
    static void start(List<Bundle> bundles) {
        if ("off".equals(System.getProperty("rkt.launcher.warm-up"))) {
            return;
        }
        List<Task> work = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String header = bundle.getHeaders("").get(HEADER);
            if (header != null && !header.isBlank()) {
                work.addAll(tasks(bundle, header));
            }
        }
        if (work.isEmpty()) {
            return;
        }
        work.sort(Comparator.comparingInt(Task::order));
        Thread thread = new Thread(() -> work.forEach(t -> initialise(t.bundle(), t.className())), "rkt-warm-up");
        thread.setDaemon(true);
        thread.start();
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
