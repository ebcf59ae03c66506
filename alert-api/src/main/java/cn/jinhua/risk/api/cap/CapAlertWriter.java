package cn.jinhua.risk.api.cap;

import cn.jinhua.risk.api.alert.Alert;
import cn.jinhua.risk.api.alert.Evidence;
import cn.jinhua.risk.api.world.LiveWorld;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.WorldFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes an alert ({@code docs/alerts.md} "Fields") as an OASIS CAP 1.2 {@code alert} (ITU-T
 * X.1303, {@code docs/api.md} "CAP feed"): one {@code info} in zh-CN and one in en-US, each with
 * event (the rule's name in the rule catalogue), urgency, severity, certainty, headline,
 * description, instruction, the rule's parameters, and an {@code area} with the subject's polygon
 * (a plant enclosure or the creek reach, from the world) and a circle around the alert's location.
 * Times are written in {@link IsoTimes#ZONE}. Thread-safe: holds only immutable configuration.
 */
public final class CapAlertWriter {
    public static final String CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private final CapSettings settings;
    private final LiveWorld world;
    private final RuleCatalogue rules = RuleCatalogue.packaged();
    private final XMLOutputFactory xml = XMLOutputFactory.newFactory();

    public CapAlertWriter(CapSettings settings, LiveWorld world) {
        this.settings = settings;
        this.world = world;
    }

    /** The alert as a standalone CAP document. */
    public String toXml(Alert alert) {
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
    public void write(XMLStreamWriter w, Alert a) throws XMLStreamException {
        String severity = a.severity().name();
        String ruleId = a.ruleId();
        boolean forecast = ruleId.endsWith("forecast") || ruleId.endsWith("space-filling");
        w.setDefaultNamespace(CAP_NS);
        w.writeStartElement(CAP_NS, "alert");
        w.writeDefaultNamespace(CAP_NS);
        element(w, "identifier", settings.identifierPrefix() + a.id());
        element(w, "sender", settings.sender());
        element(w, "sent", capTime(a.detectedAt()));
        element(w, "status", "Actual");
        element(w, "msgType", "Alert");
        element(w, "source", "risk " + ruleId + " v" + a.ruleVersion());
        element(w, "scope", "Restricted");
        element(w, "restriction", settings.restriction());
        element(w, "incidents", a.incidentKey());
        RuleCatalogue.Rule rule = rules.find(ruleId).orElse(null);
        info(w, a, "zh-CN", rule == null ? ruleId : rule.nameZh(), nonEmpty(a.titleZh(), a.title()), severity, forecast);
        info(w, a, "en-US", rule == null ? ruleId : rule.nameEn(), a.title(), severity, forecast);
        w.writeEndElement();
    }

    private void info(XMLStreamWriter w, Alert a, String language, String event, String headline,
                      String severity, boolean forecast) throws XMLStreamException {
        boolean zh = language.startsWith("zh");
        w.writeStartElement(CAP_NS, "info");
        element(w, "language", language);
        element(w, "category", a.scenario() == Scenario.WASTEWATER ? "Env" : "Rescue");
        element(w, "event", event);
        element(w, "responseType", responseType(severity));
        element(w, "urgency", forecast ? "Expected" : urgency(severity));
        element(w, "severity", capSeverity(severity));
        element(w, "certainty", forecast ? "Likely" : "Observed");
        element(w, "effective", capTime(a.eventTime()));
        if (a.predictedOverflowAt() != null) {
            element(w, "onset", capTime(a.predictedOverflowAt()));
        }
        element(w, "senderName", zh ? settings.senderNameZh() : settings.senderName());
        element(w, "headline", headline);
        element(w, "description", description(a, zh));
        String instruction = instruction(a.recommendation(), zh);
        if (!instruction.isEmpty()) {
            element(w, "instruction", instruction);
        }
        if (!settings.webBase().isEmpty()) {
            element(w, "web", settings.webBase() + "/api/alerts/" + a.id());
        }
        parameter(w, "ruleId", a.ruleId());
        parameter(w, "incidentKey", a.incidentKey());
        parameter(w, "subjectId", a.subjectId());
        if (a.tier() != null) {
            parameter(w, "tier", a.tier().toString());
        }
        if (a.responseLevel() != null) {
            parameter(w, "responseLevel", a.responseLevel().name());
        }
        area(w, a, zh);
        w.writeEndElement();
    }

    private void area(XMLStreamWriter w, Alert a, boolean zh) throws XMLStreamException {
        w.writeStartElement(CAP_NS, "area");
        World world = this.world.world();
        WorldFeature subject = world.find(a.subjectId()).orElse(null);
        List<Polygon> polygons = new ArrayList<>();
        String desc = null;
        for (String id : areaCandidates(a, world)) {
            WorldFeature f = world.find(id).orElse(null);
            if (f != null && f.geometry() instanceof Polygon p && polygons.isEmpty()) {
                polygons.add(p);
                desc = zh ? f.nameZh() : f.name();
            }
        }
        if (desc == null) {
            desc = subject != null ? (zh ? subject.nameZh() : subject.name()) : a.subjectId();
        }
        element(w, "areaDesc", desc);
        for (Polygon p : polygons) {
            element(w, "polygon", capPolygon(p));
        }
        element(w, "circle", String.format(Locale.ROOT, "%.6f,%.6f %.3f",
                a.location().lat(), a.location().lon(), settings.circleRadiusKm()));
        w.writeEndElement();
    }

    /** The subject first, then a plant among the zones, then the other zones: the most specific polygon wins. */
    private static List<String> areaCandidates(Alert a, World world) {
        List<String> ids = new ArrayList<>();
        ids.add(a.subjectId());
        List<String> zones = a.zoneIds();
        zones.stream().filter(z -> world.find(z).map(f -> f.type() == FeatureType.PLANT).orElse(false)).forEach(ids::add);
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

    private static String description(Alert a, boolean zh) {
        StringBuilder sb = new StringBuilder();
        if (a.tier() != null) {
            sb.append(zh ? "防控层级：第" + a.tier() + "级。" : "Containment tier " + a.tier() + ". ");
        }
        if (a.responseLevel() != null) {
            String level = a.responseLevel().name();
            sb.append(zh ? "响应级别：" + levelZh(level) + "。" : "Response level " + level + ". ");
        }
        if (a.predictedOverflowAt() != null) {
            sb.append(zh ? "预计溢流时间：" + a.predictedOverflowAt() + "。"
                    : "Predicted overflow at " + a.predictedOverflowAt() + ". ");
        }
        List<String> readings = new ArrayList<>();
        for (Evidence e : a.evidence()) {
            if (readings.size() == 5) {
                break;
            }
            JsonNode v = e.value();
            readings.add(e.key() + "@" + e.ts() + "=" + (v.isValueNode() ? v.asText() : v.toString()));
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
        for (Map.Entry<String, JsonNode> f : rec.properties()) {
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

    /** A validated alert time as a CAP date-time: an explicit offset and no fractional seconds. */
    static String capTime(String iso) {
        return capTime(IsoTimes.parseInstant(iso));
    }

    static String capTime(Instant t) {
        return CAP_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(IsoTimes.ZONE));
    }

    private static String nonEmpty(String a, String b) {
        return a == null || a.isEmpty() ? b : a;
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
