package io.rktj.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PodState;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.RuntimeApp;

/**
 * The pod lifecycle on disk (rkt's stage0), free of OSGi so that it can be tested alone. Every
 * state change is a rename of the pod's directory made while holding that pod's lock, so any
 * number of rkt processes can work on the same data directory at once.
 */
final class Stage0 implements PodLifecycle {
    private static final Set<PodState> FINISHED = Set.of(PodState.EXITED, PodState.EXITED_GARBAGE, PodState.GARBAGE,
            PodState.ABORTED_PREPARE, PodState.DELETING);
    private static final long WAIT_POLL_MS = 100;
    private static final int READ_ATTEMPTS = 3;
    static final Duration STOP_NETWORK_WAIT = Duration.ofSeconds(30);

    /** list's order: oldest first, pods without a creation time last, then by UUID. */
    private static final class OldestFirst implements Comparator<PodInfo> {
        @Override
        public int compare(PodInfo a, PodInfo b) {
            Instant x = a.createdAt();
            Instant y = b.createdAt();
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1;
                }
            } else {
                int byTime = x.compareTo(y);
                if (byTime != 0) {
                    return byTime;
                }
            }
            return a.uuid().toString().compareTo(b.uuid().toString());
        }
    }

    private static final Comparator<PodInfo> OLDEST_FIRST = new OldestFirst();

    private final DataDir data;
    private final Supplier<ImageStore> store;
    private final Supplier<List<ImageFetcher>> fetchers;
    private final Flavors flavors;
    private final PodNet net;
    private final IntSupplier euid;
    private final PodReader reader = new PodReader();

    Stage0(DataDir data, Supplier<ImageStore> store, Supplier<List<ImageFetcher>> fetchers, Flavors flavors, IntSupplier euid) {
        this(data, store, fetchers, flavors, new Networks(), euid);
    }

    Stage0(DataDir data, Supplier<ImageStore> store, Supplier<List<ImageFetcher>> fetchers, Flavors flavors,
            Networks networks, IntSupplier euid) {
        this.data = data;
        this.store = store;
        this.fetchers = fetchers;
        this.flavors = flavors;
        this.net = new PodNet(networks);
        this.euid = euid;
    }

    @Override
    public UUID prepare(PrepareRequest request) {
        requireRoot();
        PodPreparer preparer = preparer(store.get());
        return preparer.finish(preparer.prepare(request, null, true)).uuid();
    }

    @Override
    public int run(PrepareRequest request, UUIDSink uuidSink) {
        requireRoot();
        ImageStore s = store.get();
        // Not synced into prepare/: the move to run/ below is, and a crash before it leaves the pod
        // for gc either way.
        PodPreparer.Preparing p = preparer(s).prepare(request, uuidSink, false);
        PodHandle running;
        try {
            // Straight from prepare/ to run/ under the lock taken at creation, as rkt does for a pod
            // it created: no other process can catch it in prepared/ and run it too.
            running = data.move(p.pod(), StateDir.RUN, true);
        } catch (NoSuchFileException | RuntimeException e) {
            PodPreparer.discard(p);
            throw e instanceof RktException r ? r : RktException.wrap("run pod " + p.pod().uuid(), e);
        }
        return launcher(s).launch(running, p.lock());
    }

    @Override
    public int runPrepared(UUID uuid) {
        requireRoot();
        PodHandle h = require(uuid);
        if (h.state() != PodState.PREPARED) {
            throw new RktException("pod \"" + uuid + "\" is not prepared (it is " + h.state().label() + ")");
        }
        Optional<PodLock> opened = PodLock.openIfExists(h.path());
        if (opened.isEmpty()) {
            throw new RktException("pod \"" + uuid + "\" is no longer prepared");
        }
        PodLock lock = opened.get();
        PodHandle running;
        try {
            if (!lock.exclusiveSoon()) {
                throw new RktException("pod \"" + uuid + "\" is in use by another process");
            }
            running = data.move(h, StateDir.RUN, true);
        } catch (NoSuchFileException e) {
            lock.close();
            throw new RktException("pod \"" + uuid + "\" is no longer prepared");
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return launcher(store.get()).launch(running, lock);
    }

    @Override
    public List<PodInfo> list() {
        List<PodInfo> pods = new ArrayList<>();
        for (UUID uuid : data.listAll()) {
            Optional<PodInfo> info = read(uuid);
            if (info.isPresent()) {
                pods.add(info.get());
            }
        }
        pods.sort(OLDEST_FIRST);
        return pods;
    }

    @Override
    public PodInfo status(UUID uuid) {
        Optional<PodInfo> info = read(uuid);
        if (info.isEmpty()) {
            throw notFound(uuid);
        }
        return info.get();
    }

    /**
     * Only once the flavor has started the pod (it writes pid or ppid after the core made the
     * network), so no CHECK runs while ADD still does. The pod keeps its lock while it runs, so the
     * check runs without it; if the pod stopped meanwhile, its network may be on its way down and
     * what the check found is no longer news.
     */
    @Override
    public List<String> checkNetwork(UUID uuid) {
        requireRoot();
        Optional<PodHandle> h = data.find(uuid);
        if (h.isEmpty() || h.get().state() != PodState.RUNNING || !started(h.get()) || !PodNet.hasNetwork(h.get().layout())) {
            return List.of();
        }
        List<String> problems;
        try {
            problems = net.check(contexts(store.get()).loadWithoutTrees(h.get()));
        } catch (RktException e) {
            problems = List.of(e.getMessage());
        }
        if (problems.isEmpty()) {
            return problems;
        }
        Optional<PodHandle> again = data.find(uuid);
        return again.isPresent() && again.get().state() == PodState.RUNNING ? problems : List.of();
    }

    private static boolean started(PodHandle h) {
        return Files.exists(h.layout().pid()) || Files.exists(h.layout().ppid());
    }

    @Override
    public PodInfo waitExited(UUID uuid, Duration timeout) {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        while (true) {
            PodHandle h = require(uuid);
            if (FINISHED.contains(h.state())) {
                return status(uuid);
            }
            if (deadline == null && h.state() == PodState.RUNNING) {
                // rkt polls; a blocking shared lock returns the moment the supervisor lets go.
                Optional<PodLock> lock = PodLock.openIfExists(h.path());
                if (lock.isPresent()) {
                    try (PodLock l = lock.get()) {
                        l.waitShared();
                    }
                }
                continue;
            }
            if (deadline != null && !Instant.now().isBefore(deadline)) {
                return status(uuid);
            }
            try {
                Thread.sleep(WAIT_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RktException("wait for pod \"" + uuid + "\": interrupted");
            }
        }
    }

    @Override
    public void stop(UUID uuid, boolean force) {
        requireRoot();
        PodHandle h = requireRunning(uuid);
        flavorOf(h).stop(contexts(store.get()).load(h, -1, false), force);
        if (PodNet.hasNetwork(h.layout())) {
            releaseNetwork(uuid);
        }
    }

    /**
     * After stop: once the pod has ended (its supervisor lets go of the lock), its network is taken
     * down at once rather than at gc, so its addresses and host ports are free again. A pod that
     * takes longer than {@link #STOP_NETWORK_WAIT} keeps its network until gc.
     */
    private void releaseNetwork(UUID uuid) {
        Instant deadline = Instant.now().plus(STOP_NETWORK_WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<PodHandle> h = data.find(uuid);
            if (h.isEmpty() || h.get().dir() != StateDir.RUN) {
                return;
            }
            Optional<PodLock> lock = PodLock.openIfExists(h.get().path());
            if (lock.isEmpty()) {
                return;
            }
            try (PodLock l = lock.get()) {
                if (l.tryExclusive()) {
                    Optional<PodHandle> again = data.find(uuid);
                    if (again.isPresent() && again.get().dir() == StateDir.RUN && Files.isDirectory(again.get().path())
                            && PodNet.hasNetwork(again.get().layout())) {
                        net.tearDown(contexts(store.get()).load(again.get(), -1, false));
                    }
                    return;
                }
            }
            try {
                Thread.sleep(WAIT_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void rm(UUID uuid) {
        requireRoot();
        PodHandle h = require(uuid);
        switch (h.state()) {
            case RUNNING -> throw new RktException("pod \"" + uuid + "\" is currently running");
            case EMBRYO, PREPARING -> throw new RktException("pod \"" + uuid + "\" is currently being prepared");
            case DELETING -> throw new RktException("pod \"" + uuid + "\" is currently being deleted");
            default -> {
            }
        }
        Optional<PodLock> opened = PodLock.openIfExists(h.path());
        if (opened.isEmpty()) {
            throw movedMeanwhile(uuid);
        }
        try (PodLock lock = opened.get()) {
            if (!lock.exclusiveSoon()) {
                throw new RktException("pod \"" + uuid + "\" is in use by another process");
            }
            if (!Files.isDirectory(h.path())) {
                throw movedMeanwhile(uuid);
            }
            remover(store.get()).remove(toGarbage(h));
        }
    }

    /** rm goes through the garbage directories like gc, so an interrupted rm is finished by gc. */
    private PodHandle toGarbage(PodHandle h) {
        try {
            return switch (h.dir()) {
                case PREPARE, PREPARED -> data.move(h, StateDir.GARBAGE, true);
                case RUN -> {
                    PodHandle moved = data.move(h, StateDir.EXITED_GARBAGE, true);
                    Files.writeString(moved.layout().gcMarker(), Instant.now() + "\n", StandardCharsets.UTF_8);
                    yield moved;
                }
                default -> h;
            };
        } catch (IOException e) {
            throw RktException.wrap("remove pod " + h.uuid(), e);
        }
    }

    @Override
    public void gc(GcOptions options, PrintStream out, PrintStream err) {
        requireRoot();
        data.init();
        new GarbageCollector(data, remover(store.get())).run(options, out, err);
    }

    @Override
    public int enter(UUID uuid, String app, List<String> command) {
        requireRoot();
        PodHandle h = requireRunning(uuid);
        PodContext ctx = contexts(store.get()).load(h, -1, false);
        List<String> apps = new ArrayList<>();
        for (RuntimeApp a : ctx.manifest().apps()) {
            apps.add(a.name());
        }
        String target = app;
        if (target == null) {
            if (apps.size() != 1) {
                throw new RktException("pod \"" + uuid + "\" has several apps, choose one with --app (" + String.join(", ", apps) + ")");
            }
            target = apps.get(0);
        } else if (!apps.contains(target)) {
            throw new RktException("pod \"" + uuid + "\" has no app \"" + target + "\" (apps: " + String.join(", ", apps) + ")");
        }
        return flavorOf(h).enter(ctx, target, command);
    }

    @Override
    public byte[] catManifest(UUID uuid) {
        PodHandle h = require(uuid);
        Optional<byte[]> manifest = PodFiles.bytes(h.layout().manifest());
        if (manifest.isEmpty()) {
            throw new RktException("pod \"" + uuid + "\" has no manifest (it is " + h.state().label() + ")");
        }
        return manifest.get();
    }

    @Override
    public UUID resolve(String uuidOrPrefix) {
        if (uuidOrPrefix == null || uuidOrPrefix.isBlank()) {
            throw new RktException("no pod UUID given");
        }
        String prefix = uuidOrPrefix.trim().toLowerCase(Locale.ROOT);
        List<UUID> matches = new ArrayList<>();
        for (UUID u : data.listAll()) {
            if (u.toString().startsWith(prefix)) {
                matches.add(u);
            }
        }
        if (matches.isEmpty()) {
            throw new RktException("no pod matches \"" + uuidOrPrefix + "\"");
        }
        if (matches.size() > 1) {
            throw new RktException("ambiguous pod UUID \"" + uuidOrPrefix + "\": " + matches.size() + " pods match ("
                    + join(matches) + ")");
        }
        return matches.get(0);
    }

    /** Reads a pod, again if it moved meanwhile, so list and status never show a half-read pod. */
    private Optional<PodInfo> read(UUID uuid) {
        for (int i = 0; i < READ_ATTEMPTS; i++) {
            Optional<PodHandle> h = data.find(uuid);
            if (h.isEmpty()) {
                return Optional.empty();
            }
            PodInfo info = reader.read(h.get());
            if (Files.isDirectory(h.get().path())) {
                return Optional.of(info);
            }
        }
        Optional<PodHandle> h = data.find(uuid);
        return h.isPresent() ? Optional.ofNullable(reader.read(h.get())) : Optional.empty();
    }

    private PodHandle require(UUID uuid) {
        Optional<PodHandle> h = data.find(uuid);
        if (h.isEmpty()) {
            throw notFound(uuid);
        }
        return h.get();
    }

    private PodHandle requireRunning(UUID uuid) {
        PodHandle h = require(uuid);
        if (h.state() != PodState.RUNNING) {
            throw new RktException("pod " + uuid + " is not running");
        }
        return h;
    }

    private Stage1Flavor flavorOf(PodHandle h) {
        FlavorRecord record = FlavorRecord.read(h.layout().stage1Record());
        Optional<Flavors.Entry> entry = flavors.forRecord(record);
        if (entry.isEmpty()) {
            throw new RktException("pod " + h.uuid() + ": no stage1 flavor " + record.name()
                    + " speaking interface " + record.interfaceVersion() + " (available: " + flavors.available() + ")");
        }
        return entry.get().flavor();
    }

    private void requireRoot() {
        if (euid.getAsInt() != 0) {
            throw new RktException("this command must be run as root");
        }
    }

    private static String join(List<UUID> uuids) {
        StringBuilder out = new StringBuilder();
        for (UUID u : uuids) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(u);
        }
        return out.toString();
    }

    private static RktException notFound(UUID uuid) {
        return new RktException("pod \"" + uuid + "\" not found");
    }

    private static RktException movedMeanwhile(UUID uuid) {
        return new RktException("pod \"" + uuid + "\" changed state meanwhile, try again");
    }

    private PodPreparer preparer(ImageStore s) {
        return new PodPreparer(data, s, new ImageResolver(s, fetchers.get()), flavors);
    }

    private PodContexts contexts(ImageStore s) {
        return new PodContexts(s);
    }

    private PodLauncher launcher(ImageStore s) {
        return new PodLauncher(s, flavors, contexts(s), net);
    }

    private PodRemover remover(ImageStore s) {
        return new PodRemover(flavors, contexts(s), net);
    }
}
