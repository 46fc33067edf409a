package io.rktj.core;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.sys.Posix;

/**
 * The PodLifecycle service. Flavors, fetchers and the store are dynamic references, so a flavor or
 * store bundle can be updated without restarting this component: each operation takes the
 * services present when it starts.
 */
@Component(service = PodLifecycle.class)
public class PodLifecycleComponent implements PodLifecycle {
    static final String DIR_PROPERTY = "rkt.dir";
    static final String DEFAULT_DIR = "/var/lib/rkt";

    private final Flavors flavors = new Flavors();
    private final Fetchers fetchers = new Fetchers();
    private final Networks networks = new Networks();

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageStore store;

    private Stage0 stage0;

    @Activate
    void activate(BundleContext context) {
        String dir = context.getProperty(DIR_PROPERTY);
        DataDir data = new DataDir(Path.of(dir == null || dir.isEmpty() ? DEFAULT_DIR : dir));
        stage0 = new Stage0(data, new CurrentStore(this), new FetchersInOrder(fetchers), flavors, networks, new Euid());
    }

    /** The store bound now. */
    private static final class CurrentStore implements Supplier<ImageStore> {
        private final PodLifecycleComponent component;

        CurrentStore(PodLifecycleComponent component) {
            this.component = component;
        }

        @Override
        public ImageStore get() {
            return component.store;
        }
    }

    /** The fetchers bound now, in the order they are asked. */
    private static final class FetchersInOrder implements Supplier<List<ImageFetcher>> {
        private final Fetchers fetchers;

        FetchersInOrder(Fetchers fetchers) {
            this.fetchers = fetchers;
        }

        @Override
        public List<ImageFetcher> get() {
            return fetchers.inOrder();
        }
    }

    /** This process's effective uid. */
    private static final class Euid implements IntSupplier {
        @Override
        public int getAsInt() {
            return Posix.geteuid();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeFlavor")
    void addFlavor(Stage1Flavor flavor, Map<String, Object> props) {
        flavors.add(flavor, props);
    }

    void removeFlavor(Stage1Flavor flavor) {
        flavors.remove(flavor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeFetcher")
    void addFetcher(ImageFetcher fetcher, Map<String, Object> props) {
        fetchers.add(fetcher, props);
    }

    void removeFetcher(ImageFetcher fetcher) {
        fetchers.remove(fetcher);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeNetwork")
    void addNetwork(NetworkPlugin plugin, Map<String, Object> props) {
        networks.add(plugin, props);
    }

    void removeNetwork(NetworkPlugin plugin) {
        networks.remove(plugin);
    }

    @Override
    public UUID prepare(PrepareRequest request) {
        return stage0.prepare(request);
    }

    @Override
    public int run(PrepareRequest request, UUIDSink uuidSink) {
        return stage0.run(request, uuidSink);
    }

    @Override
    public int runPrepared(UUID uuid) {
        return stage0.runPrepared(uuid);
    }

    @Override
    public List<PodInfo> list() {
        return stage0.list();
    }

    @Override
    public PodInfo status(UUID uuid) {
        return stage0.status(uuid);
    }

    @Override
    public List<String> checkNetwork(UUID uuid) {
        return stage0.checkNetwork(uuid);
    }

    @Override
    public PodInfo waitExited(UUID uuid, Duration timeout) {
        return stage0.waitExited(uuid, timeout);
    }

    @Override
    public void stop(UUID uuid, boolean force) {
        stage0.stop(uuid, force);
    }

    @Override
    public void rm(UUID uuid) {
        stage0.rm(uuid);
    }

    @Override
    public void gc(GcOptions options, PrintStream out, PrintStream err) {
        stage0.gc(options, out, err);
    }

    @Override
    public int enter(UUID uuid, String app, List<String> command) {
        return stage0.enter(uuid, app, command);
    }

    @Override
    public byte[] catManifest(UUID uuid) {
        return stage0.catManifest(uuid);
    }

    @Override
    public UUID resolve(String uuidOrPrefix) {
        return stage0.resolve(uuidOrPrefix);
    }
}
