package io.rktj.api.pod;

/**
 * One network a pod is attached to, as list and status show it (rkt's netinfo: the JSON of
 * {@code rkt list --format=json} has these names).
 *
 * @param netName    the network's name
 * @param netConf    the file it was defined in, or {@code <built-in>}
 * @param pluginPath where the plugins were looked up
 * @param ifName     the pod's interface on it: eth0, eth1, ...
 * @param ip         the pod's first address on it, without the prefix length
 * @param mask       the netmask of that address (IPv4: dotted, as rkt printed it)
 * @param args       the arguments given with --net (CNI_ARGS)
 * @param result     the network's final CNI ADD result (JSON), for a flavor that must set up
 *                   the interface itself (a virtual machine); null when there is none
 */
public record NetworkInfo(String netName, String netConf, String pluginPath, String ifName, String ip, String mask,
        String args, String result) {

    public NetworkInfo(String netName, String netConf, String pluginPath, String ifName, String ip, String mask) {
        this(netName, netConf, pluginPath, ifName, ip, mask, "", null);
    }
}
