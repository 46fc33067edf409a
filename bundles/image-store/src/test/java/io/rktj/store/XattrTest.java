package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.ImageInfo;
import io.rktj.store.oci.OciImageBuilder;
import io.rktj.store.oci.OciImageBuilder.Compression;

/**
 * Extended attributes survive byte for byte, also values that are not UTF-8 text
 * (security.capability is binary; here user.* attributes, which any owner may set).
 */
class XattrTest {
    @TempDir
    Path dir;

    /** 0x80-0xff, a NUL, a newline and an '=': everything UTF-8 decoding or a naive PAX parser would break. */
    private static byte[] binary() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0x80; i <= 0xff; i++) {
            b.write(i);
        }
        b.write(0);
        b.write('\n');
        b.write('=');
        return b.toByteArray();
    }

    private static byte[] read(Path file, String userName) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(view.size(userName));
        view.read(userName, buf);
        return buf.array();
    }

    @Test
    void binaryXattrValuesOfSchilyAndLibarchiveRecordsReachTheRenderedFile() throws IOException {
        byte[] capabilityLike = {0x01, 0x00, 0x00, 0x02, (byte) 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("SCHILY.xattr.user.binary", binary());
        records.put("SCHILY.xattr.user.caps", capabilityLike);
        records.put("SCHILY.xattr.user.text", "h\u00e9llo w\u00f6rld".getBytes(StandardCharsets.UTF_8));
        records.put("LIBARCHIVE.xattr.user.from%3Dbsdtar", Base64.getEncoder().withoutPadding()
                .encodeToString(new byte[] {(byte) 0xfe, (byte) 0xff, 0x00, 0x7f}).getBytes(StandardCharsets.US_ASCII));
        OciImageBuilder b = new OciImageBuilder().layer(Compression.GZIP)
                .dir("bin", 0755)
                .fileWithBinaryPaxRecords("bin/ping", "ping", records)
                .file("bin/plain", "plain", 0755)
                .done();
        String digest = b.build();
        CasImageStore store = CasImageStore.at(dir);

        ImageInfo info = store.importOci(b.ref("example.com/xattrs", "1", digest), b.source(), FetchProgress.NONE);

        Path ping = store.render(info.id()).resolve("rootfs/bin/ping");
        assertEquals("ping", Files.readString(ping));
        assertArrayEquals(binary(), read(ping, "binary"));
        assertArrayEquals(capabilityLike, read(ping, "caps"));
        assertEquals("h\u00e9llo w\u00f6rld", new String(read(ping, "text"), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xff, 0x00, 0x7f}, read(ping, "from=bsdtar"));
        List<String> names = Files.getFileAttributeView(ping, UserDefinedFileAttributeView.class).list();
        assertEquals(4, names.size(), names::toString);
        Path plain = ping.resolveSibling("plain");
        assertEquals(List.of(), Files.getFileAttributeView(plain, UserDefinedFileAttributeView.class).list());
    }

    @Test
    void paxRecordsAreSplitByTheirLengthsNotByNewlines() {
        byte[] value = binary();
        String key = "SCHILY.xattr.user.x";
        int length = key.length() + value.length + 2; // '=' and '\n'
        length += String.valueOf(length + 3).length() + 1; // the length's digits and the space
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(value);
        b.write('\n');
        b.writeBytes("12 path=a/b\n".getBytes(StandardCharsets.UTF_8));

        Map<String, byte[]> parsed = PaxTarInputStream.records(b.toByteArray());

        assertArrayEquals(value, parsed.get(key));
        assertEquals("a/b", new String(parsed.get("path"), StandardCharsets.UTF_8));
    }

    @Test
    void libarchiveNamesArePercentDecodedOnly() {
        assertEquals("user.a=b+c%", PaxTarInputStream.percentDecode("user.a%3Db+c%"));
    }
}
