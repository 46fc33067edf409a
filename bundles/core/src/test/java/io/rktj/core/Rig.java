package io.rktj.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rktj.api.image.ImageFetcher;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.Volume;

/** A data directory in a temp folder with a test store and two flavors, and the Stage0 over them. */
final class Rig {
    final DataDir data;
    final TestImageStore store;
    final Flavors flavors = new Flavors();
    final List<ImageFetcher> fetchers = new ArrayList<>();
    final TestFlavor fly = new TestFlavor("fly", "0.1.0");
    final TestFlavor systemd = new TestFlavor("systemd", "0.1.0");
    volatile int euid = 0;
    final Stage0 stage0;

    Rig(Path tmp) {
        data = new DataDir(tmp.resolve("rkt"));
        store = new TestImageStore(tmp.resolve("trees"));
        flavors.add(fly, props("fly", "0.1.0", 1L));
        flavors.add(systemd, props("systemd", "0.1.0", 2L));
        stage0 = new Stage0(data, () -> store, () -> fetchers, flavors, () -> euid);
    }

    static Map<String, Object> props(String name, String version, long serviceId) {
        return Map.of(Stage1Flavor.FLAVOR_PROPERTY, name, Stage1Flavor.VERSION_PROPERTY, version,
                Stage1Flavor.INTERFACE_PROPERTY, 1, "service.id", serviceId);
    }

    static AppRequest app(String image) {
        return new AppRequest(image, null, null, null, null, null, null, null, null);
    }

    static AppRequest named(String image, String name) {
        return new AppRequest(image, name, null, null, null, null, null, null, null);
    }

    static PrepareRequest request(String stage1, AppRequest... apps) {
        return new PrepareRequest(List.of(apps), List.of(), stage1, null, java.util.Set.of());
    }

    static PrepareRequest request(List<Volume> volumes, RuntimeConfig config, AppRequest... apps) {
        return new PrepareRequest(List.of(apps), volumes, "fly", config, java.util.Set.of());
    }

    /** Every pod directory in every state directory: what "nothing left behind" is checked against. */
    List<Path> allPodDirs() {
        List<Path> out = new ArrayList<>();
        for (StateDir s : StateDir.values()) {
            data.list(s).forEach(u -> out.add(data.podPath(s, u)));
        }
        return out;
    }
}
