package io.rktj.fetch.aci;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * appc meta discovery: {@code GET https://<name>?ac-discovery=1}, then the parent paths of the
 * name in turn, until a page has {@code <meta name="ac-discovery" content="PREFIX TEMPLATE">}
 * tags whose prefix the name starts with and whose template can be filled in from the name and
 * labels ({@code {name}}, {@code {version}}, {@code {os}}, {@code {arch}}, {@code {ext}}, any
 * other label). Keys come from {@code ac-discovery-pubkeys} the same way. Plain http is tried
 * only when https fails and it is allowed (--insecure-options=http).
 */
final class Discovery {
    static final String IMAGE_TAG = "ac-discovery";
    static final String KEYS_TAG = "ac-discovery-pubkeys";

    /** Where an image and its signature are. */
    record Endpoint(URI aci, URI asc) {
    }

    record Meta(String name, String prefix, String template) {
    }

    private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

    private final Http http;
    private final boolean allowHttp;

    Discovery(Http http, boolean allowHttp) {
        this.http = http;
        this.allowHttp = allowHttp;
    }

    /** The ACI and signature URLs for an image name with its labels (version, os and arch filled in). */
    Endpoint image(String name, Map<String, String> labels) throws IOException {
        List<String> tried = new ArrayList<>();
        for (String path = name; path != null; path = parent(path)) {
            List<Meta> metas = page(path, tried);
            for (Meta m : metas) {
                if (!m.name().equals(IMAGE_TAG) || !name.startsWith(m.prefix())) {
                    continue;
                }
                String aci = render(m.template(), name, labels, "aci");
                String asc = render(m.template(), name, labels, "aci.asc");
                if (aci != null && asc != null) {
                    return new Endpoint(uri(aci), uri(asc));
                }
            }
        }
        throw new IOException("discovery found no ac-discovery meta tag for \"" + name + "\" with labels " + labels
                + " (tried " + String.join(", ", tried) + ")");
    }

    /** The key URLs a prefix publishes. */
    List<String> keys(String prefix) throws IOException {
        List<String> tried = new ArrayList<>();
        for (String path = prefix; path != null; path = parent(path)) {
            List<String> keys = new ArrayList<>();
            for (Meta m : page(path, tried)) {
                if (m.name().equals(KEYS_TAG) && prefix.startsWith(m.prefix())) {
                    keys.add(m.template());
                }
            }
            if (!keys.isEmpty()) {
                return keys;
            }
        }
        throw new IOException("meta discovery on " + prefix + " found no ac-discovery-pubkeys meta tags (tried "
                + String.join(", ", tried) + ")");
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /** The meta tags of one discovery page; none when it cannot be had. */
    private List<Meta> page(String path, List<String> tried) {
        List<String> schemes = allowHttp ? List.of("https", "http") : List.of("https");
        for (String scheme : schemes) {
            String url = scheme + "://" + path + "?ac-discovery=1";
            try {
                List<Meta> metas = parse(new String(http.getSmall(uri(url)), StandardCharsets.UTF_8));
                tried.add(url);
                if (!metas.isEmpty()) {
                    return metas;
                }
            } catch (IOException e) {
                tried.add(url + " (" + e.getMessage() + ")");
            }
        }
        return List.of();
    }

    static List<Meta> parse(String html) {
        List<Meta> result = new ArrayList<>();
        Matcher tag = META.matcher(html);
        while (tag.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(tag.group(1));
            while (a.find()) {
                attrs.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2) != null ? a.group(2) : a.group(3));
            }
            String name = attrs.get("name");
            String content = attrs.get("content");
            if (name == null || content == null || !(name.equals(IMAGE_TAG) || name.equals(KEYS_TAG))) {
                continue;
            }
            String[] parts = content.trim().split("\\s+");
            if (parts.length == 2) {
                result.add(new Meta(name, parts[0], parts[1]));
            }
        }
        return result;
    }

    /** The template with every placeholder filled in; null if one has no value. */
    static String render(String template, String name, Map<String, String> labels, String ext) {
        Map<String, String> values = new LinkedHashMap<>(labels);
        values.put("name", name);
        values.put("ext", ext);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static URI uri(String s) throws IOException {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IOException("bad URL " + s + ": " + e.getMessage(), e);
        }
    }
}
