package io.rktj.api.pod;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The pod-wide run options that are not part of the appc pod manifest, stored as
 * {@code runtime-config} in the pod directory so that any process can run the pod later.
 *
 * @param setEnv       --set-env, ordered; overrides every other source for every app
 * @param inheritEnv   the environment of the rkt process when --inherit-env was given, else empty
 * @param hostname     the pod's hostname (rkt-UUID unless --hostname)
 * @param net          the --net value as given (null: the flavor's default)
 * @param interactive  --interactive
 * @param noOverlay    --no-overlay: app rootfs are copies instead of overlay mounts
 * @param dns          --dns values: name server IPs, or one of {@code host} and {@code none}
 * @param dnsSearch    --dns-search domains
 * @param dnsOptions   --dns-opt options
 * @param dnsDomain    --dns-domain
 * @param hostsEntries --hosts-entry values: {@code IP=HOSTNAME}, or {@code host}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuntimeConfig(
        Map<String, String> setEnv,
        Map<String, String> inheritEnv,
        String hostname,
        String net,
        boolean interactive,
        boolean noOverlay,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        String dnsDomain,
        List<String> hostsEntries) {

    /** A config without --dns-search, --dns-opt, --dns-domain and --hosts-entry. */
    public RuntimeConfig(Map<String, String> setEnv, Map<String, String> inheritEnv, String hostname, String net,
            boolean interactive, boolean noOverlay, List<String> dns) {
        this(setEnv, inheritEnv, hostname, net, interactive, noOverlay, dns, List.of(), List.of(), null, List.of());
    }

    public RuntimeConfig {
        dnsSearch = dnsSearch == null ? List.of() : dnsSearch;
        dnsOptions = dnsOptions == null ? List.of() : dnsOptions;
        hostsEntries = hostsEntries == null ? List.of() : hostsEntries;
    }
}
