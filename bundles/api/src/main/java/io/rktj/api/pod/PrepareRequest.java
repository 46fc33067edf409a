package io.rktj.api.pod;

import java.util.List;
import java.util.Set;

import io.rktj.api.image.FetchProgress;
import io.rktj.api.schema.ExposedPort;
import io.rktj.api.schema.Volume;

/**
 * A pod to prepare: its apps and the pod-wide options of {@code rkt run} and {@code rkt prepare}.
 *
 * @param stage1          the flavor name or rkt's coreos.com/rkt/stage1-NAME[:version]; null = default
 * @param insecureOptions the --insecure-options set (image, ...)
 * @param pullPolicy      --pull-policy: never, new (the default) or update
 * @param ports           --port: host ports forwarded to the ports the apps declare (the pod
 *                        manifest's {@code ports})
 * @param progress        told about the bytes of images fetched for the pod; {@link FetchProgress#NONE} for quiet
 * @param trustKeysFromHttps --trust-keys-from-https for the images fetched ({@link io.rktj.api.image.ImportOptions})
 */
public record PrepareRequest(
        List<AppRequest> apps,
        List<Volume> volumes,
        String stage1,
        RuntimeConfig runtimeConfig,
        Set<String> insecureOptions,
        String pullPolicy,
        List<ExposedPort> ports,
        FetchProgress progress,
        boolean trustKeysFromHttps) {

    /** A request with the default pull policy, {@code new}. */
    public PrepareRequest(List<AppRequest> apps, List<Volume> volumes, String stage1, RuntimeConfig runtimeConfig,
                          Set<String> insecureOptions) {
        this(apps, volumes, stage1, runtimeConfig, insecureOptions, "new");
    }

    /** A request that forwards no port, fetches quietly and trusts no key by itself. */
    public PrepareRequest(List<AppRequest> apps, List<Volume> volumes, String stage1, RuntimeConfig runtimeConfig,
                          Set<String> insecureOptions, String pullPolicy) {
        this(apps, volumes, stage1, runtimeConfig, insecureOptions, pullPolicy, List.of());
    }

    /** A request that fetches quietly and trusts no key by itself. */
    public PrepareRequest(List<AppRequest> apps, List<Volume> volumes, String stage1, RuntimeConfig runtimeConfig,
                          Set<String> insecureOptions, String pullPolicy, List<ExposedPort> ports) {
        this(apps, volumes, stage1, runtimeConfig, insecureOptions, pullPolicy, ports, FetchProgress.NONE, false);
    }

    /** A request that forwards no port and trusts no key by itself. */
    public PrepareRequest(List<AppRequest> apps, List<Volume> volumes, String stage1, RuntimeConfig runtimeConfig,
                          Set<String> insecureOptions, String pullPolicy, FetchProgress progress) {
        this(apps, volumes, stage1, runtimeConfig, insecureOptions, pullPolicy, List.of(), progress, false);
    }

    /** A request that forwards no port. */
    public PrepareRequest(List<AppRequest> apps, List<Volume> volumes, String stage1, RuntimeConfig runtimeConfig,
                          Set<String> insecureOptions, String pullPolicy, FetchProgress progress, boolean trustKeysFromHttps) {
        this(apps, volumes, stage1, runtimeConfig, insecureOptions, pullPolicy, List.of(), progress, trustKeysFromHttps);
    }

    public PrepareRequest {
        pullPolicy = pullPolicy == null ? "new" : pullPolicy;
        ports = ports == null ? List.of() : ports;
        progress = progress == null ? FetchProgress.NONE : progress;
    }
}
