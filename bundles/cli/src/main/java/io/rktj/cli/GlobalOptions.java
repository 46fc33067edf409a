package io.rktj.cli;

import io.rktj.cli.args.InsecureOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * rkt's global flags. Declared once on the root command with INHERIT scope so they are
 * accepted before or after any subcommand and always land in this one object. The launcher
 * has already turned --dir, --local-config, --system-config and --debug into framework
 * properties for the services; here they are parsed again for the CLI's own use.
 */
public final class GlobalOptions {
    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "rkt data directory (default: /var/lib/rkt)")
    String dir = "/var/lib/rkt";

    @Option(names = "--local-config", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "local configuration directory (default: /etc/rkt)")
    String localConfig = "/etc/rkt";

    @Option(names = "--system-config", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "system configuration directory (default: /usr/lib/rkt)")
    String systemConfig = "/usr/lib/rkt";

    @Option(names = "--user-config", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "user configuration directory")
    String userConfig;

    @Option(names = "--insecure-options", paramLabel = "OPTIONS", scope = ScopeType.INHERIT,
            converter = InsecureOptions.Converter.class,
            description = "comma-separated list of security features to disable. Allowed values: "
                    + "none, image, tls, ondisk, http, pubkey, capabilities, paths, seccomp, all-fetch, all-run, all")
    InsecureOptions insecureOptions = InsecureOptions.NONE;

    @Option(names = "--debug", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", scope = ScopeType.INHERIT,
            description = "print out more debug information to stderr")
    boolean debug;

    @Option(names = "--trust-keys-from-https", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", scope = ScopeType.INHERIT,
            description = "automatically trust gpg keys fetched from https")
    boolean trustKeysFromHttps;

    public String dir() {
        return dir;
    }

    public String localConfig() {
        return localConfig;
    }

    public String systemConfig() {
        return systemConfig;
    }

    public InsecureOptions insecureOptions() {
        return insecureOptions;
    }

    public boolean debug() {
        return debug;
    }

    public boolean trustKeysFromHttps() {
        return trustKeysFromHttps;
    }
}
