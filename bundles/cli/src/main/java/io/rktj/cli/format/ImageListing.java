package io.rktj.cli.format;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.image.ImageInfo;
import io.rktj.api.schema.NameValue;

/**
 * rkt image list (rkt/image_list.go): a table of the chosen fields, or the api/v1
 * ImageListEntry JSON. Short output trims ids to {@code sha512-} plus 12 hex digits and gives
 * human sizes and relative times; --full and JSON give them whole.
 */
public final class ImageListing {
    /** The --fields words, in rkt's default order, and their column headers. */
    public static final Map<String, String> FIELDS = Map.of(
            "id", "ID", "name", "NAME", "size", "SIZE", "importtime", "IMPORT TIME", "lastused", "LAST USED");
    public static final List<String> DEFAULT_FIELDS = List.of("id", "name", "size", "importtime", "lastused");

    private final boolean full;
    private final Instant now;
    private final ZoneId zone;

    public ImageListing(boolean full, Instant now, ZoneId zone) {
        this.full = full;
        this.now = now;
        this.zone = zone;
    }

    public String table(List<ImageInfo> images, List<String> fields, boolean legend) {
        TabWriter tw = new TabWriter();
        if (legend) {
            tw.row(fields.stream().map(FIELDS::get).toArray(String[]::new));
        }
        for (ImageInfo i : images) {
            List<String> cells = new ArrayList<>();
            for (String f : fields) {
                cells.add(switch (f) {
                    case "id" -> full ? i.id() : shortId(i.id());
                    case "name" -> displayName(i);
                    case "size" -> full ? Long.toString(i.size()) : HumanBytes.iec(i.size());
                    case "importtime" -> time(i.importTime());
                    case "lastused" -> time(i.lastUsed());
                    default -> throw new IllegalArgumentException("unknown field " + f);
                });
            }
            tw.row(cells.toArray(String[]::new));
        }
        return tw.format();
    }

    public static String json(List<ImageInfo> images, boolean pretty) {
        ArrayNode array = GoJson.array();
        for (ImageInfo i : images) {
            ObjectNode o = array.addObject();
            o.put("id", i.id());
            o.put("name", displayName(i));
            o.put("import_time", nanos(i.importTime()));
            o.put("last_used_time", nanos(i.lastUsed()));
            o.put("size", i.size());
        }
        return GoJson.write(array, pretty);
    }

    /** The image name with its version label, as rkt shows it: {@code example.com/app:1.0}. */
    public static String displayName(ImageInfo i) {
        if (i.labels() != null) {
            for (NameValue l : i.labels()) {
                if ("version".equals(l.name())) {
                    return i.name() + ":" + l.value();
                }
            }
        }
        return i.name();
    }

    /** rkt's trimImageID: algorithm, dash and the first 12 characters of the hash. */
    public static String shortId(String id) {
        int dash = id.indexOf('-');
        int keep = dash + 13;
        return dash > 0 && keep < id.length() ? id.substring(0, keep) : id;
    }

    private String time(Instant t) {
        Instant at = t == null ? Instant.EPOCH : t;
        return full ? GoTime.full(at, zone) : GoTime.relative(at, now);
    }

    private static long nanos(Instant t) {
        return t == null ? 0 : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
