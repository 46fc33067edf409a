package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemPackagesTest {

    @Test
    void keepsOnlyTheExportedPackagesThatAreImported() {
        String exports = "org.osgi.framework;version=\"1.10\",org.osgi.util.tracker;version=\"1.5.3\","
                + "java.util;version=\"0.0.0.JavaSE_017\",javax.swing;version=\"0.0.0.JavaSE_017\"";
        assertEquals("org.osgi.framework;version=\"1.10\",java.util;version=\"0.0.0.JavaSE_017\"",
                SystemPackages.cut(exports, Set.of("org.osgi.framework", "java.util", "com.example")));
    }

    @Test
    void splitsClausesOutsideQuotesAndReadsSharedPackageNames() {
        List<String> c = SystemPackages.clauses("a;b;version=\"[1.6,2)\";resolution:=optional,c");
        assertEquals(List.of("a;b;version=\"[1.6,2)\";resolution:=optional", "c"), c);
        assertEquals(List.of("a", "b"), SystemPackages.packages(c.get(0)));
        assertEquals(List.of(), SystemPackages.clauses(null));
    }

    @Test
    void aCachedListHoldsOnlyForTheSameJarsAndJdk(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "x");
        String before = SystemPackages.fingerprint(List.of(jar));
        Files.writeString(dir.resolve(SystemPackages.FILE), before + "\njava.util\n");
        assertEquals("java.util", SystemPackages.cached(dir, before));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        String after = SystemPackages.fingerprint(List.of(jar));
        assertNotEquals(before, after);
        assertNull(SystemPackages.cached(dir, after));
        assertNull(SystemPackages.cached(dir.resolve("missing"), before));
    }
}
