package io.rktj.stage2.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.rktj.api.RktException;
import io.rktj.api.app.RootfsPath;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.RuntimeConfig;

/**
 * The app's /etc/hosts and /etc/resolv.conf, as rkt's stage1 provided them. Each is a file of the
 * app's bundle ({@code opt/stage2/<app>/hosts}, {@code resolv.conf}) bound over the image's path:
 * <ul>
 * <li>/etc/hosts: the pod's {@code stage1/rootfs/etc/rkt-hosts} when the core wrote one
 * (--hosts-entry), over the image's file; else, when the image has none, localhost (IPv4 and
 * IPv6) and the pod's hostname;</li>
 * <li>/etc/resolv.conf: the pod's {@code stage1/rootfs/etc/rkt-resolv.conf} when the core wrote
 * one (--dns, --dns-search, --dns-opt, --dns-domain, or a CNI network's DNS); else, on the host's
 * network and unless {@code --dns=none}, the host's file when the image has none.</li>
 * </ul>
 */
final class EtcFiles {
    private EtcFiles() {
    }

    static List<OciConfig.FileMount> write(PodContext pod, String app, Path imageRootfs, Path bundle) {
        RuntimeConfig rc = pod.runtimeConfig();
        String hostname = rc == null || rc.hostname() == null ? "rkt-" + pod.uuid() : rc.hostname();
        List<String> dns = rc == null || rc.dns() == null ? List.of() : rc.dns();
        List<OciConfig.FileMount> out = new ArrayList<>();
        String sandboxBundle = "/opt/stage2/" + app + "/";
        try {
            Files.createDirectories(bundle);
            String hosts = null;
            if (Files.exists(pod.layout().hosts())) {
                hosts = Files.readString(pod.layout().hosts(), StandardCharsets.UTF_8);
            } else if (!Files.exists(RootfsPath.resolve(imageRootfs, "/etc/hosts"))) {
                hosts = hosts(hostname);
            }
            if (hosts != null) {
                write(bundle.resolve("hosts"), hosts);
                out.add(new OciConfig.FileMount(sandboxBundle + "hosts", "/etc/hosts"));
            }
            String resolv = null;
            if (Files.exists(pod.layout().resolvConf())) {
                resolv = Files.readString(pod.layout().resolvConf(), StandardCharsets.UTF_8);
            } else if (dns.equals(List.of("host"))) {
                resolv = hostResolvConf();
            } else if (!dns.isEmpty() && !dns.equals(List.of("none"))) {
                StringBuilder b = new StringBuilder("# written by rkt for --dns\n");
                dns.forEach(ip -> b.append("nameserver ").append(ip).append('\n'));
                resolv = b.toString();
            } else if (dns.isEmpty() && !pod.network().contained()
                    && !Files.exists(RootfsPath.resolve(imageRootfs, "/etc/resolv.conf"))) {
                resolv = hostResolvConf();
            }
            if (resolv != null) {
                write(bundle.resolve("resolv.conf"), resolv);
                out.add(new OciConfig.FileMount(sandboxBundle + "resolv.conf", "/etc/resolv.conf"));
            }
        } catch (IOException e) {
            throw RktException.wrap("app " + app + ": /etc files", e);
        }
        return out;
    }

    static String hosts(String hostname) {
        return "127.0.0.1\tlocalhost localhost.localdomain " + hostname + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n";
    }

    private static String hostResolvConf() throws IOException {
        Path host = Path.of("/etc/resolv.conf");
        return Files.exists(host) ? Files.readString(host, StandardCharsets.UTF_8) : "";
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
