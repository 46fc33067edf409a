package io.rktj.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageStore;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.image.TrustedKeys;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.itests.support.DistributionOptions;
import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.Workspace;

/** The distribution's bundles in a real Felix: all resolve and start, and the services are there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBundlesIT {
    private static final List<String> RKTJ_BUNDLES = List.of(
            "io.rktj.api", "io.rktj.native", "io.rktj.core", "io.rktj.cli", "io.rktj.image-store", "io.rktj.stage1-fly",
            "io.rktj.net-cni", "io.rktj.fetch-docker", "io.rktj.fetch-oci", "io.rktj.stage2-runc",
            "io.rktj.stage1-systemd", "io.rktj.fetch-aci", "io.rktj.daemon");

    @Inject
    private BundleContext context;

    /** Driver side: Pax Exam may ask for the configuration more than once; one workspace serves all. */
    private static Workspace configured;

    @Configuration
    public Option[] config() {
        if (configured == null) {
            configured = Workspace.create("DistributionBundlesIT");
            Runtime.getRuntime().addShutdownHook(new Thread(configured::close));
        }
        return DistributionOptions.forWorkspace(configured);
    }

    /** The distribution's bundles are ACTIVE (fragments RESOLVED); the test harness's own are at least resolved. */
    @Test
    public void everyBundleResolvesAndIsActive() {
        String home = Rkt.home().toUri().toString();
        List<String> shipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fromDistribution = b.getLocation().replaceFirst("^reference:", "").startsWith(home);
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fromDistribution && !fragment ? Bundle.ACTIVE : Bundle.RESOLVED;
            if (fromDistribution) {
                shipped.add(b.getSymbolicName());
            }
            if ((b.getState() & (Bundle.INSTALLED | Bundle.UNINSTALLED)) != 0 || b.getState() < expected) {
                problems.add(b.getSymbolicName() + " " + b.getVersion() + " in state " + b.getState() + why(b));
            }
        }
        assertEquals(DistributionOptions.shippedBundles().size(), shipped.size());
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    /** Starting a bundle that did not start gives the resolver's or the activator's reason. */
    private static String why(Bundle b) {
        try {
            b.start();
            return "";
        } catch (BundleException | RuntimeException e) {
            return ": " + e.getMessage();
        }
    }

    @Test
    public void theProjectsBundlesAreAllInstalledFromTheDistribution() {
        List<String> names = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).toList();
        for (String name : RKTJ_BUNDLES) {
            assertTrue(name + " missing from " + names, names.contains(name));
        }
    }

    @Test
    public void thePodLifecycleRegisters() {
        assertEquals("io.rktj.core", Services.await(context, PodLifecycle.class, null).getBundle().getSymbolicName());
    }

    @Test
    public void theImageStoreRegisters() {
        Services.await(context, ImageStore.class, null);
    }

    @Test
    public void aFetcherServesFileImages() throws Exception {
        Services.await(context, ImageFetcher.class, null);
        List<String> schemes = new ArrayList<>();
        for (ServiceReference<ImageFetcher> ref : context.getServiceReferences(ImageFetcher.class, null)) {
            schemes.addAll(Services.values(ref, ImageFetcher.SCHEMES_PROPERTY));
        }
        assertTrue("fetcher schemes " + schemes, schemes.contains("file"));
        assertTrue("fetcher schemes " + schemes, schemes.containsAll(List.of("docker", "oci", "oci-archive")));
    }

    @Test
    public void theCniNetworksRegister() {
        ServiceReference<NetworkPlugin> ref = Services.await(context, NetworkPlugin.class,
                "(" + NetworkPlugin.NET_PROPERTY + "=cni)");
        assertEquals("io.rktj.net-cni", ref.getBundle().getSymbolicName());
        for (String net : List.of("host", "none")) {
            assertEquals("io.rktj.net-cni", Services.await(context, NetworkPlugin.class,
                    "(" + NetworkPlugin.NET_PROPERTY + "=" + net + ")").getBundle().getSymbolicName());
        }
    }

    @Test
    public void theAciFetcherServesUrlsAndNamesAndTheTrustedKeysRegister() throws Exception {
        List<String> schemes = new ArrayList<>();
        for (ServiceReference<ImageFetcher> ref : context.getServiceReferences(ImageFetcher.class,
                "(" + ImageFetcher.SCHEMES_PROPERTY + "=https)")) {
            assertEquals("io.rktj.fetch-aci", ref.getBundle().getSymbolicName());
            schemes.addAll(Services.values(ref, ImageFetcher.SCHEMES_PROPERTY));
        }
        assertEquals(List.of("file", "http", "https", "appc"), schemes);
        assertEquals("io.rktj.fetch-aci", Services.await(context, TrustedKeys.class, null).getBundle().getSymbolicName());
    }

    @Test
    public void theFlyFlavorRegistersWithItsInterfaceVersion() {
        ServiceReference<Stage1Flavor> ref = Services.await(context, Stage1Flavor.class,
                "(&(" + Stage1Flavor.FLAVOR_PROPERTY + "=fly)(" + Stage1Flavor.INTERFACE_PROPERTY + "=1))");
        assertEquals("io.rktj.stage1-fly", ref.getBundle().getSymbolicName());
        Stage1Flavor fly = context.getService(ref);
        assertEquals("fly", fly.name());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theRktCommandRegistersAndAnswers() {
        ServiceReference<Function> ref = Services.await(context, Function.class, "(rkt.command=rkt)");
        assertEquals("io.rktj.cli", ref.getBundle().getSymbolicName());
        Function<String[], Integer> rkt = context.getService(ref);
        assertEquals(Integer.valueOf(0), rkt.apply(new String[] {"version"}));
    }

    /** The daemon's way in: a client's streams, environment and uid; what it must not serve is sent back. */
    @Test
    @SuppressWarnings("unchecked")
    public void theRequestServiceRunsAClientsCommandWithItsStreams() {
        ServiceReference<Function> ref = Services.await(context, Function.class, "(rkt.command=request)");
        assertEquals("io.rktj.cli", ref.getBundle().getSymbolicName());
        Function<java.util.Map<String, Object>, Integer> request = context.getService(ref);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.Map<String, Object> call = new java.util.HashMap<>();
        call.put("args", new String[] {"--dir=" + context.getProperty("rkt.dir"), "version"});
        call.put("out", new java.io.PrintStream(out, true));
        call.put("err", System.err);
        call.put("env", java.util.Map.of());
        call.put("cwd", "/");
        call.put("uid", 0);
        call.put("stderrTerminal", false);
        assertEquals(Integer.valueOf(0), request.apply(call));
        assertTrue(out.toString(), out.toString().startsWith("rkt Version: "));

        call.put("args", new String[] {"--dir=" + context.getProperty("rkt.dir"), "run", "./relative.aci"});
        assertEquals(Integer.valueOf(Integer.MIN_VALUE), request.apply(call));
    }
}
