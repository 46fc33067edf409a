package io.rktj.cli;

import java.io.PrintStream;
import java.util.ArrayList;
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
    private CommandLines commandLines;

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
        synchronized (this) {
            if (commandLines != null) {
                commandLines.close();
            }
        }
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
        return execute(args, System.out, System.err, new SystemEnvironment(), new ProcessUid());
    }

    /** Runs one command line with the given streams, environment and caller (the daemon's clients). */
    int execute(String[] args, PrintStream out, PrintStream err, Supplier<Map<String, String>> environment,
            IntSupplier effectiveUid) {
        CliContext ctx = new CliContext(new ServiceLookup<>(this, lifecycle, "pod lifecycle"),
                new ServiceLookup<>(this, store, "image store"), new Fetchers(this), new Flavors(this),
                out, err, new SystemClock(), environment, effectiveUid, version,
                new ServiceLookup<>(this, trustedKeys, "trusted keys"));
        return new Rkt(ctx).execute(commandLines(), args);
    }

    /** The daemon's command lines built ahead; made when the first command comes through {@link #execute}. */
    private synchronized CommandLines commandLines() {
        if (commandLines == null) {
            commandLines = new CommandLines();
        }
        return commandLines;
    }

    /** Highest service.ranking first; among equals, the earlier registered (lower service.id). */
    private List<ImageFetcher> fetchersByRanking() {
        List<Map.Entry<ImageFetcher, Map<String, Object>>> entries = new ArrayList<>(fetchers.entrySet());
        entries.sort(new ByRanking());
        List<ImageFetcher> sorted = new ArrayList<>(entries.size());
        for (Map.Entry<ImageFetcher, Map<String, Object>> e : entries) {
            sorted.add(e.getKey());
        }
        return List.copyOf(sorted);
    }

    private List<CliContext.FlavorInfo> flavorInfos() {
        List<CliContext.FlavorInfo> infos = new ArrayList<>();
        for (Map<String, Object> p : flavors.values()) {
            infos.add(new CliContext.FlavorInfo(String.valueOf(p.get(Stage1Flavor.FLAVOR_PROPERTY)),
                    String.valueOf(p.get(Stage1Flavor.VERSION_PROPERTY))));
        }
        infos.sort(new ByName());
        return List.copyOf(infos);
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

    /** This process's environment. */
    private static final class SystemEnvironment implements Supplier<Map<String, String>> {
        @Override
        public Map<String, String> get() {
            return System.getenv();
        }
    }

    /** This process's effective uid. */
    private static final class ProcessUid implements IntSupplier {
        @Override
        public int getAsInt() {
            return Superuser.effectiveUid();
        }
    }

    /** A service, waited for when a command first needs it. */
    private static final class ServiceLookup<T> implements Supplier<T> {
        private final RktCommandService owner;
        private final ServiceTracker<T, T> tracker;
        private final String what;

        ServiceLookup(RktCommandService owner, ServiceTracker<T, T> tracker, String what) {
            this.owner = owner;
            this.tracker = tracker;
            this.what = what;
        }

        @Override
        public T get() {
            return owner.await(tracker, what);
        }
    }

    /** The image fetchers, once every bundle has started, highest ranking first. */
    private static final class Fetchers implements Supplier<List<ImageFetcher>> {
        private final RktCommandService owner;

        Fetchers(RktCommandService owner) {
            this.owner = owner;
        }

        @Override
        public List<ImageFetcher> get() {
            owner.awaitReady();
            return owner.fetchersByRanking();
        }
    }

    /** The stage1 flavors, once every bundle has started, by name. */
    private static final class Flavors implements Supplier<List<CliContext.FlavorInfo>> {
        private final RktCommandService owner;

        Flavors(RktCommandService owner) {
            this.owner = owner;
        }

        @Override
        public List<CliContext.FlavorInfo> get() {
            owner.awaitReady();
            return owner.flavorInfos();
        }
    }

    /** Highest service.ranking first, then lowest service.id. */
    private static final class ByRanking implements Comparator<Map.Entry<ImageFetcher, Map<String, Object>>> {
        @Override
        public int compare(Map.Entry<ImageFetcher, Map<String, Object>> a,
                Map.Entry<ImageFetcher, Map<String, Object>> b) {
            int byRanking = Integer.compare(-ranking(a.getValue()), -ranking(b.getValue()));
            if (byRanking != 0) {
                return byRanking;
            }
            return Long.compare(serviceId(a.getValue()), serviceId(b.getValue()));
        }
    }

    /** Flavors by name. */
    private static final class ByName implements Comparator<CliContext.FlavorInfo> {
        @Override
        public int compare(CliContext.FlavorInfo a, CliContext.FlavorInfo b) {
            return a.name().compareTo(b.name());
        }
    }
}
