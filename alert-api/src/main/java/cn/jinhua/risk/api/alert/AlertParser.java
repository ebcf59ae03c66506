package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.CallerNumberMasker;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates one alert of the SPEC §5 contract and builds the document to store. Every refusal is a
 * 400 whose reason names the field ({@code alerts[3].severity: unknown value "URGENT" ...}).
 * Unknown fields are ignored. Stateless and thread-safe.
 */
final class AlertParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AlertParser() {
    }

    /**
     * @param where the prefix of field names in reasons: "" for a single alert, "alerts[3]." in batches
     */
    static IncomingAlert parse(JsonNode node, String where, Instant receivedAt) {
        if (node == null || !node.isObject()) {
            throw bad(where.isEmpty() ? "body" : where.substring(0, where.length() - 1),
                    "expected a JSON object, got " + kind(node));
        }
        Fields f = new Fields(node, where);
        String id = f.text("id", true);
        if (!ID.matcher(id).matches()) {
            throw bad(where + "id", "must be 1–128 characters of letters, digits and . _ : @ -");
        }
        String ruleId = f.text("ruleId", true);
        int ruleVersion = f.integer("ruleVersion", true);
        String scenario = f.oneOf("scenario", Scenario.class, true).name();
        Severity severity = Severity.valueOf(f.oneOf("severity", Severity.class, true).name());
        String incidentKey = f.text("incidentKey", true);
        String subjectId = f.text("subjectId", true);
        String title = f.text("title", true);
        String titleZh = f.text("titleZh", false);
        String eventTime = f.time("eventTime", true);
        String detectedAt = f.time("detectedAt", true);
        double[] location = f.position("location", true);
        List<String> zoneIds = f.strings("zoneIds");
        Integer tier = f.optInteger("tier", 1, 3);
        Enum<?> level = f.oneOf("responseLevel", ResponseLevel.class, false);
        ArrayNode evidence = f.evidence("evidence");
        JsonNode recommendation = f.object("recommendation");
        JsonNode searchArea = f.object("searchArea");
        String predictedOverflowAt = f.time("predictedOverflowAt", false);
        JsonNode lastKnown = f.object("lastKnownPosition");
        double[] lastPos = lastKnown == null ? null : f.position("lastKnownPosition", true);
        JsonNode nearestTrail = f.object("nearestTrail");

        ObjectNode doc = NODES.objectNode();
        doc.put("id", id);
        doc.put("ruleId", ruleId);
        doc.put("ruleVersion", ruleVersion);
        doc.put("scenario", scenario);
        doc.put("severity", severity.name());
        doc.put("incidentKey", incidentKey);
        doc.put("subjectId", subjectId);
        doc.put("title", title);
        doc.put("titleZh", titleZh);
        doc.put("eventTime", eventTime);
        doc.put("detectedAt", detectedAt);
        doc.set("location", NODES.objectNode().put("lat", location[0]).put("lon", location[1]));
        ArrayNode zones = doc.putArray("zoneIds");
        zoneIds.forEach(zones::add);
        if (tier == null) {
            doc.putNull("tier");
        } else {
            doc.put("tier", tier);
        }
        doc.put("responseLevel", level == null ? null : level.name());
        doc.set("evidence", evidence == null ? NODES.arrayNode() : evidence);
        doc.set("recommendation", recommendation == null ? NODES.objectNode() : recommendation);
        doc.set("searchArea", searchArea);
        doc.put("predictedOverflowAt", predictedOverflowAt);
        doc.set("lastKnownPosition", lastKnown);
        doc.set("nearestTrail", nearestTrail);
        doc.put("receivedAt", Json.iso(receivedAt));
        doc.put("fullText", fullText(title, titleZh, evidence));

        double lat = lastPos != null ? lastPos[0] : location[0];
        double lon = lastPos != null ? lastPos[1] : location[1];
        return new IncomingAlert(id, ruleId, scenario, severity, incidentKey, subjectId, title, titleZh,
                Json.parseInstant(eventTime), lat, lon, zoneIds, tier,
                level == null ? null : ResponseLevel.valueOf(level.name()), doc);
    }

    /**
     * The text searched by {@code q}: titles and every string in the evidence. Phone numbers are
     * masked here too, so searching for a number reveals nothing to those who may not see it.
     */
    private static String fullText(String title, String titleZh, ArrayNode evidence) {
        StringBuilder sb = new StringBuilder(title);
        if (titleZh != null) {
            sb.append('\n').append(titleZh);
        }
        if (evidence != null) {
            for (JsonNode e : evidence) {
                collectStrings(e.get("value"), sb);
            }
        }
        return CallerNumberMasker.maskText(sb.toString());
    }

    private static void collectStrings(JsonNode n, StringBuilder sb) {
        if (n == null) {
            return;
        }
        if (n.isTextual()) {
            sb.append('\n').append(n.asText());
        } else if (n.isContainerNode()) {
            for (JsonNode c : n) {
                collectStrings(c, sb);
            }
        }
    }

    static ApiException bad(String field, String problem) {
        return ApiException.badRequest(field + ": " + problem);
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isIntegralNumber()) {
            return "an integer";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** Field readers that name the field in every refusal. */
    private static final class Fields {
        private final JsonNode node;
        private final String where;

        Fields(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        private JsonNode get(String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    throw bad(where + name, "is required");
                }
                return null;
            }
            return v;
        }

        String text(String name, boolean required) {
            JsonNode v = get(name, required);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw bad(where + name, "expected a string, got " + kind(v));
            }
            if (required && v.asText().isBlank()) {
                throw bad(where + name, "must not be blank");
            }
            return v.asText();
        }

        int integer(String name, boolean required) {
            JsonNode v = get(name, required);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw bad(where + name, "expected an integer, got " + kind(v));
            }
            return v.intValue();
        }

        Integer optInteger(String name, int min, int max) {
            JsonNode v = get(name, false);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw bad(where + name, "expected an integer, got " + kind(v));
            }
            if (v.intValue() < min || v.intValue() > max) {
                throw bad(where + name, "must be between " + min + " and " + max + ", got " + v.intValue());
            }
            return v.intValue();
        }

        <E extends Enum<E>> Enum<?> oneOf(String name, Class<E> type, boolean required) {
            String v = text(name, required);
            if (v == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                throw bad(where + name, "unknown value \"" + v + "\" (expected one of "
                        + Arrays.toString(type.getEnumConstants()) + ")");
            }
        }

        String time(String name, boolean required) {
            String v = text(name, required);
            if (v == null) {
                return null;
            }
            try {
                Json.parseInstant(v);
            } catch (DateTimeException e) {
                throw bad(where + name, "expected an ISO-8601 time with offset (e.g. 2026-12-29T16:05:00+08:00), got \"" + v + "\"");
            }
            return v;
        }

        double[] position(String name, boolean required) {
            JsonNode v = get(name, required);
            if (!v.isObject()) {
                throw bad(where + name, "expected an object {lat, lon}, got " + kind(v));
            }
            double lat = coordinate(v, name, "lat", 90);
            double lon = coordinate(v, name, "lon", 180);
            return new double[] {lat, lon};
        }

        private double coordinate(JsonNode obj, String parent, String name, double limit) {
            JsonNode c = obj.get(name);
            if (c == null || c.isNull()) {
                throw bad(where + parent + "." + name, "is required");
            }
            if (!c.isNumber()) {
                throw bad(where + parent + "." + name, "expected a number, got " + kind(c));
            }
            double d = c.doubleValue();
            if (!(d >= -limit && d <= limit)) {
                throw bad(where + parent + "." + name, "must be within -" + (int) limit + ".." + (int) limit + ", got " + d);
            }
            return d;
        }

        List<String> strings(String name) {
            JsonNode v = get(name, false);
            List<String> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (!v.isArray()) {
                throw bad(where + name, "expected an array of strings, got " + kind(v));
            }
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw bad(where + name + "[" + i + "]", "expected a string, got " + kind(v.get(i)));
                }
                out.add(v.get(i).asText());
            }
            return out;
        }

        JsonNode object(String name) {
            JsonNode v = get(name, false);
            if (v != null && !v.isObject()) {
                throw bad(where + name, "expected an object or null, got " + kind(v));
            }
            return v;
        }

        ArrayNode evidence(String name) {
            JsonNode v = get(name, false);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                throw bad(where + name, "expected an array, got " + kind(v));
            }
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String at = where + name + "[" + i + "]";
                if (!e.isObject()) {
                    throw bad(at, "expected an object {topic, key, ts, value}, got " + kind(e));
                }
                ObjectNode clean = NODES.objectNode();
                for (String field : List.of("topic", "key", "ts")) {
                    JsonNode s = e.get(field);
                    if (s != null && !s.isNull() && !s.isTextual()) {
                        throw bad(at + "." + field, "expected a string, got " + kind(s));
                    }
                    clean.set(field, s == null ? NODES.nullNode() : s);
                }
                clean.set("value", e.has("value") ? e.get("value") : NODES.nullNode());
                out.add(clean);
            }
            return out;
        }
    }
}
