package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/** Templates built and started in a real Felix with SCR. */
class FrameworkTemplateTest {

    static List<Path> bundles;

    @TempDir
    Path dir;

    /**
     * SCR and the OSGi libraries from the test class path, and a component bundle written here
     * (the project's own bundles are folders, not jars, in a reactor build): its one component
     * provides a java.lang.Object service with a property.
     */
    @BeforeAll
    static void bundles(@TempDir Path jars) throws IOException {
        bundles = scrFromTheClassPath();
        Path component = jars.resolve("component.jar");
        writeComponentBundle(component, "template");
        bundles.add(component);
    }

    /** The jars of SCR and its three OSGi libraries, from the test class path. */
    static List<Path> scrFromTheClassPath() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && (entry.contains("org.apache.felix.scr") || entry.contains("org.osgi.util")
                    || entry.contains("org.osgi.service.component"))) {
                jars.add(Path.of(entry));
            }
        }
        assertEquals(4, jars.size(), "SCR and its three OSGi libraries on the class path: " + jars);
        return jars;
    }

    static void writeComponentBundle(Path jar, String property) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "io.rktj.test.component");
        manifest.getMainAttributes().putValue("Service-Component", "OSGI-INF/component.xml");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("OSGI-INF/component.xml"));
            out.write(("<?xml version=\"1.0\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"test\">\n"
                    + "  <implementation class=\"java.lang.Object\"/>\n"
                    + "  <property name=\"rkt.test\" value=\"" + property + "\"/>\n"
                    + "  <service><provide interface=\"java.lang.Object\"/></service>\n"
                    + "</scr:component>\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static Framework framework(Path storage, boolean fromTemplate) {
        Map<String, String> config = new HashMap<>();
        FrameworkTemplate.storageProperties(storage, fromTemplate).forEach((k, v) -> config.put(k, (String) v));
        config.put("felix.cache.locking", "false");
        config.put("ds.log.enabled", "false");
        config.put("felix.log.level", "0");
        return ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
    }

    @Test
    void aCopyOfTheTemplateStartsEveryBundleWithoutInstallingOrParsingDescriptorsAgain() throws Exception {
        FrameworkTemplate template = FrameworkTemplate.of(dir.resolve("cache"), "jdk|" + bundles);
        assertFalse(template.exists());
        assertTrue(template.build(bundles, Set.of(), storage -> framework(storage, false)));
        assertTrue(template.exists());
        try (Stream<Path> files = Files.walk(template.directory())) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("componentMetadataStore")),
                    "SCR saved its component descriptions in the template");
        }
        try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of(template.directory()), left.toList(), "no build folder left behind");
        }

        // Proof that SCR reads its saved description: the jar's own now says otherwise. (A real
        // change of a jar changes the fingerprint, so a new template is built.)
        Path component = bundles.get(bundles.size() - 1);
        byte[] original = Files.readAllBytes(component);
        writeComponentBundle(component, "changed");
        Path storage = dir.resolve("run/1234");
        try {
            startFromTemplate(template, storage);
        } finally {
            Files.write(component, original);
        }
    }

    private void startFromTemplate(FrameworkTemplate template, Path storage) throws Exception {
        assertTrue(template.copyTo(storage));
        Framework framework = framework(storage, true);
        framework.init();
        try {
            int before = framework.getBundleContext().getBundles().length;
            assertEquals(bundles.size() + 1, before, "the copy holds every bundle, installed");
            BundleDeployer deployer = new BundleDeployer(framework.getBundleContext());
            deployer.adopt(bundles);
            assertEquals(before, framework.getBundleContext().getBundles().length, "nothing installed again");
            framework.start();
            deployer.startCommand(framework.adapt(FrameworkWiring.class), true);
            deployer.startRest();
            assertEquals(Map.of(), deployer.failures());
            assertEquals(1, framework.getBundleContext().getServiceReferences(Object.class, "(rkt.test=template)").size(),
                    "the component registered its service from SCR's saved description");
            assertEquals(0, framework.getBundleContext().getServiceReferences(Object.class, "(rkt.test=changed)").size());
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void adoptInstallsTheJarsTheTemplateLacksAndUninstallsTheOthers() throws Exception {
        List<Path> some = bundles.stream().filter(j -> j.toString().contains("org.osgi.util")).toList();
        List<Path> other = bundles.stream().filter(j -> j.toString().contains("org.osgi.service.component")).toList();
        assertFalse(some.isEmpty());
        assertFalse(other.isEmpty());
        FrameworkTemplate template = FrameworkTemplate.of(dir.resolve("cache"), "some");
        assertTrue(template.build(some, Set.of(), storage -> framework(storage, false)));
        Path storage = dir.resolve("run/1");
        assertTrue(template.copyTo(storage));
        Framework framework = framework(storage, true);
        framework.init();
        try {
            new BundleDeployer(framework.getBundleContext()).adopt(other);
            List<String> locations = Stream.of(framework.getBundleContext().getBundles())
                    .filter(b -> b.getBundleId() != 0).map(Bundle::getLocation).toList();
            assertEquals(other.stream().map(BundleDeployer::location).toList(), locations);
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aNewFingerprintGetsItsOwnTemplateAndTheOldOneGoes() throws Exception {
        List<Path> some = bundles.stream().filter(j -> j.toString().contains("org.osgi.util")).toList();
        FrameworkTemplate old = FrameworkTemplate.of(dir.resolve("cache"), "jdk 17|a.jar,1,2");
        FrameworkTemplate current = FrameworkTemplate.of(dir.resolve("cache"), "jdk 17|a.jar,1,3");
        assertNotEquals(old.directory(), current.directory());
        Path otherJdk = Files.createDirectories(dir.resolve("cache/framework-00000000-0123456789abcdef"));
        assertTrue(old.build(some, Set.of(), storage -> framework(storage, false)));
        assertTrue(current.build(some, Set.of(), storage -> framework(storage, false)));
        assertTrue(current.exists());
        assertFalse(old.exists());
        assertTrue(Files.isDirectory(otherJdk), "another JDK's template is kept");
    }

    @Test
    void withoutATemplateTheCopyFailsAndLeavesTheStorageEmpty() throws IOException {
        FrameworkTemplate missing = FrameworkTemplate.of(dir.resolve("cache"), "none");
        Path storage = Files.createDirectories(dir.resolve("run/2/bundle7"));
        assertFalse(missing.copyTo(storage.getParent()));
        try (Stream<Path> left = Files.list(storage.getParent())) {
            assertEquals(0, left.count());
        }
    }
}
