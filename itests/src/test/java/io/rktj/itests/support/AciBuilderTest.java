package io.rktj.itests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The ACIs the functional tests run must be what GNU tar and appc expect. */
class AciBuilderTest {

    @TempDir
    Path dir;

    @Test
    void writesAManifestAndABusyboxRootfs() throws IOException, InterruptedException {
        Path aci = AciBuilder.busybox("example.com/t").exec("/bin/echo", "hi").env("A", "1").writeTo(dir.resolve("t.aci"));

        Process tar = new ProcessBuilder("tar", "-tvf", aci.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), listing);
        List<String> lines = listing.lines().toList();
        assertTrue(lines.get(0).endsWith(" manifest"), listing);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" rootfs/bin/busybox")), listing);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lrwxrwxrwx") && l.endsWith(" rootfs/bin/sh -> busybox")), listing);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("drwxrwxrwt") && l.endsWith(" rootfs/tmp/")), listing);
    }

    @Test
    void theManifestIsAnAppcImageManifest() throws IOException {
        JsonNode m = new ObjectMapper().readTree(AciBuilder.busybox("example.com/t").exec("/bin/env").env("A", "1").manifestJson());

        assertEquals("ImageManifest", m.path("acKind").asText());
        assertEquals("example.com/t", m.path("name").asText());
        assertEquals("/bin/env", m.path("app").path("exec").path(0).asText());
        assertEquals("A", m.path("app").path("environment").path(0).path("name").asText());
        assertEquals("0", m.path("app").path("user").asText());
    }
}
