package io.rktj.cli.args;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.rktj.api.RktException;
import io.rktj.api.schema.ACName;
import io.rktj.api.schema.ExposedPort;

/**
 * rkt's networking flags checked as rkt's run.go did: --port NAME:[HOSTIP:]HOSTPORT, and the DNS
 * flags (parseDNSFlags): --dns takes IPs (comma lists too) or one of the magic values host and
 * none alone; --dns-search, --dns-opt and --dns-domain go only with IPs or no --dns; --hosts-entry
 * takes IP=HOSTNAME (comma lists too) or host alone.
 */
public final class NetArgs {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private NetArgs() {
    }

    /** An IP address literal (never a name: nothing is looked up). */
    public static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!IPV6.matcher(s).matches()) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(s.startsWith("[") ? s : "[" + s + "]");
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static ExposedPort port(String s) {
        String[] parts = s.split(":", 3);
        if (parts.length < 2) {
            throw new RktException("--port \"" + s + "\" is not in name:[ip:]port format");
        }
        if (!ACName.isValid(parts[0])) {
            throw new RktException("--port \"" + s + "\": \"" + parts[0] + "\" is not a valid port name");
        }
        String portText = parts[1];
        String ip = null;
        if (parts.length == 3) {
            portText = parts[2];
            ip = parts[1];
            if (!isIp(ip)) {
                throw new RktException("--port \"" + s + "\": \"" + ip + "\" is not a valid IP");
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new RktException("--port \"" + s + "\": \"" + portText + "\" is not a valid port number");
        }
        return new ExposedPort(parts[0], port, ip, null);
    }

    /** --dns: IPs (comma lists split), or ["host"] or ["none"]. */
    public static List<String> dns(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String d : values) {
            if (d.equals("host") || d.equals("none")) {
                if (values.size() > 1) {
                    throw new RktException("no other --dns options allowed when --dns=" + d + " is passed");
                }
                return List.of(d);
            }
            for (String ip : d.split(",")) {
                if (!isIp(ip.strip())) {
                    throw new RktException("invalid IP passed to --dns: " + ip);
                }
                out.add(ip.strip());
            }
        }
        return out;
    }

    /** --dns-search, --dns-opt and --dns-domain need a resolv.conf rkt writes: no --dns=host or none. */
    public static void checkDnsExtras(List<String> dns, List<String> search, List<String> options, String domain) {
        boolean extras = !search.isEmpty() || !options.isEmpty() || (domain != null && !domain.isEmpty());
        if (extras && (dns.equals(List.of("host")) || dns.equals(List.of("none")))) {
            throw new RktException("cannot call --dns-opt, --dns-search, or --dns-domain with --dns=" + dns.get(0));
        }
    }

    /** --hosts-entry: IP=HOSTNAME entries (comma lists split), or ["host"]. */
    public static List<String> hostsEntries(List<String> values) {
        List<String> out = new ArrayList<>();
        boolean host = false;
        for (String v : values) {
            if (v.equals("host")) {
                host = true;
                continue;
            }
            for (String entry : v.split(",")) {
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    throw new RktException("did not understand --hosts-entry " + entry);
                }
                String ip = entry.substring(0, eq);
                if (!isIp(ip)) {
                    throw new RktException("invalid IP passed to --hosts-entry: " + ip);
                }
                if (entry.substring(eq + 1).isBlank()) {
                    throw new RktException("did not understand --hosts-entry " + entry + ": no hostname");
                }
                out.add(entry);
            }
        }
        if (host) {
            if (!out.isEmpty()) {
                throw new RktException("cannot pass --hosts-entry=host with multiple hosts-entries");
            }
            return List.of("host");
        }
        return out;
    }

    /** rkt: --port needs a contained network. */
    public static void checkPortsWithNet(List<ExposedPort> ports, String net) {
        if (ports.isEmpty() || net == null) {
            return;
        }
        for (String item : net.split(",")) {
            String name = item.contains(":") ? item.substring(0, item.indexOf(':')) : item;
            if (name.strip().equals("none")) {
                throw new RktException("--port flag does not work with 'none' networking");
            }
            if (name.strip().equals("host")) {
                throw new RktException("--port flag does not work with 'host' networking");
            }
        }
    }
}
