package io.rktj.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.rktj.api.RktException;
import io.rktj.api.schema.ExposedPort;

class NetArgsTest {
    @Test
    void portsParseAsRktsNameIpPort() {
        assertEquals(new ExposedPort("http", 8080, null, null), NetArgs.port("http:8080"));
        assertEquals(new ExposedPort("http", 8080, "127.0.0.1", null), NetArgs.port("http:127.0.0.1:8080"));
        assertThrows(RktException.class, () -> NetArgs.port("http"));
        assertThrows(RktException.class, () -> NetArgs.port("Bad_Name:80"));
        assertThrows(RktException.class, () -> NetArgs.port("http:not-an-ip:80"));
        assertThrows(RktException.class, () -> NetArgs.port("http:70000"));
        assertThrows(RktException.class, () -> NetArgs.port("http:x"));
    }

    @Test
    void portsNeedAContainedNetwork() {
        List<ExposedPort> ports = List.of(NetArgs.port("http:8080"));
        NetArgs.checkPortsWithNet(ports, null);
        NetArgs.checkPortsWithNet(ports, "default,lan:IP=10.1.2.3");
        assertEquals("--port flag does not work with 'host' networking",
                assertThrows(RktException.class, () -> NetArgs.checkPortsWithNet(ports, "host")).getMessage());
        assertEquals("--port flag does not work with 'none' networking",
                assertThrows(RktException.class, () -> NetArgs.checkPortsWithNet(ports, "none")).getMessage());
    }

    @Test
    void dnsTakesIpsOrOneMagicValue() {
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "2001:db8::1"), NetArgs.dns(List.of("192.0.2.1,192.0.2.2", "2001:db8::1")));
        assertEquals(List.of("host"), NetArgs.dns(List.of("host")));
        assertEquals(List.of("none"), NetArgs.dns(List.of("none")));
        assertThrows(RktException.class, () -> NetArgs.dns(List.of("host", "192.0.2.1")));
        assertThrows(RktException.class, () -> NetArgs.dns(List.of("dns.example.com")));
        assertThrows(RktException.class, () -> NetArgs.checkDnsExtras(List.of("none"), List.of("a.test"), List.of(), null));
        NetArgs.checkDnsExtras(List.of(), List.of("a.test"), List.of("ndots:1"), "a.test");
    }

    @Test
    void hostsEntriesAreIpEqualsNameOrHost() {
        assertEquals(List.of("192.0.2.1=a", "192.0.2.2=b"), NetArgs.hostsEntries(List.of("192.0.2.1=a,192.0.2.2=b")));
        assertEquals(List.of("host"), NetArgs.hostsEntries(List.of("host")));
        assertThrows(RktException.class, () -> NetArgs.hostsEntries(List.of("host", "192.0.2.1=a")));
        assertThrows(RktException.class, () -> NetArgs.hostsEntries(List.of("a=b")));
        assertThrows(RktException.class, () -> NetArgs.hostsEntries(List.of("192.0.2.1")));
    }

    @Test
    void ipLiteralsAreNeverLookedUp() {
        assertTrue(NetArgs.isIp("10.0.0.1"));
        assertTrue(NetArgs.isIp("::1"));
        assertFalse(NetArgs.isIp("localhost"));
        assertFalse(NetArgs.isIp("256.1.1.1"));
    }
}
