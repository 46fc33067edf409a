package io.rktj.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTP(S) server for the tests (the JDK's com.sun.net.httpserver): serves files by path with
 * an ETag, Cache-Control, Range and If-None-Match, serves discovery pages for
 * {@code ?ac-discovery=1}, can cut the first answer for a path short, and logs every request.
 * HTTPS uses a self-signed certificate made by keytool, so rkt needs --insecure-options=tls.
 */
public final class ImageServer implements AutoCloseable {
    /** One request as the server saw it and what it answered. */
    public record Request(String method, String path, String query, String range, String ifNoneMatch, String ifRange,
            int status, long bodyBytes) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, Long> truncateOnce = new ConcurrentHashMap<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private volatile String cacheControl = "no-cache";

    private ImageServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Plain HTTP on 127.0.0.1 and a free port. */
    public static ImageServer http() {
        try {
            return new ImageServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTPS on a free port of 127.0.0.1. */
    public static ImageServer https(Path workDir) {
        return https(workDir, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Plain HTTP on port 80 of a random address in 127.0.0.0/8 (see {@link #httpsOnPort443}). */
    public static ImageServer httpOnPort80() {
        for (int attempt = 0;; attempt++) {
            try {
                return new ImageServer(HttpServer.create(new InetSocketAddress(randomLoopback(), 80), 16));
            } catch (BindException e) {
                if (attempt > 20) {
                    throw new UncheckedIOException(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static InetAddress randomLoopback() throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return InetAddress.getByName("127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255));
    }

    /**
     * HTTPS on port 443 of a random address in 127.0.0.0/8, so that an appc image name can name
     * it as its host (names carry no port) without colliding with anyone else's server.
     */
    public static ImageServer httpsOnPort443(Path workDir) {
        for (int attempt = 0;; attempt++) {
            try {
                return https(workDir, new InetSocketAddress(randomLoopback(), 443));
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof BindException) || attempt > 20) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ImageServer https(Path workDir, InetSocketAddress address) {
        try {
            HttpsServer s = HttpsServer.create(address, 16);
            s.setHttpsConfigurator(new HttpsConfigurator(selfSigned(workDir, address.getAddress().getHostAddress())));
            return new ImageServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLContext selfSigned(Path workDir, String ip) {
        try {
            Path store = workDir.resolve("server-" + ip + ".p12");
            if (!Files.exists(store)) {
                Files.createDirectories(workDir);
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
                        "-alias", "server", "-dname", "CN=" + ip, "-ext", "san=ip:" + ip, "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + out);
                }
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** {@code https://host:port} or {@code http://host:port}; without the port when it is the scheme's own. */
    public String base() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        int port = server.getAddress().getPort();
        String host = server.getAddress().getAddress().getHostAddress();
        boolean defaultPort = scheme.equals("https") ? port == 443 : port == 80;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** The host address (for appc names served on port 443). */
    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public String url(String path) {
        return base() + path;
    }

    public ImageServer serve(String path, byte[] content) {
        files.put(path, content.clone());
        return this;
    }

    public ImageServer serve(String path, Path file) {
        try {
            return serve(path, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page served for {@code GET path?ac-discovery=1}. */
    public ImageServer discoveryPage(String path, String html) {
        pages.put(path, html);
        return this;
    }

    /** The next full answer for the path promises the whole file but sends only {@code bytes} of it, then hangs up. */
    public ImageServer truncateOnce(String path, long bytes) {
        truncateOnce.put(path, bytes);
        return this;
    }

    public ImageServer cacheControl(String value) {
        this.cacheControl = value;
        return this;
    }

    public List<Request> log() {
        return List.copyOf(log);
    }

    /** The requests for one path. */
    public List<Request> requests(String path) {
        return log.stream().filter(r -> r.path().equals(path)).toList();
    }

    public long bytesServed(String path) {
        return requests(path).stream().mapToLong(Request::bodyBytes).sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery();
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        int status = 500;
        long sent = 0;
        try {
            if (query != null && query.contains("ac-discovery=1")) {
                String page = pages.get(path);
                if (page == null) {
                    status = 404;
                    ex.sendResponseHeaders(status, -1);
                } else {
                    byte[] body = page.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    status = 200;
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                    sent = body.length;
                }
                return;
            }
            byte[] content = files.get(path);
            if (content == null) {
                status = 404;
                ex.sendResponseHeaders(status, -1);
                return;
            }
            String etag = "\"" + sha256(content) + "\"";
            ex.getResponseHeaders().set("ETag", etag);
            ex.getResponseHeaders().set("Cache-Control", cacheControl);
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (range == null && etag.equals(ifNoneMatch)) {
                status = 304;
                ex.sendResponseHeaders(status, -1);
                return;
            }
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && (ifRange == null || ifRange.equals(etag))) {
                long from = Long.parseLong(m.group(1));
                if (from >= content.length) {
                    status = 416;
                    ex.sendResponseHeaders(status, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                status = 206;
                ex.sendResponseHeaders(status, content.length - from);
                ex.getResponseBody().write(content, (int) from, (int) (content.length - from));
                sent = content.length - from;
                return;
            }
            status = 200;
            Long cut = truncateOnce.remove(path);
            ex.sendResponseHeaders(status, content.length);
            OutputStream body = ex.getResponseBody();
            if (cut != null) {
                body.write(content, 0, (int) (long) cut);
                body.flush();
                sent = cut;
                // hang up mid-body: the client sees fewer bytes than Content-Length promised
                closeConnection(ex);
                return;
            }
            body.write(content);
            sent = content.length;
        } finally {
            log.add(new Request(ex.getRequestMethod(), path, query, range, ifNoneMatch, ifRange, status, sent));
            ex.close();
        }
    }

    /** Drops the TCP connection under the exchange (the JDK server has no API for an aborted answer). */
    private static void closeConnection(HttpExchange ex) throws IOException {
        // closing the raw body stream before Content-Length bytes were written makes the server
        // close the connection ("insufficient bytes written")
        try {
            ex.getResponseBody().close();
        } catch (IOException expected) {
            // the server complains about the short body and drops the connection, as wanted
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService es) {
            es.shutdownNow();
        }
    }
}
