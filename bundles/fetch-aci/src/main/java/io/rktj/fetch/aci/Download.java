package io.rktj.fetch.aci;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resumable, revalidating download of one URL into a partial file that outlives a failed
 * attempt: the next attempt asks only for the missing bytes ({@code Range}, guarded by
 * {@code If-Range} with the ETag of the first answer). Without a partial file the request
 * carries {@code If-None-Match} with the ETag of the copy in the store, and a 304 means the
 * copy is still good.
 *
 * @param notModified the server said 304
 * @param etag        the answer's ETag (or the cached one after a 304)
 * @param maxAge      Cache-Control max-age in seconds; 0 for none, no-cache or no-store
 */
record Download(boolean notModified, String etag, long maxAge) {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    /**
     * Downloads {@code uri} into {@code partial}; {@code partial + ".etag"} keeps the ETag the
     * partial content belongs to. A complete download is renamed to {@code done}, so the partial
     * name only ever holds an unfinished one. Other rkt processes fetching the same URL wait on
     * {@code partial + ".lock"}, which is never deleted.
     */
    static Download fetch(Http http, URI uri, String cachedEtag, Path partial, Path done) throws IOException {
        Files.createDirectories(partial.getParent());
        Path etagFile = partial.resolveSibling(partial.getFileName() + ".etag");
        Path lockFile = partial.resolveSibling(partial.getFileName() + ".lock");
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lock.lock();
            Download d;
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                d = download(http, uri, cachedEtag, ch, etagFile);
            }
            if (d.notModified()) {
                if (Files.size(partial) == 0) {
                    Files.deleteIfExists(partial);
                }
            } else {
                Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(etagFile);
            }
            return d;
        }
    }

    private static Download download(Http http, URI uri, String cachedEtag, FileChannel ch, Path etagFile)
            throws IOException {
        for (int attempt = 0;; attempt++) {
            long have = ch.size();
            String partialEtag = have > 0 && Files.exists(etagFile)
                    ? Files.readString(etagFile, StandardCharsets.UTF_8).trim() : null;
            HttpURLConnection c = http.open(uri);
            try {
                if (have > 0) {
                    c.setRequestProperty("Range", "bytes=" + have + "-");
                    if (partialEtag != null && !partialEtag.isEmpty()) {
                        c.setRequestProperty("If-Range", partialEtag);
                    }
                } else if (cachedEtag != null && !cachedEtag.isEmpty()) {
                    c.setRequestProperty("If-None-Match", cachedEtag);
                }
                int status = c.getResponseCode();
                String etag = c.getHeaderField("ETag");
                long maxAge = maxAge(c.getHeaderField("Cache-Control"));
                switch (status) {
                    case HttpURLConnection.HTTP_NOT_MODIFIED -> {
                        if (have > 0) {
                            throw new IOException("GET " + uri + ": HTTP status 304 to a range request");
                        }
                        return new Download(true, etag == null ? cachedEtag : etag, maxAge);
                    }
                    case HttpURLConnection.HTTP_OK -> {
                        ch.truncate(0);
                        writeEtag(etagFile, etag);
                        receive(c, ch, 0, c.getContentLengthLong(), uri);
                        return new Download(false, etag, maxAge);
                    }
                    case HttpURLConnection.HTTP_PARTIAL -> {
                        Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")));
                        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                            throw new IOException("GET " + uri + ": the server resumed at the wrong place ("
                                    + c.getHeaderField("Content-Range") + ", have " + have + " bytes)");
                        }
                        receive(c, ch, have, c.getContentLengthLong(), uri);
                        return new Download(false, etag == null ? partialEtag : etag, maxAge);
                    }
                    case 416 -> {
                        // the partial file does not fit the resource any more: start again
                        ch.truncate(0);
                        if (attempt > 0) {
                            throw new IOException("GET " + uri + ": HTTP status 416");
                        }
                    }
                    default -> throw new IOException("GET " + uri + ": HTTP status " + status);
                }
            } finally {
                c.disconnect();
            }
        }
    }

    private static void writeEtag(Path etagFile, String etag) throws IOException {
        if (etag == null) {
            Files.deleteIfExists(etagFile);
        } else {
            Files.writeString(etagFile, etag, StandardCharsets.UTF_8);
        }
    }

    private static void receive(HttpURLConnection c, FileChannel ch, long from, long length, URI uri) throws IOException {
        long got = 0;
        ch.position(from);
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                got += n;
            }
        } catch (IOException e) {
            ch.force(false);
            throw new IOException("GET " + uri + ": download interrupted after " + (from + got)
                    + " bytes (the next fetch resumes it): " + e.getMessage(), e);
        }
        ch.force(false);
        if (length >= 0 && got < length) {
            throw new IOException("GET " + uri + ": download truncated at " + (from + got) + " of " + (from + length)
                    + " bytes (the next fetch resumes it)");
        }
    }

    /** Cache-Control's max-age in seconds; 0 when absent or when no-cache or no-store says not to reuse. */
    static long maxAge(String cacheControl) {
        if (cacheControl == null) {
            return 0;
        }
        long maxAge = 0;
        for (String part : cacheControl.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.equals("no-cache") || p.equals("no-store")) {
                return 0;
            }
            if (p.startsWith("max-age=")) {
                try {
                    maxAge = Math.max(0, Long.parseLong(p.substring("max-age=".length()).replace("\"", "")));
                } catch (NumberFormatException e) {
                    maxAge = 0;
                }
            }
        }
        return maxAge;
    }
}
