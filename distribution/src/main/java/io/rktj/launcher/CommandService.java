package io.rktj.launcher;

import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Finds the rkt command: the service of type java.util.function.Function with property
 * rkt.command=rkt that the cli bundle registers. java.* types come from the boot loader, so the
 * launcher and the bundle share the type without a shared interface.
 */
final class CommandService {

    static final String FILTER = "(&(objectClass=java.util.function.Function)(rkt.command=rkt))";

    private CommandService() {
    }

    /** Waits up to {@code timeoutMillis}; the error names the bundles that failed, which is usually why. */
    @SuppressWarnings("unchecked")
    static Function<String[], Integer> await(BundleContext context, long timeoutMillis,
            Map<Bundle, String> failures) throws InterruptedException {
        Filter filter;
        try {
            filter = context.createFilter(FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open();
        Object service = tracker.waitForService(timeoutMillis);
        if (service == null) {
            throw new IllegalStateException("the rkt command service " + FILTER + " did not appear within "
                    + timeoutMillis + " ms" + describe(failures));
        }
        return (Function<String[], Integer>) service;
    }

    /** Registers the marker the command waits for: every bundle has been started. */
    static void markReady(BundleContext context) {
        context.registerService(Object.class, new Object(), new Hashtable<>(Map.of("rkt.launcher", "ready")));
    }

    private static String describe(Map<Bundle, String> failures) {
        if (failures.isEmpty()) {
            return "; every bundle started (is the io.rktj.cli bundle in system/?)";
        }
        return "; bundles not started: " + failures.entrySet().stream()
                .map(e -> e.getKey().getSymbolicName() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
