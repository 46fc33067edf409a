package io.rktj.api.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rktj.api.RktException;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.MountPoint;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.Volume;

/**
 * Which volumes the app gets, and where: the pod manifest's mounts for the app first (they win
 * over a mount point of the same volume), then the mount points of the image and of the app,
 * each matched with the pod's volume of that name (or the mount's own appVolume). A mount
 * point no volume satisfies gets an empty volume (0755, root), as rkt's main stage1 did; a
 * volume no mount uses is left alone. A volume's readOnly, when unset, comes from the mount point.
 */
public final class VolumePlan {
    private VolumePlan() {
    }

    public static List<VolumeMount> of(RuntimeApp app, ImageManifest image, List<Volume> podVolumes) {
        Map<String, Mount> mounts = new LinkedHashMap<>();
        Map<String, Boolean> mountPointReadOnly = new LinkedHashMap<>();
        for (Mount m : nullSafe(app.mounts())) {
            if (mounts.putIfAbsent(m.volume(), m) != null) {
                throw new RktException("app " + app.name() + ": volume " + m.volume() + " is mounted twice");
            }
        }
        List<MountPoint> points = new ArrayList<>();
        if (image != null && image.app() != null) {
            points.addAll(nullSafe(image.app().mountPoints()));
        }
        App own = app.app();
        if (own != null) {
            points.addAll(nullSafe(own.mountPoints()));
        }
        for (MountPoint mp : points) {
            mounts.putIfAbsent(mp.name(), new Mount(mp.name(), mp.path(), null));
            mountPointReadOnly.putIfAbsent(mp.name(), Boolean.TRUE.equals(mp.readOnly()));
        }
        List<VolumeMount> out = new ArrayList<>();
        for (Mount m : mounts.values()) {
            Volume v = m.appVolume() != null ? m.appVolume() : volume(podVolumes, m.volume());
            if (v == null) {
                v = new Volume(m.volume(), "empty", null, null, null, "0755", 0, 0);
            }
            boolean readOnly = v.readOnly() != null ? v.isReadOnly() : mountPointReadOnly.getOrDefault(m.volume(), false);
            out.add(new VolumeMount(v, m.path(), readOnly));
        }
        return out;
    }

    private static Volume volume(List<Volume> volumes, String name) {
        for (Volume v : nullSafe(volumes)) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
