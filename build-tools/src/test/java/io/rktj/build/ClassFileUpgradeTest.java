package io.rktj.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ClassFileUpgradeTest {

    @Test
    void picocliBecomesJava8ClassesThatTheTypeCheckingVerifierAcceptsAndThatStillRun(@TempDir Path dir) throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(49, majorOf(original, "picocli/CommandLine.class"), "picocli is expected to be a Java 5 build");
        Path upgraded = dir.resolve("picocli.jar");

        int count = ClassFileUpgrade.upgrade(original, upgraded);

        assertTrue(count > 100, "upgraded " + count + " classes");
        List<String> classes = new ArrayList<>();
        try (JarFile in = new JarFile(original.toFile()); JarFile out = new JarFile(upgraded.toFile())) {
            assertEquals(in.size(), out.size(), "every entry is kept");
            assertArrayEquals(in.getInputStream(in.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    out.getInputStream(out.getEntry("META-INF/MANIFEST.MF")).readAllBytes(), "the OSGi manifest is kept");
            for (Enumeration<JarEntry> e = out.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    assertEquals(52, majorOf(out, name), name);
                    classes.add(name.substring(0, name.length() - 6).replace('/', '.'));
                }
            }
        }
        // Loading and linking verifies each class: Java 8 class files get the type-checking
        // verifier, with no fallback, so a wrong frame fails here.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {upgraded.toUri().toURL()}, null)) {
            for (String name : classes) {
                Class.forName(name, false, loader).getDeclaredMethods();
            }
            Class<?> cl = Class.forName("picocli.CommandLine", true, loader);
            assertEquals(loader, cl.getClassLoader());
        }
    }

    private static int majorOf(Path jar, String entry) throws Exception {
        try (JarFile f = new JarFile(jar.toFile())) {
            return majorOf(f, entry);
        }
    }

    private static int majorOf(JarFile f, String entry) throws Exception {
        try (InputStream in = f.getInputStream(f.getEntry(entry))) {
            return ClassFileUpgrade.majorVersion(in.readNBytes(8));
        }
    }
}
