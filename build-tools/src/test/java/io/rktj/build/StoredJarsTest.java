package io.rktj.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class StoredJarsTest {

    @Test
    void everyEntryIsStoredWithItsNameOrderAndContentKept(@TempDir Path dir) throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path copy = Files.copy(original, dir.resolve("picocli.jar"));

        StoredJars.store(copy, copy);

        try (ZipFile in = new ZipFile(original.toFile()); ZipFile out = new ZipFile(copy.toFile())) {
            List<String> before = new ArrayList<>();
            List<String> after = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                before.add(e.nextElement().getName());
            }
            for (Enumeration<? extends ZipEntry> e = out.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                after.add(entry.getName());
                assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
                assertArrayEquals(in.getInputStream(in.getEntry(entry.getName())).readAllBytes(),
                        out.getInputStream(entry).readAllBytes(), entry.getName());
            }
            assertEquals(before, after);
        }
        try (JarFile jar = new JarFile(copy.toFile())) {
            assertEquals("picocli", jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
        }
    }
}
