package io.rktj.core;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.Manifests;

/**
 * The pod's {@code runtime-config} JSON. Empty collections are left out when written, so reading
 * puts them back: flavors always get non-null maps and lists.
 */
final class RuntimeConfigFile {
    private RuntimeConfigFile() {
    }

    static byte[] write(RuntimeConfig config) throws IOException {
        return Manifests.mapper().writeValueAsBytes(config);
    }

    static RuntimeConfig read(byte[] json) throws IOException {
        RuntimeConfig c = Manifests.mapper().readValue(json, RuntimeConfig.class);
        return new RuntimeConfig(
                c.setEnv() == null ? Map.of() : c.setEnv(),
                c.inheritEnv() == null ? Map.of() : c.inheritEnv(),
                c.hostname(), c.net(), c.interactive(), c.noOverlay(),
                c.dns() == null ? List.of() : c.dns());
    }
}
