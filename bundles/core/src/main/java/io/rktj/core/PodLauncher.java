package io.rktj.core;

import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageStore;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.sys.ExecHandoff;
import io.rktj.sys.MountTable;

/**
 * Hands a pod in run/, locked by this process, to the flavor that made it, after giving it its
 * network. A flavor that execs its supervisor never returns here; one that fails gets its gc
 * called, the network is taken down and the pod is removed, so a failed run leaves no mount, no
 * network and no half-run pod behind.
 */
final class PodLauncher {
    private final ImageStore store;
    private final Flavors flavors;
    private final PodContexts contexts;
    private final PodNet net;

    PodLauncher(ImageStore store, Flavors flavors, PodContexts contexts, PodNet net) {
        this.store = store;
        this.flavors = flavors;
        this.contexts = contexts;
        this.net = net;
    }

    int launch(PodHandle pod, PodLock lock) {
        PodContext ctx = null;
        Stage1Flavor flavor = null;
        try {
            FlavorRecord record = FlavorRecord.read(pod.layout().stage1Record());
            Optional<Flavors.Entry> found = flavors.forRecord(record);
            if (found.isEmpty()) {
                throw new RktException("stage1 " + record.name() + " (interface " + record.interfaceVersion()
                        + "): no such flavor (available: " + flavors.available() + ")");
            }
            Flavors.Entry entry = found.get();
            flavor = entry.flavor();
            ctx = contexts.load(pod, lock.fd(), true);
            // Served by the daemon, the images' last use is recorded once the client has the exec:
            // the index write waits for an fsync that the pod's start does not need.
            boolean touchLater = ExecHandoff.active();
            if (!touchLater) {
                touch(ctx);
            }
            ctx = net.setUp(ctx, entry);
            // The flavor may replace this process: what the JVM buffered must be out before that.
            System.out.flush();
            System.err.flush();
            int status;
            try {
                status = flavor.run(ctx);
            } finally {
                if (touchLater) {
                    touchQuietly(ctx);
                }
            }
            lock.close();
            return status;
        } catch (RuntimeException e) {
            RktException failure = e instanceof RktException r ? r : RktException.wrap("run pod " + pod.uuid(), e);
            cleanUp(pod, lock, flavor, ctx, failure);
            throw failure;
        }
    }

    private void touch(PodContext ctx) {
        for (RuntimeApp app : ctx.manifest().apps()) {
            store.touch(app.image().id());
        }
    }

    /** After the pod has started: a last use that cannot be recorded must not end the pod. */
    private void touchQuietly(PodContext ctx) {
        try {
            touch(ctx);
        } catch (RuntimeException e) {
            // the images keep their previous last use
        }
    }

    private void cleanUp(PodHandle pod, PodLock lock, Stage1Flavor flavor, PodContext ctx, RktException failure) {
        try {
            if (ctx != null) {
                PodContext unlocked = ctx.withLockFd(-1);
                if (flavor != null) {
                    try {
                        flavor.gc(unlocked);
                    } catch (RuntimeException e) {
                        failure.addSuppressed(e);
                    }
                }
                try {
                    net.tearDown(unlocked);
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            MountTable.unmountAll(pod.path());
            TreeDeleter.delete(pod.path());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            lock.close();
        }
    }
}
