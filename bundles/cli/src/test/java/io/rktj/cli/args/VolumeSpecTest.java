package io.rktj.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.rktj.api.schema.Mount;
import io.rktj.api.schema.Volume;

class VolumeSpecTest {

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> VolumeSpec.parse(spec)).getMessage();
    }

    @Test
    void hostVolume() {
        assertEquals(new Volume("data", "host", "/srv/data", true, false, null, null, null),
                VolumeSpec.parse("data,kind=host,source=/srv/data,readOnly=true,recursive=false"));
        assertEquals(new Volume("data", "host", "/srv/data", null, null, null, null, null),
                VolumeSpec.parse("data,kind=host,source=/srv/data"));
    }

    @Test
    void emptyVolumeGetsAppcDefaults() {
        assertEquals(new Volume("scratch", "empty", null, null, null, "0755", 0, 0), VolumeSpec.parse("scratch,kind=empty"));
        assertEquals(new Volume("scratch", "empty", null, null, null, "0700", 1000, 100),
                VolumeSpec.parse("scratch,kind=empty,mode=0700,uid=1000,gid=100"));
    }

    @Test
    void badVolumesAreRejected() {
        String prefix = "invalid value in --volume flag ";
        assertEquals(prefix + "\"data\": unrecognized volume kind: should be one of \"empty\", \"host\"", error("data"));
        assertEquals(prefix + "\"data,kind=host\": source for host volume cannot be empty", error("data,kind=host"));
        assertEquals(prefix + "\"data,kind=host,source=rel\": source for host volume must be absolute path",
                error("data,kind=host,source=rel"));
        assertEquals(prefix + "\"data,kind=host,source=/x,mode=0700\": mode for host volume cannot be set",
                error("data,kind=host,source=/x,mode=0700"));
        assertEquals(prefix + "\"data,kind=empty,source=/x\": source for empty volume must be empty",
                error("data,kind=empty,source=/x"));
        assertEquals(prefix + "\"data,kind=host,source=/x,color=red\": unknown volume parameter \"color\"",
                error("data,kind=host,source=/x,color=red"));
        assertEquals(prefix + "\"data,kind=host,source=/x,readOnly=maybe\": \"maybe\" is not a boolean",
                error("data,kind=host,source=/x,readOnly=maybe"));
        assertEquals(prefix + "\"Data,kind=empty\": invalid volume name \"Data\" (lower-case letters, digits and single dashes)",
                error("Data,kind=empty"));
        assertEquals(prefix + "\"data,kind\": malformed string \"name=data,kind\" - has a label without a value: kind",
                error("data,kind"));
    }

    @Test
    void mounts() {
        assertEquals(new Mount("data", "/var/data", null), MountSpec.parse("volume=data,target=/var/data"));
        assertEquals("invalid volume name \"Bad\" in --mount flag \"volume=Bad,target=/x\"",
                assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("volume=Bad,target=/x")).getMessage());
        assertEquals("missing target= in --mount flag \"volume=data\"",
                assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("volume=data")).getMessage());
    }
}
