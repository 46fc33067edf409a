package io.rktj.api.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImageNameTest {
    @Test
    void versionAndLabelsBecomeLabels() {
        ImageName n = ImageName.parse("example.com/app:1.2,os=linux");
        assertEquals("example.com/app", n.name());
        assertEquals(List.of(new NameValue("version", "1.2"), new NameValue("os", "linux")), n.labels());
        assertEquals(List.of(), ImageName.parse("rktj.io/busybox").labels());
    }

    @Test
    void badNamesAndLabelsAreRefused() {
        assertTrue(assertThrows(SchemaException.class, () -> ImageName.parse("Bad Name")).getMessage().contains("not a valid image name"));
        assertTrue(assertThrows(SchemaException.class, () -> ImageName.parse("a,os")).getMessage().contains("bad label \"os\""));
    }

    @Test
    void idsAreRecognised() {
        assertTrue(ImageName.isId("sha512-a1fac2"));
        assertFalse(ImageName.isId("rktj.io/busybox"));
    }
}
