package io.rktj.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rktj.api.image.ImageInfo;
import io.rktj.api.schema.NameValue;

class TextFormatsTest {

    @Test
    void tabWriterPadsToMultiplesOfEightWithTabs() {
        String out = new TabWriter().row("a", "bb", "c").row("aaaaaaaa", "b", "").format();
        // column 0 is 9 wide -> 16: "a" needs 2 tabs, "aaaaaaaa" 1; column 1 is 3 wide -> 8
        assertEquals("a\t\tbb\tc\naaaaaaaa\tb\t\n", out);
    }

    @Test
    void tabWriterColumnsAreComputedPerBlockOfLines() {
        String out = new TabWriter().row("x", "y").line("single line").row("longer cell", "z").format();
        assertEquals("x\ty\nsingle line\nlonger cell\tz\n", out);
    }

    @Test
    void goTimeLayout() {
        Instant t = Instant.parse("2016-01-25T16:42:32.563Z");
        assertEquals("2016-01-25 16:42:32.563 +0000 UTC", GoTime.full(t, ZoneOffset.UTC));
        assertEquals("2016-01-25 16:42:32.5 +0000 UTC", GoTime.full(Instant.parse("2016-01-25T16:42:32.500999Z"), ZoneOffset.UTC));
        assertEquals("2016-01-25 16:42:32 +0000 UTC", GoTime.full(Instant.parse("2016-01-25T16:42:32.000999Z"), ZoneOffset.UTC));
        assertEquals("2016-01-25 17:42:32.563 +0100 CET", GoTime.full(t, ZoneId.of("Europe/Berlin")));
        assertEquals("2016-01-25 17:42:32.563 +0100 +0100", GoTime.full(t, ZoneOffset.ofHours(1)));
    }

    @Test
    void relativeTimesAsGoHumanize() {
        Instant now = Instant.parse("2016-01-25T16:45:00Z");
        String[][] cases = {
            {"0", "now"}, {"1", "1 second ago"}, {"41", "41 seconds ago"}, {"60", "1 minute ago"},
            {"119", "1 minute ago"}, {"120", "2 minutes ago"}, {"3599", "59 minutes ago"}, {"3600", "1 hour ago"},
            {"10800", "3 hours ago"}, {"86400", "1 day ago"}, {"172800", "2 days ago"}, {"604800", "1 week ago"},
            {"1814400", "3 weeks ago"}, {"2592000", "1 month ago"}, {"15552000", "6 months ago"},
            {"31104000", "1 year ago"}, {"46656000", "2 years ago"}, {"93312000", "3 years ago"},
            {"1150848000", "a long while ago"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], GoTime.relative(now.minusSeconds(Long.parseLong(c[0])), now), c[0]);
        }
        assertEquals("4 seconds from now", GoTime.relative(now.plus(Duration.ofSeconds(4)), now));
    }

    @Test
    void iecSizesAsGoHumanize() {
        assertEquals("5B", HumanBytes.iec(5));
        assertEquals("10B", HumanBytes.iec(10));
        assertEquals("1023B", HumanBytes.iec(1023));
        assertEquals("1.0KiB", HumanBytes.iec(1024));
        assertEquals("1.5KiB", HumanBytes.iec(1536));
        assertEquals("79MiB", HumanBytes.iec(82854982));
        assertEquals("2.0GiB", HumanBytes.iec(2L << 30));
    }

    private static final Instant NOW = Instant.parse("2016-01-25T16:45:00Z");
    private static final ImageInfo ETCD = new ImageInfo("sha512-91e98d7f1679" + "0".repeat(116), "coreos.com/etcd",
            List.of(new NameValue("version", "v2.0.9"), new NameValue("os", "linux")),
            NOW.minusSeconds(10800), NOW.minusSeconds(41), 82854982);
    private static final ImageInfo HELLO = new ImageInfo("sha512-a03f6bad952b" + "1".repeat(116), "example.com/hello",
            List.of(), NOW.minusSeconds(172800), NOW, 5);

    @Test
    void imageTable() {
        String expected = ""
                + "ID\t\t\tNAME\t\t\tSIZE\tIMPORT TIME\tLAST USED\n"
                + "sha512-91e98d7f1679\tcoreos.com/etcd:v2.0.9\t79MiB\t3 hours ago\t41 seconds ago\n"
                + "sha512-a03f6bad952b\texample.com/hello\t5B\t2 days ago\tnow\n";
        assertEquals(expected, new ImageListing(false, NOW, ZoneOffset.UTC)
                .table(List.of(ETCD, HELLO), ImageListing.DEFAULT_FIELDS, true));
    }

    @Test
    void imageTableWithChosenFieldsAndFullOutput() {
        String expected = ETCD.id() + "\t82854982\n";
        assertEquals(expected, new ImageListing(true, NOW, ZoneOffset.UTC).table(List.of(ETCD), List.of("id", "size"), false));
    }

    @Test
    void imageJsonAsApiV1ImageListEntry() {
        String expected = "[{\"id\":\"" + ETCD.id() + "\",\"name\":\"coreos.com/etcd:v2.0.9\","
                + "\"import_time\":1453729500000000000,\"last_used_time\":1453740259000000000,\"size\":82854982}]";
        assertEquals(expected, ImageListing.json(List.of(ETCD), false));
    }
}
