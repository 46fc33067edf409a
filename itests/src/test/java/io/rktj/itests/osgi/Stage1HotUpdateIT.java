package io.rktj.itests.osgi;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;

import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PodState;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.DistributionOptions;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;
import io.rktj.itests.support.UuidFile;
import io.rktj.itests.support.Workspace;

/**
 * Hot update of the fly flavor: a pod started by the shipped stage1-fly jar keeps running while
 * the bundle is updated to a new revision, and the new revision stops it. The pod is started by
 * bin/rkt in its own process, because the fly flavor execs its supervisor in place of the
 * caller; the framework here uses the same data dir.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class Stage1HotUpdateIT {
    private static final String FLY = "(&(" + Stage1Flavor.FLAVOR_PROPERTY + "=fly)(" + Stage1Flavor.INTERFACE_PROPERTY + "=1))";

    @Inject
    private BundleContext context;

    private Workspace ws;
    private RktProcess pod;

    /** Driver side: Pax Exam may ask for the configuration more than once; one workspace serves all. */
    private static Workspace configured;

    @Configuration
    public Option[] config() {
        if (configured == null) {
            configured = Workspace.create("Stage1HotUpdateIT");
            AciBuilder.busybox("example.com/hot-update").exec("/bin/sleep", "300").writeTo(configured.image("sleep.aci"));
        }
        return DistributionOptions.forWorkspace(configured);
    }

    @After
    public void cleanUp() {
        if (ws != null) {
            ws.close();
        }
    }

    @Test
    public void aPodOfTheOldRevisionKeepsRunningAndTheNewRevisionStopsIt() throws Exception {
        ws = Workspace.open(Path.of(context.getProperty("rktj.itest.workspace")));
        Bundle fly = bundle("io.rktj.stage1-fly");
        ServiceReference<Stage1Flavor> oldFlavor = Services.await(context, Stage1Flavor.class, FLY);
        assertEquals(fly, oldFlavor.getBundle());

        Path uuidFile = ws.file("uuid");
        pod = ws.start(ws.rkt().call(INSECURE, "run", "--stage1-name=fly", "--uuid-file-save=" + uuidFile, ws.image("sleep.aci").toString(),
                "--exec", "/bin/sleep", "--", "300"));
        UUID uuid = UUID.fromString(UuidFile.await(uuidFile, Duration.ofSeconds(60), pod));
        awaitState(uuid, PodState.RUNNING, pod::describe);
        String oldRevision = String.valueOf(oldFlavor.getProperty(Stage1Flavor.VERSION_PROPERTY));
        String record = lifecycle().status(uuid).flavor();
        assertEquals("the pod records the flavor that started it", "fly " + oldRevision + " 1", record);

        Version oldVersion = fly.getVersion();
        Version newVersion = new Version(oldVersion.getMajor(), oldVersion.getMinor(), oldVersion.getMicro() + 1, "hotupdate");
        Path newJar = JarRevision.restamp(jarOf(fly), newVersion, ws.file("stage1-fly-new.jar"));
        try (InputStream in = Files.newInputStream(newJar)) {
            fly.update(in);
        }
        refresh(fly);

        assertEquals(newVersion, fly.getVersion());
        ServiceReference<Stage1Flavor> newFlavor = awaitFlavorOf(newVersion);
        assertNotEquals(oldFlavor.getProperty("service.id"), newFlavor.getProperty("service.id"));
        assertEquals(newFlavor.getProperty(Stage1Flavor.VERSION_PROPERTY), context.getService(newFlavor).version());
        assertEquals("one fly flavor after the refresh", 1,
                context.getServiceReferences(Stage1Flavor.class, FLY).size());

        assertTrue("the pod died with the old revision\n" + pod.describe(), pod.isAlive());
        assertEquals(PodState.RUNNING, lifecycle().status(uuid).state());
        assertEquals(record, lifecycle().status(uuid).flavor());

        lifecycle().stop(uuid, false);

        RktResult ended = pod.await(Duration.ofSeconds(30));
        assertNotNull("the new revision did not stop the pod\n" + pod.describe(), ended);
        awaitState(uuid, PodState.EXITED, ended::describe);
    }

    /** The jar a bundle was installed from, by file: or reference:file: location. */
    private static Path jarOf(Bundle b) {
        return Path.of(URI.create(b.getLocation().replaceFirst("^reference:", "")));
    }

    private PodLifecycle lifecycle() {
        return Services.get(context, PodLifecycle.class, null);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** Refreshing is asynchronous: the framework says when it is done. */
    private void refresh(Bundle b) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh did not finish", done.await(60, TimeUnit.SECONDS));
    }

    private ServiceReference<Stage1Flavor> awaitFlavorOf(Version version) throws Exception {
        Instant end = Instant.now().plusSeconds(Services.TIMEOUT_SECONDS);
        while (Instant.now().isBefore(end)) {
            for (ServiceReference<Stage1Flavor> ref : context.getServiceReferences(Stage1Flavor.class, FLY)) {
                if (ref.getBundle() != null && version.equals(ref.getBundle().getVersion())) {
                    return ref;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no fly flavor from revision " + version);
    }

    private void awaitState(UUID uuid, PodState state, Supplier<String> context) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(60);
        Object last = null;
        while (Instant.now().isBefore(end)) {
            try {
                last = lifecycle().status(uuid).state();
            } catch (RuntimeException e) {
                last = e;
            }
            if (last == state) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("pod " + uuid + " is " + last + ", not " + state + "\n" + context.get());
    }
}
