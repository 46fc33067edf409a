package io.rktj.api.pod;

/** One network a pod is attached to, as list and status show it. */
public record NetworkInfo(String netName, String netConf, String pluginPath, String ifName, String ip, String mask) {
}
