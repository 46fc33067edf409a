package io.rktj.fetch.aci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP(S) requests of one fetch. With {@code insecureTls} (--insecure-options=tls) any
 * certificate and host name are accepted, as rkt's InsecureSkipVerify did.
 */
final class Http {
    static final int TIMEOUT_MILLIS = 30_000;
    /** Signatures, keys and discovery pages are small; more is not what was asked for. */
    static final int SMALL_LIMIT = 4 << 20;

    private final boolean insecureTls;
    private final SSLSocketFactory trustAll;

    Http(boolean insecureTls) {
        this.insecureTls = insecureTls;
        this.trustAll = insecureTls ? trustAllFactory() : null;
    }

    HttpURLConnection open(URI uri) throws IOException {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IOException("unsupported URL scheme in " + uri);
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(TIMEOUT_MILLIS);
        c.setReadTimeout(TIMEOUT_MILLIS);
        c.setInstanceFollowRedirects(true);
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", "rktj");
        if (insecureTls && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(trustAll);
            https.setHostnameVerifier((host, session) -> true);
        }
        return c;
    }

    /** The body of a 200 answer to a GET, at most {@link #SMALL_LIMIT} bytes. */
    byte[] getSmall(URI uri) throws IOException {
        HttpURLConnection c = open(uri);
        try {
            int status = c.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("GET " + uri + ": HTTP status " + status);
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > SMALL_LIMIT) {
                        throw new IOException("GET " + uri + ": more than " + SMALL_LIMIT + " bytes");
                    }
                }
                return out.toByteArray();
            }
        } finally {
            c.disconnect();
        }
    }

    private static SSLSocketFactory trustAllFactory() {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // accepted: --insecure-options=tls
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // accepted: --insecure-options=tls
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {any}, new SecureRandom());
            return ssl.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }
}
