package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.connect.ConnectFrameworkFactory;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/** Bundles of the class path connected to it in a real Felix with SCR, beside an ordinary bundle. */
class ClassPathConnectorTest {
    static final String SCR_ACTIVATOR = "org.apache.felix.scr.impl.Activator";

    static List<Path> classPathBundles;
    static Path component;

    @TempDir
    Path dir;

    /** SCR and its OSGi libraries are on the test class path; the component bundle written here is not. */
    @BeforeAll
    static void bundles(@TempDir Path jars) throws IOException {
        classPathBundles = FrameworkTemplateTest.scrFromTheClassPath();
        component = jars.resolve("component.jar");
        FrameworkTemplateTest.writeComponentBundle(component, "connected");
    }

    private List<Path> all() {
        List<Path> jars = new ArrayList<>(classPathBundles);
        jars.add(component);
        return jars;
    }

    private static Framework framework(Path storage, ClassPathConnector connector, boolean fromTemplate) {
        Map<String, String> config = new HashMap<>();
        FrameworkTemplate.storageProperties(storage, fromTemplate).forEach((k, v) -> config.put(k, (String) v));
        config.put("felix.cache.locking", "false");
        config.put("ds.log.enabled", "false");
        config.put("felix.log.level", "0");
        ConnectFrameworkFactory factory = (ConnectFrameworkFactory) ServiceLoader.load(ConnectFrameworkFactory.class)
                .findFirst().orElseThrow();
        return factory.newFramework(config, connector);
    }

    @Test
    void connectsOnlyTheJarsOnTheClassPath() {
        ClassPathConnector connector = ClassPathConnector.of(all());
        Set<Path> expected = new java.util.HashSet<>();
        classPathBundles.forEach(j -> expected.add(j.toAbsolutePath().normalize()));
        assertEquals(expected, connector.jars());
        assertTrue(connector.connect(BundleDeployer.connectLocation(classPathBundles.get(0))).isPresent());
        assertTrue(connector.connect(BundleDeployer.connectLocation(component)).isEmpty());
        assertTrue(connector.connect(BundleDeployer.location(classPathBundles.get(0))).isEmpty(),
                "a reference: location is never connected (Felix would not ask anyway)");
    }

    @Test
    void connectedBundlesLoadFromTheClassPathAndServeAnOrdinaryBundle() throws Exception {
        ClassPathConnector connector = ClassPathConnector.of(all());
        startAndCheck(framework(dir.resolve("storage"), connector, false), connector, false);
    }

    @Test
    void aTemplateOfConnectedBundlesStartsConnectedAgain() throws Exception {
        ClassPathConnector connector = ClassPathConnector.of(all());
        FrameworkTemplate template = FrameworkTemplate.of(dir.resolve("cache"), "connected");
        assertTrue(template.build(all(), connector.jars(), storage -> framework(storage, connector, false)));
        Path storage = dir.resolve("run/1");
        assertTrue(template.copyTo(storage));
        startAndCheck(framework(storage, connector, true), connector, true);
    }

    /** Installs (or adopts from the template) every bundle, starts them and checks them connected; then stops. */
    private void startAndCheck(Framework framework, ClassPathConnector connector, boolean fromTemplate) throws Exception {
        framework.init();
        try {
            BundleDeployer deployer = new BundleDeployer(framework.getBundleContext(), connector.jars());
            if (fromTemplate) {
                int before = framework.getBundleContext().getBundles().length;
                deployer.adopt(all());
                assertEquals(before, framework.getBundleContext().getBundles().length, "nothing installed again");
            } else {
                deployer.install(all());
            }
            framework.start();
            deployer.startCommand(framework.adapt(FrameworkWiring.class), false);
            deployer.startRest();
            assertEquals(Map.of(), deployer.failures());
            assertConnected(framework);
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** SCR's classes come from the class path's loader, the component bundle's own loader is Felix's. */
    private static void assertConnected(Framework framework) throws Exception {
        Bundle scr = null;
        Bundle ordinary = null;
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (BundleDeployer.SCR.equals(bundle.getSymbolicName())) {
                scr = bundle;
            } else if ("io.rktj.test.component".equals(bundle.getSymbolicName())) {
                ordinary = bundle;
            }
        }
        assertEquals(Bundle.ACTIVE, scr.getState());
        assertEquals(BundleDeployer.connectLocation(classPathBundles.stream()
                .filter(j -> j.toString().contains("org.apache.felix.scr")).findFirst().orElseThrow()), scr.getLocation());
        assertSame(ClassPathConnectorTest.class.getClassLoader(), scr.loadClass(SCR_ACTIVATOR).getClassLoader());
        ClassLoader own = ordinary.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader();
        assertNotSame(ClassPathConnectorTest.class.getClassLoader(), own);
        assertEquals(1, framework.getBundleContext().getServiceReferences(Object.class, "(rkt.test=connected)").size(),
                "connected SCR ran the ordinary bundle's component");
    }

    @Test
    void usesDirectivesAreLeftOutOfExports() {
        assertEquals("a;version=\"1.0\",b", ClassPathConnector.withoutUses("a;uses:=\"x,y\";version=\"1.0\",b"));
        assertEquals("a;version=1,b;version=2", ClassPathConnector.withoutUses("a;version=1;uses:=x.y,b;uses:=\"z\";version=2"));
        assertEquals("a  ,b", ClassPathConnector.withoutUses("a ; uses:= \"x\" ,b"), "blanks around the clause stay");
        assertEquals("a;x=\"p;uses:=q\"", ClassPathConnector.withoutUses("a;x=\"p;uses:=q\""));
        assertEquals("a,b", ClassPathConnector.withoutUses("a,b"));
        assertEquals("a;myuses:=1", ClassPathConnector.withoutUses("a;myuses:=1"));
    }
}
