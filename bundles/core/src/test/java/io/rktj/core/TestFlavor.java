package io.rktj.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.Stage1Flavor;

/**
 * A stand-in for a flavor bundle's service: it records what core asks of it, and its run does
 * what the test says (return a status, throw) instead of starting a supervisor.
 */
final class TestFlavor implements Stage1Flavor {
    private final String name;
    private final String version;
    volatile ToIntFunction<PodContext> onRun = ctx -> 0;
    volatile Consumer<PodContext> onGc = ctx -> { };
    final List<PodContext> runs = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    TestFlavor(String name, String version) {
        this.name = name;
        this.version = version;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int run(PodContext pod) {
        runs.add(pod);
        calls.add("run " + pod.uuid());
        return onRun.applyAsInt(pod);
    }

    @Override
    public void stop(PodContext pod, boolean force) {
        calls.add("stop " + pod.uuid() + " " + force);
    }

    @Override
    public int enter(PodContext pod, String app, List<String> command) {
        calls.add("enter " + pod.uuid() + " " + app + " " + String.join(" ", command));
        return 7;
    }

    @Override
    public void gc(PodContext pod) {
        calls.add("gc " + pod.uuid());
        onGc.accept(pod);
    }
}
