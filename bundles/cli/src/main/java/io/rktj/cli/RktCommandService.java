package io.rktj.cli;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.Stage1Flavor;

/**
 * The {@code rkt} command as a service: the launcher looks it up by {@code rkt.command=rkt},
 * calls {@link #apply} with the command line and exits with the result. The type is a plain
 * java.util.function.Function so that the launcher needs no class of ours.
 */
@Component(service = Function.class, property = "rkt.command=rkt")
public final class RktCommandService implements Function<String[], Integer> {
    private final PodLifecycle lifecycle;
    private final ImageStore store;
    private final String version;
    private final Map<ImageFetcher, Map<String, Object>> fetchers = new ConcurrentHashMap<>();
    private final Map<Stage1Flavor, Map<String, Object>> flavors = new ConcurrentHashMap<>();

    @Activate
    public RktCommandService(@Reference(name = "lifecycle") PodLifecycle lifecycle,
            @Reference(name = "store") ImageStore store, BundleContext context) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.version = displayVersion(context.getBundle().getVersion());
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
        CliContext ctx = new CliContext(lifecycle, store, this::fetchersByRanking, this::flavorInfos,
                System.out, System.err, Clock.systemDefaultZone(), System::getenv, Superuser::effectiveUid, version);
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
