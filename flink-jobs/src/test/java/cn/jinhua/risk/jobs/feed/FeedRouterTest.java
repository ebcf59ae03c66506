package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.load.WorldLoader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FeedRouterTest {
    static final FeedParser PARSER = new FeedParser(FeedTopics.defaults());
    static final OffsetDateTime T0 = OffsetDateTime.parse("2026-12-20T10:00:00+08:00");

    static FeedRecord location(OffsetDateTime t, long offset) {
        String json = "{\"deviceId\":\"d-1\",\"ts\":\"" + t + "\",\"lat\":29.18,\"lon\":119.64}";
        return PARSER.parse("risk.locations", 0, offset, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void routesEachFeedAndSendsRejectsAndLateRecordsToTheDeadLetters() throws Exception {
        OneInputStreamOperatorTestHarness<FeedRecord, LocationFix> h = ProcessFunctionTestHarnesses.forProcessFunction(new FeedRouter());
        FeedRecord onTime = location(T0, 1);
        h.processElement(new StreamRecord<>(onTime, onTime.tsMillis()));
        FeedRecord call = PARSER.parse("risk.calls", 0, 2, ("{\"callId\":\"c-1\",\"ts\":\"" + T0 + "\",\"lat\":29.18,\"lon\":119.64}")
                .getBytes(StandardCharsets.UTF_8));
        h.processElement(new StreamRecord<>(call, call.tsMillis()));
        FeedRecord sensor = PARSER.parse("risk.sensors", 0, 3, ("{\"sensorId\":\"wy-creek-level\",\"ts\":\"" + T0 + "\",\"value\":1.2}")
                .getBytes(StandardCharsets.UTF_8));
        h.processElement(new StreamRecord<>(sensor, sensor.tsMillis()));
        FeedRecord junk = PARSER.parse("risk.locations", 1, 4, "{oops".getBytes(StandardCharsets.UTF_8));
        h.processElement(new StreamRecord<>(junk, Long.MIN_VALUE));

        // The watermark trails the newest event by the 2-minute bound.
        h.processWatermark(new Watermark(T0.plusMinutes(10).minusMinutes(2).toInstant().toEpochMilli() - 1));
        FeedRecord insideBound = location(T0.plusMinutes(8).plusSeconds(1), 5);
        FeedRecord beyondBound = location(T0.plusMinutes(7).plusSeconds(59), 6);
        h.processElement(new StreamRecord<>(insideBound, insideBound.tsMillis()));
        h.processElement(new StreamRecord<>(beyondBound, beyondBound.tsMillis()));

        assertThat(h.extractOutputValues()).extracting(LocationFix::tsMillis)
                .containsExactly(onTime.tsMillis(), insideBound.tsMillis());
        assertThat(h.getSideOutput(FeedRouter.CALLS)).extracting(r -> r.getValue().callId()).containsExactly("c-1");
        assertThat(h.getSideOutput(FeedRouter.SENSORS)).extracting(r -> r.getValue().sensor().sensorId()).containsExactly("wy-creek-level");
        assertThat(h.getSideOutput(FeedRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue).satisfiesExactly(
                d -> {
                    assertThat(d.reason()).isEqualTo(FeedParser.MALFORMED);
                    assertThat(d.raw()).isEqualTo("{oops");
                    assertThat(d.partition()).isEqualTo(1);
                    assertThat(d.offset()).isEqualTo(4);
                },
                d -> {
                    assertThat(d.reason()).isEqualTo(FeedRouter.LATE);
                    assertThat(d.sourceTopic()).isEqualTo("risk.locations");
                    assertThat(d.offset()).isEqualTo(6);
                    assertThat(d.raw()).contains("d-1");
                    assertThat(d.detail()).contains("behind the watermark");
                });
    }
}
