package io.rktj.itests.osgi;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** Waiting for services inside the framework: DS may activate components after the bundles start. */
final class Services {
    static final long TIMEOUT_SECONDS = 30;

    private Services() {
    }

    /** The best service of a type matching an LDAP filter (null = any), or an AssertionError after the timeout. */
    static <T> ServiceReference<T> await(BundleContext context, Class<T> type, String filter) {
        String full = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            full = "(&" + full + filter + ")";
        }
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(full), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        tracker.open(true);
        try {
            if (tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)) == null) {
                throw new AssertionError("no service " + full + " after " + TIMEOUT_SECONDS + "s");
            }
            return tracker.getServiceReference();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            tracker.close();
        }
    }

    static <T> T get(BundleContext context, Class<T> type, String filter) {
        return context.getService(await(context, type, filter));
    }

    /** A service property as a list of strings, whether it was registered as one string, an array or a collection. */
    static List<String> values(ServiceReference<?> ref, String property) {
        Object v = ref.getProperty(property);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return Arrays.stream(s.split(",")).map(String::strip).toList();
        }
        if (v instanceof Object[] a) {
            return Arrays.stream(a).map(String::valueOf).toList();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }
}
