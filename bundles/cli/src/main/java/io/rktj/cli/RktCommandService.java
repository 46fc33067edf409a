package io.rktj.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;

import io.rktj.api.RktException;

import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.TrustedKeys;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.Stage1Flavor;

/**
 * The {@code rkt} command as a service: the launcher looks it up by {@code rkt.command=rkt},
 * calls {@link #apply} with the command line and exits with the result. The type is a plain
 * java.util.function.Function so that the launcher needs no class of ours.
 *
 * <p>The command is registered before the bundles it drives have started, so that parsing the
 * command line overlaps with their start on another core. Services are looked up when a command
 * first needs them; when the launcher says so (framework property {@value #READY_PROPERTY}), that
 * lookup first waits for the launcher's marker service {@value #READY_FILTER}, registered once
 * every bundle has been started, so that no fetcher or flavor is missed.
 */
@Component(service = Function.class, property = "rkt.command=rkt")
public final class RktCommandService implements Function<String[], Integer> {
    static final String READY_PROPERTY = "rkt.launcher.ready";
    static final String READY_FILTER = "(rkt.launcher=ready)";

    private final ServiceTracker<PodLifecycle, PodLifecycle> lifecycle;
    private final ServiceTracker<ImageStore, ImageStore> store;
    private final ServiceTracker<TrustedKeys, TrustedKeys> trustedKeys;
    private final ServiceTracker<Object, Object> ready;
    private final long timeoutMillis;
    private final String version;
    private final Map<ImageFetcher, Map<String, Object>> fetchers = new ConcurrentHashMap<>();
    private final Map<Stage1Flavor, Map<String, Object>> flavors = new ConcurrentHashMap<>();

    @Activate
    public RktCommandService(BundleContext context) throws InvalidSyntaxException {
        this.lifecycle = new ServiceTracker<>(context, PodLifecycle.class, null);
        this.store = new ServiceTracker<>(context, ImageStore.class, null);
        this.trustedKeys = new ServiceTracker<>(context, TrustedKeys.class, null);
        this.ready = context.getProperty(READY_PROPERTY) == null ? null
                : new ServiceTracker<>(context, context.createFilter(READY_FILTER), null);
        this.timeoutMillis = Long.getLong("rkt.launcher.timeout", 10_000);
        this.version = displayVersion(context.getBundle().getVersion());
        lifecycle.open();
        store.open();
        trustedKeys.open();
        if (ready != null) {
            ready.open();
        }
    }

    @Deactivate
    void deactivate() {
        lifecycle.close();
        store.close();
        trustedKeys.close();
        if (ready != null) {
            ready.close();
        }
    }

    /** The service, once every bundle has started; a missing one is the runtime's error. */
    private <T> T await(ServiceTracker<T, T> tracker, String what) {
        try {
            if (ready != null && ready.waitForService(timeoutMillis) == null) {
                throw new RktException("the launcher did not finish starting the bundles within " + timeoutMillis + " ms");
            }
            T service = tracker.waitForService(timeoutMillis);
            if (service == null) {
                throw new RktException("no " + what + " service: is its bundle installed and started?");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("interrupted while waiting for the " + what + " service");
        }
    }

    private void awaitReady() {
        try {
            if (ready != null) {
                ready.waitForService(timeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFetcher(ImageFetcher fetcher, Map<String, Object> properties) {
        fetchers.put(fetcher, properties);
    }

    void removeFetcher(ImageFetcher fetcher) {
        fetchers.remove(fetcher);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFlavor(Stage1Flavor flavor, Map<String, Object> properties) {
        flavors.put(flavor, properties);
    }

    void removeFlavor(Stage1Flavor flavor) {
        flavors.remove(flavor);
    }

    @Override
    public Integer apply(String[] args) {
        return execute(args, System.out, System.err, System::getenv, Superuser::effectiveUid);
    }

    /** Runs one command line with the given streams, environment and caller (the daemon's clients). */
    int execute(String[] args, PrintStream out, PrintStream err, Supplier<Map<String, String>> environment,
            IntSupplier effectiveUid) {
        CliContext ctx = new CliContext(() -> await(lifecycle, "pod lifecycle"), () -> await(store, "image store"),
                () -> {
                    awaitReady();
                    return fetchersByRanking();
                },
                () -> {
                    awaitReady();
                    return flavorInfos();
                },
                out, err, new SystemClock(), environment, effectiveUid, version,
                () -> await(trustedKeys, "trusted keys"));
        return new Rkt(ctx).execute(args);
    }

    /** Highest service.ranking first; among equals, the earlier registered (lower service.id). */
    private List<ImageFetcher> fetchersByRanking() {
        return fetchers.entrySet().stream()
                .sorted(Comparator.<Map.Entry<ImageFetcher, Map<String, Object>>>comparingInt(e -> -ranking(e.getValue()))
                        .thenComparingLong(e -> serviceId(e.getValue())))
                .map(Map.Entry::getKey)
                .toList();
    }

    private List<CliContext.FlavorInfo> flavorInfos() {
        return flavors.values().stream()
                .map(p -> new CliContext.FlavorInfo(String.valueOf(p.get(Stage1Flavor.FLAVOR_PROPERTY)),
                        String.valueOf(p.get(Stage1Flavor.VERSION_PROPERTY))))
                .sorted(Comparator.comparing(CliContext.FlavorInfo::name))
                .toList();
    }

    private static int ranking(Map<String, Object> p) {
        return p.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> p) {
        return p.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }

    private static String displayVersion(Version v) {
        String base = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        return v.getQualifier().isEmpty() ? base : base + "-" + v.getQualifier();
    }
}
