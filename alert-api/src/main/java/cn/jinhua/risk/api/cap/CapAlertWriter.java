package cn.jinhua.risk.api.cap;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.WorldFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes an alert (the SPEC §5 JSON) as an OASIS CAP 1.2 {@code alert} (ITU-T X.1303): one
 * {@code info} in zh-CN and one in en-US, each with event, urgency, severity, certainty, headline,
 * description, instruction, the rule's parameters, and an {@code area} with the subject's polygon
 * (a plant enclosure or the creek reach, from the world) and a circle around the alert's location.
 * Thread-safe: holds only immutable configuration.
 */
public final class CapAlertWriter {
    public static final String CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    /** Event names by rule: {zh, en}. */
    private static final Map<String, String[]> EVENTS = Map.ofEntries(
            Map.entry("plating.pool-high", new String[] {"事故应急池高液位", "Emergency pool high level"}),
            Map.entry("plating.pool-overflow-forecast", new String[] {"事故应急池溢流预测", "Emergency pool overflow forecast"}),
            Map.entry("plating.pool-not-ready", new String[] {"事故应急池未保持备用容量", "Emergency pool not ready"}),
            Map.entry("plating.enclosure-water", new String[] {"厂区围堰积水", "Water in the plant enclosure"}),
            Map.entry("plating.creek-contamination", new String[] {"金柱溪下游水质超标", "Creek contaminated downstream"}),
            Map.entry("plating.sluice-not-closed", new String[] {"闸门未按要求关闭", "Sluice not closed"}),
            Map.entry("plating.creek-space-filling", new String[] {"河道应急空间即将蓄满", "Creek holding space filling"}),
            Map.entry("hiker.distress-call", new String[] {"山区求救报警", "Distress call from the mountain"}),
            Map.entry("hiker.off-trail-stationary", new String[] {"偏离步道长时间停留", "Hiker stationary off the trail"}),
            Map.entry("hiker.after-dark", new String[] {"天黑后仍在山上", "Hiker still on the mountain after dark"}),
            Map.entry("hiker.signal-lost", new String[] {"山区手机信号中断", "Phone signal lost on the mountain"}));

    private final CapSettings settings;
    private final World world;
    private final XMLOutputFactory xml = XMLOutputFactory.newFactory();

    public CapAlertWriter(CapSettings settings, World world) {
        this.settings = settings;
        this.world = world;
    }

    /** The alert as a standalone CAP document. */
    public String toXml(JsonNode alert) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = xml.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            write(w, alert);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write CAP XML", e);
        }
        return out.toString();
    }

    /** Writes the {@code alert} element (declaring the CAP namespace) into an open document. */
    public void write(XMLStreamWriter w, JsonNode a) throws XMLStreamException {
        String severity = text(a, "severity");
        String ruleId = text(a, "ruleId");
        boolean forecast = ruleId.endsWith("forecast") || ruleId.endsWith("space-filling");
        w.setDefaultNamespace(CAP_NS);
        w.writeStartElement(CAP_NS, "alert");
        w.writeDefaultNamespace(CAP_NS);
        element(w, "identifier", settings.identifierPrefix() + text(a, "id"));
        element(w, "sender", settings.sender());
        element(w, "sent", capTime(text(a, "detectedAt"), text(a, "eventTime")));
        element(w, "status", "Actual");
        element(w, "msgType", "Alert");
        element(w, "source", "risk " + ruleId + " v" + a.path("ruleVersion").asInt(1));
        element(w, "scope", "Restricted");
        element(w, "restriction", settings.restriction());
        element(w, "incidents", text(a, "incidentKey"));
        String[] event = EVENTS.getOrDefault(ruleId, new String[] {ruleId, ruleId});
        info(w, a, "zh-CN", event[0], nonEmpty(text(a, "titleZh"), text(a, "title")), severity, forecast);
        info(w, a, "en-US", event[1], text(a, "title"), severity, forecast);
        w.writeEndElement();
    }

    private void info(XMLStreamWriter w, JsonNode a, String language, String event, String headline,
                      String severity, boolean forecast) throws XMLStreamException {
        boolean zh = language.startsWith("zh");
        w.writeStartElement(CAP_NS, "info");
        element(w, "language", language);
        element(w, "category", "WASTEWATER".equals(text(a, "scenario")) ? "Env" : "Rescue");
        element(w, "event", event);
        element(w, "responseType", responseType(severity));
        element(w, "urgency", forecast ? "Expected" : urgency(severity));
        element(w, "severity", capSeverity(severity));
        element(w, "certainty", forecast ? "Likely" : "Observed");
        element(w, "effective", capTime(text(a, "eventTime"), text(a, "detectedAt")));
        if (!a.path("predictedOverflowAt").isNull() && !text(a, "predictedOverflowAt").isEmpty()) {
            element(w, "onset", capTime(text(a, "predictedOverflowAt"), text(a, "eventTime")));
        }
        element(w, "senderName", zh ? settings.senderNameZh() : settings.senderName());
        element(w, "headline", headline);
        element(w, "description", description(a, zh));
        String instruction = instruction(a.path("recommendation"), zh);
        if (!instruction.isEmpty()) {
            element(w, "instruction", instruction);
        }
        if (!settings.webBase().isEmpty()) {
            element(w, "web", settings.webBase() + "/api/alerts/" + text(a, "id"));
        }
        parameter(w, "ruleId", text(a, "ruleId"));
        parameter(w, "incidentKey", text(a, "incidentKey"));
        parameter(w, "subjectId", text(a, "subjectId"));
        if (a.hasNonNull("tier")) {
            parameter(w, "tier", a.get("tier").asText());
        }
        if (a.hasNonNull("responseLevel")) {
            parameter(w, "responseLevel", a.get("responseLevel").asText());
        }
        area(w, a, zh);
        w.writeEndElement();
    }

    private void area(XMLStreamWriter w, JsonNode a, boolean zh) throws XMLStreamException {
        w.writeStartElement(CAP_NS, "area");
        WorldFeature subject = world.find(text(a, "subjectId")).orElse(null);
        List<Polygon> polygons = new ArrayList<>();
        String desc = null;
        for (String id : areaCandidates(a)) {
            WorldFeature f = world.find(id).orElse(null);
            if (f != null && f.geometry() instanceof Polygon p && polygons.isEmpty()) {
                polygons.add(p);
                desc = zh ? f.nameZh() : f.name();
            }
        }
        if (desc == null) {
            desc = subject != null ? (zh ? subject.nameZh() : subject.name()) : text(a, "subjectId");
        }
        element(w, "areaDesc", desc);
        for (Polygon p : polygons) {
            element(w, "polygon", capPolygon(p));
        }
        JsonNode loc = a.path("location");
        if (loc.hasNonNull("lat") && loc.hasNonNull("lon")) {
            element(w, "circle", String.format(Locale.ROOT, "%.6f,%.6f %.3f",
                    loc.get("lat").asDouble(), loc.get("lon").asDouble(), settings.circleRadiusKm()));
        }
        w.writeEndElement();
    }

    /** The subject first, then a plant among the zones, then the other zones: the most specific polygon wins. */
    private List<String> areaCandidates(JsonNode a) {
        List<String> ids = new ArrayList<>();
        ids.add(text(a, "subjectId"));
        List<String> zones = new ArrayList<>();
        a.path("zoneIds").forEach(z -> zones.add(z.asText()));
        zones.stream().filter(z -> world.find(z).map(f -> f.type().name().equals("PLANT")).orElse(false)).forEach(ids::add);
        ids.addAll(zones);
        return ids;
    }

    /** CAP polygons are "lat,lon" pairs separated by spaces, closed, at least four pairs. */
    static String capPolygon(Polygon p) {
        StringBuilder sb = new StringBuilder();
        for (Coordinate c : p.getExteriorRing().getCoordinates()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f", c.y, c.x));
        }
        return sb.toString();
    }

    private static String description(JsonNode a, boolean zh) {
        StringBuilder sb = new StringBuilder();
        if (a.hasNonNull("tier")) {
            sb.append(zh ? "防控层级：第" + a.get("tier").asInt() + "级。" : "Containment tier " + a.get("tier").asInt() + ". ");
        }
        if (a.hasNonNull("responseLevel")) {
            sb.append(zh ? "响应级别：" + levelZh(a.get("responseLevel").asText()) + "。"
                    : "Response level " + a.get("responseLevel").asText() + ". ");
        }
        if (a.hasNonNull("predictedOverflowAt")) {
            sb.append(zh ? "预计溢流时间：" + a.get("predictedOverflowAt").asText() + "。"
                    : "Predicted overflow at " + a.get("predictedOverflowAt").asText() + ". ");
        }
        List<String> readings = new ArrayList<>();
        for (JsonNode e : a.path("evidence")) {
            if (readings.size() == 5) {
                break;
            }
            JsonNode v = e.path("value");
            readings.add(e.path("key").asText() + "@" + e.path("ts").asText() + "=" + (v.isValueNode() ? v.asText() : v.toString()));
        }
        if (!readings.isEmpty()) {
            sb.append(zh ? "依据读数：" : "Readings: ").append(String.join("; ", readings)).append(zh ? "。" : ".");
        }
        return sb.toString().trim();
    }

    /** A readable rendering of the recommendation: its text fields first, then the named items of its lists. */
    static String instruction(JsonNode rec, boolean zh) {
        if (rec == null || !rec.isObject() || rec.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = rec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                lines.add(f.getKey() + ": " + v.asText());
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    items.add(item.isValueNode() ? item.asText() : itemName(item, zh));
                }
                if (!items.isEmpty()) {
                    lines.add(f.getKey() + ": " + String.join(", ", items));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String itemName(JsonNode item, boolean zh) {
        for (String key : zh ? List.of("nameZh", "name", "id", "tankId", "teamId", "sluiceId", "pipeId")
                : List.of("name", "nameZh", "id", "tankId", "teamId", "sluiceId", "pipeId")) {
            if (item.hasNonNull(key)) {
                String s = item.get(key).asText();
                if (item.hasNonNull("rateM3h")) {
                    s += String.format(Locale.ROOT, " %.0f m³/h", item.get("rateM3h").asDouble());
                }
                return s;
            }
        }
        return item.toString();
    }

    private static String levelZh(String level) {
        switch (level) {
            case "ENTERPRISE":
                return "企业级";
            case "PARK":
                return "园区级";
            case "TOWNSHIP":
                return "乡镇级";
            case "COUNTY":
                return "县级";
            default:
                return level;
        }
    }

    private static String capSeverity(String s) {
        switch (s) {
            case "CRITICAL":
                return "Extreme";
            case "HIGH":
                return "Severe";
            case "MEDIUM":
                return "Moderate";
            case "LOW":
                return "Minor";
            default:
                return "Unknown";
        }
    }

    private static String urgency(String s) {
        switch (s) {
            case "CRITICAL":
            case "HIGH":
                return "Immediate";
            case "MEDIUM":
                return "Expected";
            case "LOW":
                return "Future";
            default:
                return "Unknown";
        }
    }

    private static String responseType(String s) {
        switch (s) {
            case "CRITICAL":
            case "HIGH":
                return "Execute";
            case "MEDIUM":
                return "Prepare";
            default:
                return "Monitor";
        }
    }

    /** CAP date-times carry an explicit offset and no fractional seconds. */
    static String capTime(String iso, String fallback) {
        for (String s : new String[] {iso, fallback}) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            try {
                return CAP_TIME.format(OffsetDateTime.parse(s).truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                // try the fallback
            }
        }
        return CAP_TIME.format(OffsetDateTime.now(CapSettings.ZONE).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String nonEmpty(String a, String b) {
        return a == null || a.isEmpty() ? b : a;
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void element(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(CAP_NS, name);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }

    private static void parameter(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(CAP_NS, "parameter");
        element(w, "valueName", name);
        element(w, "value", value);
        w.writeEndElement();
    }
}
