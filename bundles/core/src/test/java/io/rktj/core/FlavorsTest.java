package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rktj.api.RktException;
import io.rktj.api.pod.Stage1Flavor;

class FlavorsTest {

    @Test
    void stage1NamesInBothForms() {
        assertEquals(new Stage1Name("systemd", null), Stage1Name.parse(null));
        assertEquals(new Stage1Name("kvm", null), Stage1Name.parse("kvm"));
        assertEquals(new Stage1Name("fly", "1.2.0"), Stage1Name.parse("coreos.com/rkt/stage1-fly:1.2.0"));
        assertEquals(new Stage1Name("systemd", null), Stage1Name.parse("coreos.com/rkt/stage1-coreos"));
        assertEquals(new Stage1Name("systemd", null), Stage1Name.parse("coreos.com/rkt/stage1-host"));
    }

    @Test
    void chooseByNameAndVersionBestRankedFirst() {
        Flavors flavors = new Flavors();
        TestFlavor low = new TestFlavor("fly", "0.1.0");
        TestFlavor high = new TestFlavor("fly", "0.2.0");
        flavors.add(low, Rig.props("fly", "0.1.0", 1L));
        flavors.add(high, Map.of(Stage1Flavor.FLAVOR_PROPERTY, "fly", Stage1Flavor.VERSION_PROPERTY, "0.2.0",
                Stage1Flavor.INTERFACE_PROPERTY, "1", "service.ranking", 10, "service.id", 2L));
        assertSame(high, flavors.choose("fly").flavor());
        assertSame(low, flavors.choose("coreos.com/rkt/stage1-fly:0.1.0").flavor());
        assertSame(high, flavors.forRecord(new FlavorRecord("fly", "0.0.1", 1)).orElseThrow().flavor());
        assertTrue(flavors.forRecord(new FlavorRecord("fly", "0.1.0", 2)).isEmpty());
        RktException e = assertThrows(RktException.class, () -> flavors.choose("coreos.com/rkt/stage1-fly:9.9.9"));
        assertEquals("stage1 \"coreos.com/rkt/stage1-fly:9.9.9\": no such flavor (available: fly 0.2.0, fly 0.1.0)", e.getMessage());
        flavors.remove(high);
        flavors.remove(low);
        assertEquals("stage1 \"systemd\": no such flavor (available: none)",
                assertThrows(RktException.class, () -> flavors.choose(null)).getMessage());
    }

    @Test
    void versionsMatchInEitherSpellingAndWithoutQualifier() {
        assertTrue(Flavors.sameVersion("0.1.0.SNAPSHOT", "0.1.0.SNAPSHOT"));
        assertTrue(Flavors.sameVersion("0.1.0.SNAPSHOT", "0.1.0-SNAPSHOT"));
        assertTrue(Flavors.sameVersion("0.1.0.202611281623", "0.1.0"));
        assertTrue(!Flavors.sameVersion("0.1.0.SNAPSHOT", "0.1.1"));
        assertTrue(!Flavors.sameVersion("0.1.10", "0.1.1"));
    }

    @Test
    void recordRoundTrip() {
        FlavorRecord r = FlavorRecord.parse("systemd 1.0.0 1\n");
        assertEquals(new FlavorRecord("systemd", "1.0.0", 1), r);
        assertEquals("systemd 1.0.0 1", r.format());
        assertThrows(RktException.class, () -> FlavorRecord.parse("systemd"));
    }

    @Test
    void goDurations() {
        assertEquals("30m0s", GoDuration.format(java.time.Duration.ofMinutes(30)));
        assertEquals("24h0m0s", GoDuration.format(java.time.Duration.ofHours(24)));
        assertEquals("0s", GoDuration.format(java.time.Duration.ZERO));
    }
}
