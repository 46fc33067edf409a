package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GlobalFlagsTest {

    @Test
    void bothFormsOfValuedFlagsBecomeProperties() {
        Map<String, String> p = GlobalFlags.frameworkProperties(new String[] {
            "--dir=/tmp/a", "--local-config", "/etc/x", "--system-config=/usr/y", "list"});
        assertEquals("/tmp/a", p.get("rkt.dir"));
        assertEquals("/etc/x", p.get("rkt.local-config"));
        assertEquals("/usr/y", p.get("rkt.system-config"));
        assertEquals("false", p.get("rkt.debug"));
    }

    @Test
    void flagsAfterTheSubcommandCountToo() {
        Map<String, String> p = GlobalFlags.frameworkProperties(new String[] {"list", "--dir", "/d", "--debug"});
        assertEquals("/d", p.get("rkt.dir"));
        assertTrue(GlobalFlags.debug(p));
    }

    @Test
    void debugTakesAnExplicitValue() {
        assertFalse(GlobalFlags.debug(GlobalFlags.frameworkProperties(new String[] {"--debug=false"})));
        assertTrue(GlobalFlags.debug(GlobalFlags.frameworkProperties(new String[] {"--debug=true"})));
    }

    @Test
    void appArgumentsAfterDoubleDashAreLeftAlone() {
        Map<String, String> p = GlobalFlags.frameworkProperties(new String[] {
            "run", "x.aci", "--", "--dir=/app", "--debug"});
        assertFalse(p.containsKey("rkt.dir"));
        assertFalse(GlobalFlags.debug(p));
    }

    @Test
    void similarFlagsAndMissingValuesAreIgnored() {
        Map<String, String> p = GlobalFlags.frameworkProperties(new String[] {"--directory=/x", "--debugger", "--dir"});
        assertFalse(p.containsKey("rkt.dir"));
        assertFalse(GlobalFlags.debug(p));
    }
}
