package io.rktj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.ExposedPort;
import io.rktj.api.schema.Volume;
import io.rktj.cli.args.AppArgs;
import io.rktj.cli.args.NetArgs;
import io.rktj.cli.args.OptionalValue;
import io.rktj.cli.args.VolumeSpec;
import picocli.CommandLine.Option;

/** The pod flags of run and prepare, and the {@link PrepareRequest} they make with the apps. */
final class PodOptions {
    private static final Set<String> PULL_POLICIES = Set.of("never", "new", "update");

    @Option(names = "--stage1-name", paramLabel = "NAME",
            description = "the stage1 flavor: fly, systemd, kvm, or rkt's coreos.com/rkt/stage1-NAME[:VERSION]")
    String stage1;

    @Option(names = "--set-env", paramLabel = "NAME=VALUE",
            description = "an environment variable for all the apps (repeatable); --environment overrides it")
    List<String> setEnv = new ArrayList<>();

    @Option(names = "--inherit-env", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "inherit all environment variables not set by apps")
    boolean inheritEnv;

    @Option(names = "--volume", paramLabel = "NAME,kind=host|empty[,...]",
            description = "a volume to make available in the pod (repeatable): "
                    + "NAME,kind=host,source=PATH[,readOnly=BOOL][,recursive=BOOL] or NAME,kind=empty[,mode=M][,uid=N][,gid=N]")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--hostname", paramLabel = "NAME", description = "the pod's hostname (default: rkt-$PODUUID)")
    String hostname;

    @Option(names = "--interactive", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "run the pod interactively; only one image may be given")
    boolean interactive;

    @Option(names = "--no-overlay", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "disable the overlay filesystem: apps get copies of their images")
    boolean noOverlay;

    @Option(names = "--net", arity = "0..1", fallbackValue = "default", paramLabel = "NETS",
            preprocessor = OptionalValue.class,
            description = "the pod's networking: --net[=n1[:args],...] (alone: default)")
    String net;

    @Option(names = "--dns", paramLabel = "IP",
            description = "name servers for /etc/resolv.conf (repeatable); host: the host's resolv.conf; none: ignore the network's DNS")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "a DNS search domain for /etc/resolv.conf (repeatable)")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-opt", paramLabel = "OPTION", description = "a DNS option for /etc/resolv.conf (repeatable)")
    List<String> dnsOpt = new ArrayList<>();

    @Option(names = "--dns-domain", paramLabel = "DOMAIN", description = "the DNS domain for /etc/resolv.conf")
    String dnsDomain;

    @Option(names = "--hosts-entry", paramLabel = "IP=HOSTNAME",
            description = "an entry for the pod's /etc/hosts (repeatable); host: the host's /etc/hosts")
    List<String> hostsEntries = new ArrayList<>();

    @Option(names = "--port", paramLabel = "NAME:[HOSTIP:]HOSTPORT",
            description = "forward a host port to the app port NAME (repeatable; needs a contained network)")
    List<String> ports = new ArrayList<>();

    @Option(names = "--pull-policy", paramLabel = "POLICY", defaultValue = "new",
            description = "when to pull an image: never, new or update (default: new)")
    String pullPolicy;

    PrepareRequest request(AppArgs apps, GlobalOptions global, CliContext ctx) {
        return request(apps, global, ctx, FetchProgress.NONE);
    }

    /** The request, with {@code progress} told about the images fetched for it. */
    PrepareRequest request(AppArgs apps, GlobalOptions global, CliContext ctx, FetchProgress progress) {
        if (apps.apps().isEmpty()) {
            throw new RktException("must provide at least one image");
        }
        if (!PULL_POLICIES.contains(pullPolicy)) {
            throw new RktException("invalid --pull-policy \"" + pullPolicy + "\": must be never, new or update");
        }
        List<Volume> vols = new ArrayList<>();
        for (String v : volumes) {
            try {
                vols.add(VolumeSpec.parse(v));
            } catch (IllegalArgumentException e) {
                throw new RktException(e.getMessage(), e);
            }
        }
        Map<String, String> inherited = inheritEnv ? new LinkedHashMap<>(ctx.environment().get()) : Map.of();
        List<ExposedPort> exposed = new ArrayList<>();
        for (String p : ports) {
            exposed.add(NetArgs.port(p));
        }
        NetArgs.checkPortsWithNet(exposed, net);
        List<String> nameservers = NetArgs.dns(dns);
        NetArgs.checkDnsExtras(nameservers, dnsSearch, dnsOpt, dnsDomain);
        RuntimeConfig config = new RuntimeConfig(explicitEnv(), inherited, hostname, net, interactive, noOverlay,
                nameservers, List.copyOf(dnsSearch), List.copyOf(dnsOpt), dnsDomain, NetArgs.hostsEntries(hostsEntries));
        return new PrepareRequest(apps.requests(), List.copyOf(vols), stage1, config, global.insecureOptions().options(),
                pullPolicy, exposed, progress, global.trustKeysFromHttps());
    }

    private Map<String, String> explicitEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : setEnv) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new RktException("invalid --set-env \"" + kv + "\": must be specified as key=value");
            }
            if (env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
                throw new RktException("invalid --set-env \"" + kv + "\": key \"" + kv.substring(0, eq) + "\" already set");
            }
        }
        return env;
    }
}
