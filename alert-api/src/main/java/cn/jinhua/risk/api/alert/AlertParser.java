package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.security.CallerNumberMasker;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one alert of the contract ({@code docs/alerts.md} "Fields", {@code docs/contract/alert.schema.json})
 * into an {@link Alert}, accepting exactly what the schema accepts (and refusing blank texts and
 * dates that do not exist, which its patterns cannot tell). Every refusal is a 400 whose reason
 * names the field ({@code alerts[3].severity: unknown value "URGENT" ...}). Unknown fields are
 * ignored. Stateless and thread-safe.
 */
final class AlertParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    /** The schema's {@code time}: offset required, upper-case T and Z, no seconds in the offset. */
    private static final Pattern TIME = Pattern.compile(
            "(2[0-9]{3}|[3-9][0-9]{3})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final Set<String> SOURCES = Set.of("GPS", "CELL", "WIFI", "CALL");
    private static final int MAX_RULE_ID = 128;
    private static final int MAX_KEY = 256;

    private AlertParser() {
    }

    /**
     * @param where the prefix of field names in reasons: "" for a single alert, "alerts[3]." in batches
     */
    static IncomingAlert parse(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw bad(where.isEmpty() ? "body" : where.substring(0, where.length() - 1),
                    "expected a JSON object, got " + kind(node));
        }
        Fields f = new Fields(node, where);
        String id = f.text("id", true);
        if (!ID.matcher(id).matches()) {
            throw bad(where + "id", "must be 1–128 characters of letters, digits and . _ : @ -");
        }
        String ruleId = f.text("ruleId", true, MAX_RULE_ID);
        int ruleVersion = f.integer("ruleVersion", true, 1, Integer.MAX_VALUE);
        Integer worldVersion = f.integer("worldVersion", false, 1, Integer.MAX_VALUE);
        boolean shadow = f.bool("shadow");
        Scenario scenario = f.oneOf("scenario", Scenario.class, true);
        Severity severity = f.oneOf("severity", Severity.class, true);
        String incidentKey = f.text("incidentKey", true, MAX_KEY);
        String subjectId = f.text("subjectId", true, MAX_KEY);
        String title = f.text("title", true);
        String titleZh = f.text("titleZh", false);
        String eventTime = f.time("eventTime", true);
        String detectedAt = f.time("detectedAt", true);
        Position location = f.position("location");
        List<String> zoneIds = f.strings("zoneIds");
        Integer tier = f.integer("tier", false, 1, 3);
        ResponseLevel level = f.oneOf("responseLevel", ResponseLevel.class, false);
        List<Evidence> evidence = f.evidence("evidence");
        JsonNode recommendation = f.object("recommendation");
        JsonNode searchArea = f.object("searchArea");
        String predictedOverflowAt = f.time("predictedOverflowAt", false);
        LastKnownPosition lastKnown = f.lastKnownPosition("lastKnownPosition");
        NearestTrail nearestTrail = f.nearestTrail("nearestTrail");
        Alert a = new Alert(id, ruleId, ruleVersion, worldVersion, shadow, scenario, severity, incidentKey, subjectId, title, titleZh,
                eventTime, detectedAt, location, zoneIds, tier, level, evidence,
                recommendation == null ? JsonNodeFactory.instance.objectNode() : recommendation, searchArea,
                predictedOverflowAt, lastKnown, nearestTrail);
        return new IncomingAlert(a, IsoTimes.parseInstant(eventTime));
    }

    /** What the alert is stored with. */
    static StoredAlert stored(IncomingAlert a, String incidentId, Instant receivedAt) {
        return new StoredAlert(a.alert(), incidentId, IsoTimes.formatSortable(receivedAt), fullText(a.alert()));
    }

    /**
     * The text searched by {@code q}: titles and every string in the evidence. Phone numbers are
     * masked here too, so searching for a number reveals nothing to those who may not see it.
     */
    private static String fullText(Alert a) {
        StringBuilder sb = new StringBuilder(a.title());
        if (a.titleZh() != null) {
            sb.append('\n').append(a.titleZh());
        }
        for (Evidence e : a.evidence()) {
            collectStrings(e.value(), sb);
        }
        return CallerNumberMasker.maskText(sb.toString());
    }

    private static void collectStrings(JsonNode n, StringBuilder sb) {
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

    /** Field readers of one JSON object that name the field in every refusal. */
    private static final class Fields {
        private final JsonNode node;
        private final String where;

        Fields(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        private Fields in(String name) {
            return new Fields(node.get(name), where + name + ".");
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

        String text(String name, boolean required, int maxLength) {
            String v = text(name, required);
            if (v != null && v.length() > maxLength) {
                throw bad(where + name, "must be at most " + maxLength + " characters, got " + v.length());
            }
            return v;
        }

        Integer integer(String name, boolean required, int min, int max) {
            JsonNode v = get(name, required);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw bad(where + name, "expected an integer, got " + kind(v));
            }
            int i = v.intValue();
            if (i < min || i > max) {
                throw bad(where + name, (max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be between " + min + " and " + max) + ", got " + i);
            }
            return i;
        }

        /** An optional boolean, false when absent or null. */
        boolean bool(String name) {
            JsonNode v = get(name, false);
            if (v == null) {
                return false;
            }
            if (!v.isBoolean()) {
                throw bad(where + name, "expected true or false, got " + kind(v));
            }
            return v.booleanValue();
        }

        Double optNumber(String name, double min) {
            JsonNode v = get(name, false);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                throw bad(where + name, "expected a number, got " + kind(v));
            }
            if (!(v.doubleValue() >= min)) {
                throw bad(where + name, "must be at least " + (int) min + ", got " + v.doubleValue());
            }
            return v.doubleValue();
        }

        <E extends Enum<E>> E oneOf(String name, Class<E> type, boolean required) {
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
                if (!TIME.matcher(v).matches()) {
                    throw new DateTimeException(v);
                }
                IsoTimes.parseInstant(v);
            } catch (DateTimeException e) {
                throw bad(where + name, "expected an ISO-8601 time with offset in the years " + IsoTimes.MIN_YEAR + "–"
                        + IsoTimes.MAX_YEAR + " (e.g. 2026-12-29T16:05:00+08:00), got \"" + v + "\"");
            }
            return v;
        }

        private void requireObject(String name, JsonNode v, String shape) {
            if (!v.isObject()) {
                throw bad(where + name, "expected " + shape + ", got " + kind(v));
            }
        }

        Position position(String name) {
            JsonNode v = get(name, true);
            requireObject(name, v, "an object {lat, lon}");
            Fields p = in(name);
            return new Position(p.coordinate("lat", 90), p.coordinate("lon", 180));
        }

        private double coordinate(String name, double limit) {
            JsonNode c = get(name, true);
            if (!c.isNumber()) {
                throw bad(where + name, "expected a number, got " + kind(c));
            }
            double d = c.doubleValue();
            if (!(d >= -limit && d <= limit)) {
                throw bad(where + name, "must be within -" + (int) limit + ".." + (int) limit + ", got " + d);
            }
            return d;
        }

        /** The fields of an optional object, null when it is absent or null. */
        private Fields optObject(String name, String shape) {
            JsonNode v = get(name, false);
            if (v == null) {
                return null;
            }
            requireObject(name, v, shape + " or null");
            return in(name);
        }

        LastKnownPosition lastKnownPosition(String name) {
            Fields p = optObject(name, "an object {lat, lon, ts, accuracyM, source}");
            if (p == null) {
                return null;
            }
            double lat = p.coordinate("lat", 90);
            double lon = p.coordinate("lon", 180);
            String source = p.text("source", false);
            if (source != null && !SOURCES.contains(source)) {
                throw bad(where + name + ".source", "unknown value \"" + source + "\" (expected one of " + SOURCES + ")");
            }
            return new LastKnownPosition(lat, lon, p.text("ts", false), p.optNumber("accuracyM", 0), source);
        }

        NearestTrail nearestTrail(String name) {
            Fields t = optObject(name, "an object {id, name, nameZh, distanceM}");
            if (t == null) {
                return null;
            }
            String id = t.text("id", true);
            String trailName = t.text("name", false);
            String nameZh = t.text("nameZh", false);
            Double distance = t.optNumber("distanceM", 0);
            if (distance == null) {
                throw bad(where + name + ".distanceM", "is required");
            }
            return new NearestTrail(id, trailName, nameZh, distance);
        }

        List<String> strings(String name) {
            JsonNode v = get(name, false);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw bad(where + name, "expected an array of strings, got " + kind(v));
            }
            List<String> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw bad(where + name + "[" + i + "]", "expected a string, got " + kind(v.get(i)));
                }
                out.add(v.get(i).asText());
            }
            return List.copyOf(out);
        }

        JsonNode object(String name) {
            JsonNode v = get(name, false);
            if (v != null && !v.isObject()) {
                throw bad(where + name, "expected an object or null, got " + kind(v));
            }
            return v;
        }

        List<Evidence> evidence(String name) {
            JsonNode v = get(name, false);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw bad(where + name, "expected an array, got " + kind(v));
            }
            List<Evidence> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String at = name + "[" + i + "]";
                if (!e.isObject()) {
                    throw bad(where + at, "expected an object {topic, key, ts, value}, got " + kind(e));
                }
                Fields item = in(name).at(i);
                JsonNode value = e.get("value");
                out.add(new Evidence(item.text("topic", false), item.text("key", false), item.text("ts", false),
                        value == null ? NullNode.getInstance() : value));
            }
            return List.copyOf(out);
        }

        /** The fields of the {@code i}th element of this array. */
        private Fields at(int i) {
            return new Fields(node.get(i), where.substring(0, where.length() - 1) + "[" + i + "].");
        }
    }
}
