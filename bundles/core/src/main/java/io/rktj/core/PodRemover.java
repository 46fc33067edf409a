package io.rktj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodContext;
import io.rktj.sys.MountTable;
import io.rktj.sys.NativeException;

/**
 * Removes a pod the caller holds the exclusive lock of: the flavor's gc for a pod that ran, then
 * any mount left under the directory (made private first, so no unmount reaches the host), then the
 * files. A failing flavor gc keeps the pod for the next gc (the flavor's gc is idempotent); a pod
 * whose flavor is gone is removed without it, as rkt did ("skipping stage1 GC").
 */
final class PodRemover {
    private final Flavors flavors;
    private final PodContexts contexts;

    private final PodNet net;

    PodRemover(Flavors flavors, PodContexts contexts, PodNet net) {
        this.flavors = flavors;
        this.contexts = contexts;
        this.net = net;
    }

    /** Returns notes for the user about steps that were skipped. */
    List<String> remove(PodHandle h) {
        List<String> notes = new ArrayList<>();
        if (h.dir() == StateDir.RUN || h.dir() == StateDir.EXITED_GARBAGE) {
            flavorGc(h, notes);
            networkTeardown(h);
        }
        try {
            MountTable.unmountAll(h.path());
        } catch (NativeException e) {
            throw RktException.wrap("pod " + h.uuid() + ": unmount", e);
        }
        TreeDeleter.delete(h.path());
        return notes;
    }

    /**
     * The pod's network goes after its processes (the flavor's gc), before its files: a failure
     * keeps the pod, and its records, for the next gc to finish the job.
     */
    private void networkTeardown(PodHandle h) {
        if (!PodNet.hasNetwork(h.layout())) {
            return;
        }
        PodContext ctx;
        try {
            ctx = contexts.load(h, -1, false);
        } catch (RktException e) {
            // a damaged pod still has its network records: the plugin needs only the directory
            ctx = new PodContext(h.uuid(), h.layout(), null, java.util.Map.of(), java.util.Map.of(), null, -1,
                    PodNet.load(h.layout()));
        }
        try {
            net.tearDown(ctx);
        } catch (RuntimeException e) {
            throw RktException.wrap("pod " + h.uuid() + ": network teardown", e);
        }
    }

    private void flavorGc(PodHandle h, List<String> notes) {
        Optional<String> text = PodFiles.text(h.layout().stage1Record());
        if (text.isEmpty()) {
            notes.add("pod \"" + h.uuid() + "\": no stage1 record, stage1 gc skipped");
            return;
        }
        FlavorRecord record = FlavorRecord.parse(text.get());
        Optional<Flavors.Entry> flavor = flavors.forRecord(record);
        if (flavor.isEmpty()) {
            notes.add("pod \"" + h.uuid() + "\": no stage1 flavor " + record.name() + " speaking interface "
                    + record.interfaceVersion() + " is installed, stage1 gc skipped");
            return;
        }
        PodContext ctx;
        try {
            ctx = contexts.load(h, -1, false);
        } catch (RktException e) {
            notes.add(e.getMessage() + ", stage1 gc skipped");
            return;
        }
        try {
            flavor.get().flavor().gc(ctx);
        } catch (RuntimeException e) {
            throw RktException.wrap("pod " + h.uuid() + ": stage1 gc", e);
        }
    }
}
