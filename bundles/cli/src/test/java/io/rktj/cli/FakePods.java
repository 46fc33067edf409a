package io.rktj.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rktj.api.RktException;
import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PrepareRequest;

/**
 * A pod lifecycle held in memory: the core bundle cannot run inside this unit test, and the
 * commands only need its contract. It records what the commands asked for.
 */
final class FakePods implements PodLifecycle {
    final List<PodInfo> pods = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    PrepareRequest lastRequest;
    GcOptions lastGc;
    UUID nextUuid = UUID.fromString("5bc080ca-9e03-480d-b705-5928af396cc5");
    int exitStatus;
    RuntimeException failure;
    List<String> networkProblems = List.of();

    @Override
    public UUID prepare(PrepareRequest request) {
        failIfAsked();
        lastRequest = request;
        calls.add("prepare");
        return nextUuid;
    }

    @Override
    public int run(PrepareRequest request, UUIDSink uuidSink) {
        lastRequest = request;
        calls.add("run");
        uuidSink.accept(nextUuid);
        failIfAsked();
        return exitStatus;
    }

    @Override
    public int runPrepared(UUID uuid) {
        calls.add("run-prepared " + uuid);
        return exitStatus;
    }

    @Override
    public List<PodInfo> list() {
        return List.copyOf(pods);
    }

    @Override
    public PodInfo status(UUID uuid) {
        return pods.stream().filter(p -> p.uuid().equals(uuid)).findFirst()
                .orElseThrow(() -> new RktException("no pod " + uuid));
    }

    @Override
    public List<String> checkNetwork(UUID uuid) {
        calls.add("check-network " + uuid);
        return networkProblems;
    }

    @Override
    public PodInfo waitExited(UUID uuid, Duration timeout) {
        calls.add("wait " + timeout);
        return status(uuid);
    }

    @Override
    public void stop(UUID uuid, boolean force) {
        calls.add("stop " + uuid + (force ? " force" : ""));
    }

    @Override
    public void rm(UUID uuid) {
        failIfAsked();
        calls.add("rm " + uuid);
    }

    @Override
    public void gc(GcOptions options, PrintStream out, PrintStream err) {
        lastGc = options;
        err.println("Moving pod \"x\" to garbage");
    }

    @Override
    public int enter(UUID uuid, String app, List<String> command) {
        calls.add("enter " + uuid + " " + app + " " + command);
        return exitStatus;
    }

    @Override
    public byte[] catManifest(UUID uuid) {
        return "{\"acVersion\":\"0.8.11\",\"acKind\":\"PodManifest\",\"apps\":[]}".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public UUID resolve(String uuidOrPrefix) {
        List<UUID> known = new ArrayList<>(pods.stream().map(PodInfo::uuid).toList());
        known.add(nextUuid);
        List<UUID> matches = known.stream().distinct().filter(u -> u.toString().startsWith(uuidOrPrefix)).toList();
        if (matches.size() != 1) {
            throw new RktException("no unique pod matches \"" + uuidOrPrefix + "\"");
        }
        return matches.get(0);
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
