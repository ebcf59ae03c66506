package cn.jinhua.risk.api.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.api.alert.Alert;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** CAP 1.2 output checked against the CAP 1.2 schema and the rules the schema cannot express. */
class CapFeedTest {
    private static final World WORLD = WorldLoader.loadClasspath();
    private static final CapAlertWriter CAP = new CapAlertWriter(CapSettings.wuyiBureau("http://localhost:8080"),
            cn.jinhua.risk.api.world.LiveWorld.fixed(WORLD));
    private static final Pattern CAP_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
    private static final Pattern PAIR = Pattern.compile("-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?");

    private static Alert enclosureAlert() throws Exception {
        return Json.MAPPER.readValue("""
                {"id":"a1b2c3","ruleId":"plating.enclosure-water","ruleVersion":1,"scenario":"WASTEWATER",
                 "severity":"CRITICAL","incidentKey":"WASTEWATER:plant:wy-e03","subjectId":"wy-e03",
                 "title":"Wastewater leaving plant 03 over its gate ramp","titleZh":"电镀企业03废水漫过围堰门槛",
                 "eventTime":"2026-12-29T16:05:00+08:00","detectedAt":"2026-12-29T16:05:01.123+08:00",
                 "location":{"lat":28.9020,"lon":119.8615},"zoneIds":["wy-park","wy-e03"],"tier":3,
                 "responseLevel":"TOWNSHIP","evidence":[{"topic":"risk.sensors","key":"wy-e03-gate-depth",
                 "ts":"2026-12-29T16:05:00+08:00","value":15.4}],
                 "recommendation":{"action":"close both sluices","sluices":[{"id":"wy-sluice-down","name":"Downstream sewage sluice","nameZh":"下游截污闸"}],
                 "teams":[{"teamId":"tm-wy-sluice","name":"Sluice keepers","nameZh":"闸门管理员"}]},
                 "searchArea":null,"predictedOverflowAt":null}""", Alert.class);
    }

    private static Alert forecastAlert() throws Exception {
        return Json.MAPPER.readValue("""
                {"id":"f00d","ruleId":"plating.pool-overflow-forecast","ruleVersion":1,"scenario":"WASTEWATER",
                 "severity":"HIGH","incidentKey":"WASTEWATER:plant:wy-e03","subjectId":"wy-e03-pool",
                 "title":"Pool 03 overflows in 25 min","titleZh":"应急池03预计25分钟后溢流",
                 "eventTime":"2026-12-29T15:40:00+08:00","detectedAt":"2026-12-29T15:40:00+08:00",
                 "location":{"lat":28.9015,"lon":119.8612},"zoneIds":["wy-park","wy-e03"],"tier":1,
                 "responseLevel":"PARK","evidence":[],"recommendation":{"transfers":[{"tankId":"wy-e08-pool","rateM3h":120}]},
                 "searchArea":null,"predictedOverflowAt":"2026-12-29T16:05:00+08:00"}""", Alert.class);
    }

    @Test
    void everyAlertIsValidCap12() throws Exception {
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/cap/CAP-v1.2.xsd")));
        for (Alert a : List.of(enclosureAlert(), forecastAlert())) {
            Document doc = parse(CAP.toXml(a));
            schema.newValidator().validate(new DOMSource(doc));
            checkCapRules(doc.getDocumentElement());
        }
    }

    @Test
    void infoInChineseAndEnglishWithMappedEnumerations() throws Exception {
        Element alert = parse(CAP.toXml(enclosureAlert())).getDocumentElement();
        List<Element> infos = children(alert, "info");
        assertThat(infos).extracting(i -> child(i, "language")).containsExactly("zh-CN", "en-US");
        assertThat(child(infos.get(0), "headline")).isEqualTo("电镀企业03废水漫过围堰门槛");
        assertThat(child(infos.get(1), "headline")).isEqualTo("Wastewater leaving plant 03 over its gate ramp");
        assertThat(child(infos.get(0), "event")).isEqualTo("厂区围堰积水");
        assertThat(child(infos.get(1), "severity")).isEqualTo("Extreme");
        assertThat(child(infos.get(1), "urgency")).isEqualTo("Immediate");
        assertThat(child(infos.get(1), "certainty")).isEqualTo("Observed");
        assertThat(child(infos.get(1), "category")).isEqualTo("Env");
        assertThat(child(infos.get(0), "description")).contains("第3级", "乡镇级", "wy-e03-gate-depth");
        assertThat(child(infos.get(0), "instruction")).contains("下游截污闸", "闸门管理员");
        assertThat(child(alert, "sent")).isEqualTo("2026-12-29T16:05:01+08:00");
        assertThat(child(alert, "identifier")).isEqualTo("cn.jinhua.risk.a1b2c3");
    }

    @Test
    void areaIsThePlantEnclosureAndACircle() throws Exception {
        Element area = children(children(parse(CAP.toXml(enclosureAlert())).getDocumentElement(), "info").get(1), "area").get(0);
        assertThat(child(area, "areaDesc")).isEqualTo("Plating plant 03");
        assertThat(child(area, "polygon")).isEqualTo("28.901200,119.860400 28.901200,119.862600 28.904800,119.862600 28.904800,119.860400 28.901200,119.860400");
        assertThat(child(area, "circle")).isEqualTo("28.902000,119.861500 0.500");
    }

    @Test
    void forecastsAreLikelyAndExpectedWithOnset() throws Exception {
        Element info = children(parse(CAP.toXml(forecastAlert())).getDocumentElement(), "info").get(1);
        assertThat(child(info, "certainty")).isEqualTo("Likely");
        assertThat(child(info, "urgency")).isEqualTo("Expected");
        assertThat(child(info, "onset")).isEqualTo("2026-12-29T16:05:00+08:00");
        assertThat(child(info, "instruction")).isEqualTo("transfers: wy-e08-pool 120 m³/h");
    }

    @Test
    void atomFeedCarriesOneCapAlertPerEntry() throws Exception {
        CapAtomFeedWriter feed = new CapAtomFeedWriter(CAP);
        String xml = feed.write("urn:risk:feed:wastewater", "Wuyi wastewater alerts", "http://localhost:8080/api/feeds/wastewater.atom",
                Instant.parse("2026-12-29T08:05:01Z"), List.of(enclosureAlert(), forecastAlert()));
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(CapAtomFeedWriter.ATOM_NS);
        NodeList entries = doc.getElementsByTagNameNS(CapAtomFeedWriter.ATOM_NS, "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/cap/CAP-v1.2.xsd")));
        NodeList alerts = doc.getElementsByTagNameNS(CapAlertWriter.CAP_NS, "alert");
        assertThat(alerts.getLength()).isEqualTo(2);
        for (int i = 0; i < alerts.getLength(); i++) {
            Document single = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            single.appendChild(single.importNode(alerts.item(i), true));
            schema.newValidator().validate(new DOMSource(single));
        }
    }

    @Test
    void invalidSenderIsRejected() {
        assertThatThrownBy(() -> new CapSettings("risk bureau", "x", "x", "p.", "r", "", 0.5))
                .hasMessageContaining("without spaces");
    }

    /** CAP 1.2 rules beyond the schema: time forms, polygon and circle syntax and closure. */
    private static void checkCapRules(Element alert) {
        assertThat(child(alert, "sent")).matches(CAP_TIME);
        assertThat(child(alert, "identifier")).doesNotContain(" ", ",", "<", "&");
        List<Element> infos = children(alert, "info");
        assertThat(infos).hasSize(2);
        for (Element info : infos) {
            assertThat(children(info, "effective")).hasSize(1);
            for (String t : List.of("effective", "onset", "expires")) {
                for (Element e : children(info, t)) {
                    assertThat(e.getTextContent()).matches(CAP_TIME);
                }
            }
            List<Element> areas = children(info, "area");
            assertThat(areas).hasSize(1);
            for (Element area : areas) {
                assertThat(children(area, "polygon")).as("the subject's or a zone's polygon").isNotEmpty();
                assertThat(children(area, "circle")).hasSize(1);
                for (Element poly : children(area, "polygon")) {
                    String[] pairs = poly.getTextContent().trim().split(" ");
                    assertThat(pairs.length).isGreaterThanOrEqualTo(4);
                    assertThat(pairs[0]).isEqualTo(pairs[pairs.length - 1]);
                    for (String p : pairs) {
                        assertThat(p).matches(PAIR);
                        String[] ll = p.split(",");
                        assertThat(Double.parseDouble(ll[0])).isBetween(-90.0, 90.0);
                        assertThat(Double.parseDouble(ll[1])).isBetween(-180.0, 180.0);
                    }
                }
                for (Element circle : children(area, "circle")) {
                    String[] parts = circle.getTextContent().trim().split(" ");
                    assertThat(parts).hasSize(2);
                    assertThat(parts[0]).matches(PAIR);
                    assertThat(Double.parseDouble(parts[1])).isPositive();
                }
            }
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent();
    }
}
