package io.rktj.fetch.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rktj.api.RktException;
import io.rktj.api.image.OciSource;

/**
 * Talks to one repository of a registry (distribution spec v2): manifests by tag or digest, blobs
 * by digest. Authenticates as the registry asks on its first 401: a Bearer token from the realm it
 * names (with the auth.d credentials as Basic, if any), or Basic itself. Redirects (to blob
 * storage) are followed without the registry's credentials.
 */
final class RegistryClient implements OciSource {
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final int MAX_MANIFEST = 4 << 20;
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Manifest(String digest, byte[] bytes) {
    }

    private final HttpClient http;
    private final DockerRef ref;
    private final String scheme;
    private final Optional<DockerAuth.Credentials> credentials;
    private volatile String authorization;

    RegistryClient(HttpClient http, DockerRef ref, String scheme, Optional<DockerAuth.Credentials> credentials) {
        this.http = http;
        this.ref = ref;
        this.scheme = scheme;
        this.credentials = credentials;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(15))
                .build();
    }

    /** The manifest (or index) a tag or digest names, its digest checked against what was asked and what the registry says. */
    Manifest fetchManifest(String reference) throws IOException {
        HttpResponse<InputStream> r = get("manifests/" + reference, ACCEPT);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MAX_MANIFEST + 1);
        }
        if (bytes.length > MAX_MANIFEST) {
            throw new IOException("manifest " + reference + ": larger than " + MAX_MANIFEST + " bytes");
        }
        String computed = sha256(bytes);
        if (reference.startsWith("sha256:") && !reference.equals(computed)) {
            throw new IOException("manifest " + reference + ": digest mismatch (the content's digest is " + computed + ")");
        }
        Optional<String> said = r.headers().firstValue("Docker-Content-Digest");
        if (said.isPresent() && said.get().startsWith("sha256:") && !said.get().equals(computed)) {
            throw new IOException("manifest " + reference + ": digest mismatch (the registry says " + said.get()
                    + ", the content's digest is " + computed + ")");
        }
        return new Manifest(computed, bytes);
    }

    @Override
    public byte[] manifest(String digest) throws IOException {
        return fetchManifest(digest).bytes();
    }

    @Override
    public InputStream blob(String digest, long size) throws IOException {
        return get("blobs/" + digest, "*/*").body();
    }

    private HttpResponse<InputStream> get(String path, String accept) throws IOException {
        URI uri = URI.create(scheme + "://" + ref.registry() + "/v2/" + ref.repository() + "/" + path);
        HttpResponse<InputStream> r = send(uri, accept, authorization);
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            discard(r);
            authorize(challenge);
            r = send(uri, accept, authorization);
        }
        for (int hops = 0; isRedirect(r.statusCode()) && hops < 5; hops++) {
            URI next = uri.resolve(r.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException(uri + ": redirect without a Location")));
            discard(r);
            // Blob storage gets no registry credentials; its URL carries its own.
            r = send(next, accept, next.getAuthority().equals(uri.getAuthority()) ? authorization : null);
        }
        if (r.statusCode() != 200) {
            throw new IOException(failure(path, r));
        }
        return r;
    }

    private HttpResponse<InputStream> send(URI uri, String accept, String auth) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("Accept", accept).timeout(Duration.ofMinutes(10));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IOException("cannot reach registry " + ref.registry() + " over " + scheme
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (IOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof javax.net.ssl.SSLException) {
                    throw new IOException("registry " + ref.registry() + ": https failed (" + c.getMessage()
                            + "); a plain http registry needs --insecure-options=http", e);
                }
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Answers a 401 challenge, once. */
    private void authorize(String challenge) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(), m.group(2));
        }
        String basic = credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))).orElse(null);
        if (challenge.regionMatches(true, 0, "Bearer", 0, 6) && params.containsKey("realm")) {
            authorization = "Bearer " + token(params, basic);
        } else if (challenge.regionMatches(true, 0, "Basic", 0, 5) && basic != null) {
            authorization = basic;
        } else {
            throw new IOException("registry " + ref.registry() + " requires authentication (401 Unauthorized)"
                    + (credentials.isPresent() ? "" : " and auth.d has no credentials for it"));
        }
    }

    private String token(Map<String, String> params, String basic) throws IOException {
        String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":pull");
        StringBuilder q = new StringBuilder(params.get("realm")).append(params.get("realm").contains("?") ? "&" : "?");
        if (params.containsKey("service")) {
            q.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI uri = URI.create(q.toString());
        HttpResponse<InputStream> r = send(uri, "application/json", basic);
        if (r.statusCode() != 200) {
            discard(r);
            throw new IOException("registry " + ref.registry() + " requires authentication: its token service " + uri.getAuthority()
                    + " answered " + r.statusCode() + (basic == null ? " (auth.d has no credentials for the registry)" : ""));
        }
        JsonNode n;
        try (InputStream in = r.body()) {
            n = JSON.readTree(in);
        }
        String token = n.path("token").asText(n.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new IOException("registry " + ref.registry() + ": its token service gave no token");
        }
        return token;
    }

    /** The registry's own words for an error: its JSON {errors: [{code, message}]} when it sends one. */
    private String failure(String path, HttpResponse<InputStream> r) {
        String detail = "";
        try (InputStream in = r.body()) {
            JsonNode n = JSON.readTree(in.readNBytes(64 << 10));
            JsonNode e = n == null ? null : n.path("errors").path(0);
            if (e != null && e.has("code")) {
                detail = ": " + e.path("code").asText() + " (" + e.path("message").asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // no JSON body: the status says enough
        }
        String what = path.startsWith("manifests/") ? "manifest " + path.substring(10) : "blob " + path.substring(6);
        if (r.statusCode() == 404 && path.startsWith("manifests/") && !ref.reference().startsWith("sha256:")) {
            return "no tag \"" + ref.tag() + "\" in " + ref.registry() + "/" + ref.repository() + detail;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            return "registry " + ref.registry() + " refused " + what + " (" + r.statusCode() + ")" + detail
                    + (credentials.isPresent() ? "" : "; auth.d has no credentials for it");
        }
        return "registry " + ref.registry() + " answered " + r.statusCode() + " for " + what + detail;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void discard(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection is dropped instead of reused
        }
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RktException wrap(String ref, IOException e) {
        return new RktException("fetch " + ref + ": " + RktException.reason(e), e);
    }
}
