package io.rktj.fetch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.rktj.api.RktException;

/** docker:// references read as Docker reads them, and named as docker2aci named them. */
class DockerRefTest {
    @Test
    void dockerHubOfficialImage() {
        DockerRef r = DockerRef.parse("docker://busybox");
        assertEquals("registry-1.docker.io", r.registry());
        assertEquals("library/busybox", r.repository());
        assertEquals("latest", r.tag());
        assertEquals("registry-1.docker.io/library/busybox", r.imageName());
    }

    @Test
    void registryWithPortTagAndDigest() {
        DockerRef r = DockerRef.parse("docker://127.0.0.1:5000/team/app:v1.2");
        assertEquals("127.0.0.1:5000", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals("v1.2", r.reference());
        assertEquals("127.0.0.1-5000/team/app", r.imageName());
        String digest = "sha256:" + "a".repeat(64);
        DockerRef d = DockerRef.parse("docker://quay.io/coreos/etcd@" + digest);
        assertEquals(digest, d.reference());
        assertEquals(null, d.tag());
        assertEquals("registry-1.docker.io", DockerRef.parse("docker://docker.io/library/nginx").registry());
        assertEquals("localhost", DockerRef.parse("docker://localhost/app").registry());
        assertEquals("user/app", DockerRef.parse("docker://user/app").repository());
    }

    @Test
    void badReferencesAreRefused() {
        assertEquals("fetch docker://Busybox: invalid repository name \"library/Busybox\"",
                assertThrows(RktException.class, () -> DockerRef.parse("docker://Busybox")).getMessage());
        assertEquals("fetch docker://busybox@sha256:12: invalid digest \"sha256:12\"",
                assertThrows(RktException.class, () -> DockerRef.parse("docker://busybox@sha256:12")).getMessage());
    }
}
