package io.rktj.fetch.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DiscoveryTest {
    @Test
    void readsTheMetaTagsOfAPage() {
        String html = "<html><head>\n<meta name=\"ac-discovery\" content=\"example.com https://example.com/{name}-{version}-{os}-{arch}.{ext}\">\n"
                + "<META content='example.com/app https://keys.example.com/app.gpg' name='ac-discovery-pubkeys'/>\n"
                + "<meta name=\"description\" content=\"not ours\"></head></html>";

        assertEquals(List.of(
                new Discovery.Meta("ac-discovery", "example.com", "https://example.com/{name}-{version}-{os}-{arch}.{ext}"),
                new Discovery.Meta("ac-discovery-pubkeys", "example.com/app", "https://keys.example.com/app.gpg")),
                Discovery.parse(html));
    }

    @Test
    void fillsInTemplatesOrSaysTheyDoNotFit() {
        Map<String, String> labels = Map.of("version", "v1", "os", "linux", "arch", "amd64");
        assertEquals("https://example.com/example.com/app-v1-linux-amd64.aci.asc",
                Discovery.render("https://example.com/{name}-{version}-{os}-{arch}.{ext}", "example.com/app", labels, "aci.asc"));
        assertNull(Discovery.render("https://example.com/{name}-{channel}.{ext}", "example.com/app", labels, "aci"));
    }

    @Test
    void cacheControlMaxAge() {
        assertEquals(0, Download.maxAge(null));
        assertEquals(60, Download.maxAge("public, max-age=60"));
        assertEquals(0, Download.maxAge("max-age=60, no-cache"));
        assertEquals(0, Download.maxAge("no-store"));
    }

    @Test
    void signaturePathsAsRktMadeThem() {
        assertEquals("/x/app.aci.asc", AciFetcher.ascPath("/x/app.aci"));
        assertEquals("/x/app.aci.asc", AciFetcher.ascPath("/x/app"));
        assertEquals("https://h/app.aci.asc?x=1", AciFetcher.ascPath("https://h/app.aci?x=1"));
    }
}
