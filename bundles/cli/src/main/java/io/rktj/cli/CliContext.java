package io.rktj.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.TrustedKeys;
import io.rktj.api.pod.PodLifecycle;

/**
 * What the commands work with: the services, the output streams and the host facts that
 * tests replace (clock and zone, environment, effective uid).
 *
 * @param lifecycleService the pod lifecycle, looked up when a command first needs it
 * @param storeService     the image store, looked up when a command first needs it
 * @param fetchers image fetchers, highest service ranking first
 * @param flavors  the stage1 flavors registered now, for config and version
 * @param version  this rkt's version
 * @param trustedKeysService the trusted keys (rkt trust), looked up when a command first needs them
 */
public record CliContext(
        Supplier<PodLifecycle> lifecycleService,
        Supplier<ImageStore> storeService,
        Supplier<List<ImageFetcher>> fetchers,
        Supplier<List<FlavorInfo>> flavors,
        PrintStream out,
        PrintStream err,
        Clock clock,
        Supplier<Map<String, String>> environment,
        IntSupplier effectiveUid,
        String version,
        Supplier<TrustedKeys> trustedKeysService) {

    /** A context without trusted keys: rkt trust says so. */
    public CliContext(Supplier<PodLifecycle> lifecycleService, Supplier<ImageStore> storeService,
            Supplier<List<ImageFetcher>> fetchers, Supplier<List<FlavorInfo>> flavors, PrintStream out, PrintStream err,
            Clock clock, Supplier<Map<String, String>> environment, IntSupplier effectiveUid, String version) {
        this(lifecycleService, storeService, fetchers, flavors, out, err, clock, environment, effectiveUid, version,
                new NoTrustedKeys());
    }

    /** A context whose services are already at hand. */
    public CliContext(PodLifecycle lifecycle, ImageStore store, Supplier<List<ImageFetcher>> fetchers,
            Supplier<List<FlavorInfo>> flavors, PrintStream out, PrintStream err, Clock clock,
            Supplier<Map<String, String>> environment, IntSupplier effectiveUid, String version) {
        this(new AtHand<>(lifecycle), new AtHand<>(store), fetchers, flavors, out, err, clock, environment,
                effectiveUid, version);
    }

    public PodLifecycle lifecycle() {
        return lifecycleService.get();
    }

    public ImageStore store() {
        return storeService.get();
    }

    public TrustedKeys trustedKeys() {
        return trustedKeysService.get();
    }

    /** A registered stage1 flavor as config and version show it. */
    public record FlavorInfo(String name, String version) {
    }

    /** A service already at hand. */
    private static final class AtHand<T> implements Supplier<T> {
        private final T service;

        AtHand(T service) {
            this.service = service;
        }

        @Override
        public T get() {
            return service;
        }
    }

    /** The trusted keys of a context that has none. */
    private static final class NoTrustedKeys implements Supplier<TrustedKeys> {
        @Override
        public TrustedKeys get() {
            throw new RktException("no trusted keys service: is the fetch-aci bundle installed and started?");
        }
    }
}
