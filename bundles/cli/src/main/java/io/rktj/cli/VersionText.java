package io.rktj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.rktj.api.schema.Manifests;
import picocli.CommandLine.IVersionProvider;

/**
 * rkt version's lines, with the Go lines replaced by the Java runtime's and the features
 * listing the flavors and fetch schemes present in this framework.
 */
final class VersionText implements IVersionProvider {
    private final Session session;

    VersionText(Session session) {
        this.session = session;
    }

    @Override
    public String[] getVersion() {
        CliContext ctx = session.ctx();
        List<String> features = new ArrayList<>();
        for (CliContext.FlavorInfo f : ctx.flavors().get()) {
            features.add("+stage1-" + f.name());
        }
        return new String[] {
            "rkt Version: " + ctx.version(),
            "appc Version: " + Manifests.AC_VERSION,
            "Java Version: " + System.getProperty("java.version"),
            "Java OS/Arch: " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"),
            "Features: " + String.join(" ", features),
        };
    }
}
