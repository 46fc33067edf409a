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
 * <li>/etc/hosts, when the image has none: localhost (IPv4 and IPv6) and the pod's hostname;</li>
 * <li>/etc/resolv.conf: with {@code --dns=host} the host's file, with other --dns values one
 * {@code nameserver} line each; without --dns, on the host's network (host, and default until
 * the CNI networks exist), the host's file when the image has none.</li>
 * </ul>
 */
final class EtcFiles {
    private EtcFiles() {
    }

    static List<OciConfig.FileMount> write(PodContext pod, String app, Path imageRootfs, Path bundle) {
        RuntimeConfig rc = pod.runtimeConfig();
        String hostname = rc == null || rc.hostname() == null ? "rkt-" + pod.uuid() : rc.hostname();
        List<String> dns = rc == null || rc.dns() == null ? List.of() : rc.dns();
        String net = rc == null || rc.net() == null ? "default" : rc.net();
        List<OciConfig.FileMount> out = new ArrayList<>();
        String sandboxBundle = "/opt/stage2/" + app + "/";
        try {
            Files.createDirectories(bundle);
            if (!Files.exists(RootfsPath.resolve(imageRootfs, "/etc/hosts"))) {
                write(bundle.resolve("hosts"), hosts(hostname));
                out.add(new OciConfig.FileMount(sandboxBundle + "hosts", "/etc/hosts"));
            }
            String resolv = null;
            if (dns.equals(List.of("host"))) {
                resolv = hostResolvConf();
            } else if (!dns.isEmpty()) {
                StringBuilder b = new StringBuilder("# written by rkt for --dns\n");
                dns.forEach(ip -> b.append("nameserver ").append(ip).append('\n'));
                resolv = b.toString();
            } else if ((net.equals("host") || net.equals("default"))
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
