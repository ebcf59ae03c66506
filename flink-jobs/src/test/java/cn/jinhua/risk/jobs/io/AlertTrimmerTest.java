package cn.jinhua.risk.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Alerts larger than the API takes are shortened in their evidence, marked, and never dropped. */
class AlertTrimmerTest {
    static final int LIMIT = 262_144;

    /** A distress-call alert as the job writes it, its call text {@code text}. */
    static ObjectNode callAlert(String text) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("id", "5e0c");
        a.put("ruleId", "hiker.distress-call");
        a.put("title", "Emergency call on Beishan: person lost or trapped");
        a.putObject("location").put("lat", 29.21).put("lon", 119.63);
        a.putObject("recommendation").putArray("teams").addObject().put("id", "tm-luodian-police");
        ArrayNode evidence = a.putArray("evidence");
        ObjectNode call = evidence.addObject();
        call.put("topic", "risk.calls");
        call.put("key", "c-77");
        call.put("ts", "2026-12-19T17:48:31+08:00");
        call.putObject("value").put("callerId", "13800001234").put("category", "LOST").put("text", text);
        ObjectNode fix = evidence.addObject();
        fix.put("topic", "risk.locations");
        fix.put("key", "d-1");
        fix.put("ts", "2026-12-19T17:48:01+08:00");
        fix.putObject("value").put("lat", 29.21).put("lon", 119.63);
        return a;
    }

    static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode read(byte[] json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void anAlertWithinTheLimitIsLeftAsItIs() {
        byte[] json = bytes(callAlert("救命，我们迷路了"));
        assertThat(AlertTrimmer.trim(json, LIMIT)).isSameAs(json);
    }

    @Test
    void aHugeCallTextIsCutToFitMarkedWithItsLengthAndEverythingElseIsKept() throws Exception {
        String text = "我们在大盘尖下面迷路了，".repeat(30_000);
        ObjectNode alert = callAlert(text);
        byte[] json = bytes(alert);
        JsonNode out = read(AlertTrimmer.trim(json, LIMIT));

        assertThat(out.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
        String cut = out.at("/evidence/0/value/text").asText();
        assertThat(text).startsWith(cut.substring(0, cut.indexOf('…')));
        assertThat(cut).endsWith("…(" + text.length() + " chars)").hasSizeGreaterThan(LIMIT / 8);
        assertThat(out.at("/evidence/0/value/callerId").asText()).isEqualTo("13800001234");
        assertThat(out.get("evidence").get(1)).isEqualTo(alert.get("evidence").get(1));
        JsonNode mark = out.get("evidence").get(2);
        assertThat(mark.get("topic").isNull()).isTrue();
        assertThat(mark.get("key").asText()).isEqualTo("trimmed");
        assertThat(mark.at("/value/originalBytes").asInt()).isEqualTo(json.length);
        assertThat(mark.at("/value/maxBytes").asInt()).isEqualTo(LIMIT);
        assertThat(AlertTrimmer.isTrimmed(out)).isTrue();
        for (String field : new String[] {"id", "ruleId", "title", "location", "recommendation"}) {
            assertThat(out.get(field)).as(field).isEqualTo(alert.get(field));
        }
    }

    @Test
    void trimmingATrimmedAlertAgainKeepsTheFirstSizesAndOneMark() throws Exception {
        String text = "x".repeat(400_000);
        byte[] once = AlertTrimmer.trim(bytes(callAlert(text)), LIMIT);
        JsonNode twice = read(AlertTrimmer.trim(once, 20_000));

        assertThat(twice.toString().length()).isLessThanOrEqualTo(20_000);
        assertThat(twice.at("/evidence/0/value/text").asText()).endsWith("…(400000 chars)");
        assertThat(twice.get("evidence")).hasSize(3);
        assertThat(twice.at("/evidence/2/value/originalBytes").asInt()).isEqualTo(bytes(callAlert(text)).length);
    }

    @Test
    void evidenceWithoutLongTextsIsDroppedFromTheEndUntilTheAlertFits() throws Exception {
        ObjectNode alert = callAlert("help");
        ArrayNode evidence = (ArrayNode) alert.get("evidence");
        for (int i = 0; i < 20_000; i++) {
            evidence.addObject().put("topic", "risk.sensors").put("key", "s-" + i).putNull("ts").put("value", i);
        }
        JsonNode out = read(AlertTrimmer.trim(bytes(alert), 100_000));

        assertThat(out.toString().length()).isLessThanOrEqualTo(100_000);
        assertThat(out.get("evidence").get(0)).isEqualTo(alert.get("evidence").get(0));
        assertThat(out.get("evidence").size()).isLessThan(evidence.size()).isGreaterThan(100);
        assertThat(AlertTrimmer.isTrimmed(out)).isTrue();
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() throws Exception {
        String text = "🆘".repeat(100_000);
        JsonNode out = read(AlertTrimmer.trim(bytes(callAlert(text)), 50_001));
        String cut = out.at("/evidence/0/value/text").asText();
        String kept = cut.substring(0, cut.indexOf('…'));
        assertThat(kept.codePoints()).allMatch(c -> c == "🆘".codePointAt(0));
    }

    @Property(tries = 200)
    void whateverTheEvidenceATrimmedAlertFitsAndSaysSo(@ForAll @StringLength(max = 3_000) String text,
                                                       @ForAll @IntRange(min = 0, max = 60) int copies,
                                                       @ForAll @IntRange(min = 2_048, max = 40_000) int limit) throws Exception {
        ObjectNode alert = callAlert(text.repeat(copies));
        byte[] json = bytes(alert);
        byte[] out = AlertTrimmer.trim(json, limit);
        JsonNode trimmed = read(out);
        assertThat(out.length).isLessThanOrEqualTo(limit);
        assertThat(AlertTrimmer.isTrimmed(trimmed)).isEqualTo(json.length > limit);
        assertThat(trimmed.get("id")).isEqualTo(alert.get("id"));
    }
}
