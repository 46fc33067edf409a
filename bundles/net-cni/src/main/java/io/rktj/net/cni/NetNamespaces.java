package io.rktj.net.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rktj.api.RktException;

/**
 * Network namespaces that outlive processes, made and removed with iproute2's {@code ip netns},
 * so they sit where operators look for them ({@code /run/netns/rkt-<uuid>}, {@code ip netns
 * list}) and the loopback device is up before any plugin runs.
 */
final class NetNamespaces {
    private final Path ip;
    private final Path dir;

    NetNamespaces(Path ip, Path dir) {
        this.ip = ip;
        this.dir = dir;
    }

    /** iproute2's ip from the usual places, namespaces in /run/netns. */
    static NetNamespaces system() {
        for (String candidate : List.of("/usr/bin/ip", "/bin/ip", "/usr/sbin/ip", "/sbin/ip")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return new NetNamespaces(p, Path.of("/run/netns"));
            }
        }
        return new NetNamespaces(null, Path.of("/run/netns"));
    }

    static String name(UUID uuid) {
        return "rkt-" + uuid;
    }

    Path path(UUID uuid) {
        return dir.resolve(name(uuid));
    }

    /** A new namespace with lo up; its path. */
    Path create(UUID uuid) {
        run("create the network namespace", "netns", "add", name(uuid));
        try {
            run("bring up lo", "-n", name(uuid), "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            delete(uuid);
            throw e;
        }
        return path(uuid);
    }

    /** Removes the namespace if it is there. */
    void delete(UUID uuid) {
        if (Files.exists(path(uuid))) {
            run("remove the network namespace", "netns", "delete", name(uuid));
        }
    }

    private void run(String what, String... args) {
        if (ip == null) {
            throw new RktException("networking: iproute2's ip is missing (Debian: apt-get install iproute2)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ip.toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            int status = p.waitFor();
            if (status != 0) {
                throw new RktException("networking: " + what + " (" + String.join(" ", cmd) + "): "
                        + out.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw RktException.wrap("networking: " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("networking: interrupted: " + what, e);
        }
    }
}
