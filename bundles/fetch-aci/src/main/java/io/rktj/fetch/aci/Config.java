package io.rktj.fetch.aci;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** The framework properties the launcher makes of --dir, --system-config and --local-config. */
final class Config {
    private Config() {
    }

    static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    static Path systemConfig(BundleContext context) {
        return Path.of(property(context, "rkt.system-config", "/usr/lib/rkt"));
    }

    static Path localConfig(BundleContext context) {
        return Path.of(property(context, "rkt.local-config", "/etc/rkt"));
    }
}
