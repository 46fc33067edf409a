package io.rktj.api.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.rktj.api.RktException;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.MountPoint;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.Volume;

class VolumePlanTest {
    private static final Volume DATA = new Volume("data", "host", "/srv/data", null, null, null, null, null);
    private static final Volume LOGS = new Volume("logs", "host", "/var/log", false, false, null, null, null);

    private static ImageManifest image(MountPoint... points) {
        App app = new App(List.of("/bin/true"), "0", "0", null, null, null, null, List.of(points), null, null);
        return new ImageManifest("ImageManifest", "0.8.11", "example.com/x", null, app, null, null, null);
    }

    private static RuntimeApp app(Mount... mounts) {
        return new RuntimeApp("x", null, null, null, List.of(mounts), null);
    }

    @Test
    void mountsTakeTheirPodVolume() {
        List<VolumeMount> plan = VolumePlan.of(app(new Mount("data", "/data", null)), image(), List.of(DATA, LOGS));
        assertEquals(List.of(new VolumeMount(DATA, "/data", false)), plan);
    }

    @Test
    void mountPointsTakeTheVolumeOfTheirNameAndLendTheirReadOnly() {
        List<VolumeMount> plan = VolumePlan.of(app(), image(new MountPoint("data", "/srv", true), new MountPoint("logs", "/logs", true)),
                List.of(DATA, LOGS));
        assertEquals(List.of(new VolumeMount(DATA, "/srv", true), new VolumeMount(LOGS, "/logs", false)), plan);
    }

    @Test
    void anExplicitMountWinsOverTheMountPointsPath() {
        List<VolumeMount> plan = VolumePlan.of(app(new Mount("data", "/elsewhere", null)), image(new MountPoint("data", "/srv", true)),
                List.of(DATA));
        assertEquals(List.of(new VolumeMount(DATA, "/elsewhere", true)), plan);
    }

    @Test
    void anUnsatisfiedMountPointGetsAnEmptyVolume() {
        List<VolumeMount> plan = VolumePlan.of(app(), image(new MountPoint("cache", "/cache", false)), List.of());
        assertEquals("empty", plan.get(0).volume().kind());
        assertEquals("0755", plan.get(0).volume().mode());
    }

    @Test
    void anAppVolumeIsUsedAsIs() {
        Volume inline = new Volume("tmp", "empty", null, true, null, "1777", 0, 0);
        List<VolumeMount> plan = VolumePlan.of(app(new Mount("tmp", "/scratch", inline)), image(), List.of());
        assertEquals(List.of(new VolumeMount(inline, "/scratch", true)), plan);
    }

    @Test
    void aVolumeMountedTwiceIsAnError() {
        assertThrows(RktException.class,
                () -> VolumePlan.of(app(new Mount("data", "/a", null), new Mount("data", "/b", null)), image(), List.of(DATA)));
    }
}
