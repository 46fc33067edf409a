package io.rktj.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar stream that also keeps each entry's PAX extended header as bytes. commons-compress
 * (1.28) hands PAX values out only as strings decoded from UTF-8, which mangles an extended
 * attribute whose value is not text (security.capability, or any user.* value with bytes
 * 0x80-0xff); {@link #xattrs} gives the values as the archive has them, from
 * {@code SCHILY.xattr.NAME} (GNU tar, Go's archive/tar, so Docker and buildkit) and from
 * libarchive's {@code LIBARCHIVE.xattr.NAME} (URL-encoded name, base64 value).
 */
final class PaxTarInputStream extends TarArchiveInputStream {
    static final String SCHILY = "SCHILY.xattr.";
    static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
    private Map<String, byte[]> records = Map.of();
    private int depth;

    PaxTarInputStream(InputStream in) {
        super(in, StandardCharsets.UTF_8.name());
    }

    /** commons-compress reads a PAX header's content through this method: a copy is kept. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && current.isPaxHeader() && !current.isGlobalPaxHeader()) {
            pax.write(b, off, n);
        }
        return n;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // commons-compress calls this again from inside, for the entry a PAX header describes.
        if (depth++ == 0) {
            pax.reset();
        }
        TarArchiveEntry e;
        try {
            e = super.getNextEntry();
        } finally {
            depth--;
        }
        if (depth == 0) {
            records = pax.size() == 0 ? Map.of() : records(pax.toByteArray());
        }
        return e;
    }

    /**
     * The entry's extended attributes, name to value bytes. A raw value is used only where it is
     * what commons-compress decoded for the same key, so a header this class misread never counts.
     */
    Map<String, byte[]> xattrs(TarArchiveEntry e) {
        Map<String, String> extra = e.getExtraPaxHeaders();
        if (extra.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : extra.entrySet()) {
            String key = h.getKey();
            if (key.startsWith(SCHILY)) {
                byte[] raw = records.get(key);
                boolean same = raw != null && new String(raw, StandardCharsets.UTF_8).equals(h.getValue());
                out.put(key.substring(SCHILY.length()), same ? raw : h.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Map.Entry<String, String> h : extra.entrySet()) {
            String key = h.getKey();
            if (key.startsWith(LIBARCHIVE)) {
                try {
                    out.putIfAbsent(percentDecode(key.substring(LIBARCHIVE.length())),
                            Base64.getDecoder().decode(h.getValue().trim()));
                } catch (IllegalArgumentException bad) {
                    // not base64: libarchive did not write it; left out rather than stored wrong
                }
            }
        }
        return out;
    }

    /** PAX records, "LENGTH KEY=VALUE\n", LENGTH counting the whole record; values as bytes. */
    static Map<String, byte[]> records(byte[] data) {
        Map<String, byte[]> out = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] >= '0' && data[space] <= '9') {
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ') {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            int end = pos + length;
            if (length <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
                break;
            }
            int equals = space + 1;
            while (equals < end - 1 && data[equals] != '=') {
                equals++;
            }
            if (equals < end - 1) {
                String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
                out.put(key, Arrays.copyOfRange(data, equals + 1, end - 1));
            }
            pos = end;
        }
        return out;
    }

    /** libarchive's %XX escapes in an attribute name (only those: a '+' stays a '+'). */
    static String percentDecode(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && isHex((char) in[i + 1]) && isHex((char) in[i + 2])) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
