package cn.jinhua.risk.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class HttpAlertSinkTest {
    static final ConcurrentLinkedQueue<DeadLetter> REJECTED = new ConcurrentLinkedQueue<>();

    static List<AlertRecord> alerts(int incidents, int perIncident) {
        List<AlertRecord> out = new ArrayList<>();
        for (int i = 0; i < perIncident; i++) {
            for (int inc = 0; inc < incidents; inc++) {
                String id = "a-" + inc + "-" + i;
                String key = "LOST_PERSON:device:d-" + inc;
                out.add(new AlertRecord(id, key, ("{\"id\":\"" + id + "\",\"incidentKey\":\"" + key + "\",\"seq\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static HttpAlertSink.Config config(String url) {
        return new HttpAlertSink.Config(url, "test-token", 7, Duration.ofMillis(300), 4, Duration.ofMillis(400),
                Duration.ofMillis(20), Duration.ofMillis(200));
    }

    /**
     * Every alert but {@code except} was accepted exactly once in a request the API answered, in
     * sent order per incident; any other copy the API stored came from a request that hung past
     * the client's timeout, which the client then sent again (at-least-once, harmless by id).
     */
    static void assertDeliveredOnceInOrderPerIncident(List<FlakyAlertApi.Received> receipts, List<AlertRecord> sent,
                                                      String except) {
        assertThat(receipts).as("the API stored something").isNotEmpty();
        List<FlakyAlertApi.Received> got = receipts.stream().filter(FlakyAlertApi.Received::answered).toList();
        assertThat(got).extracting(FlakyAlertApi.Received::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(AlertRecord::id).filter(id -> !id.equals(except)).toList());
        Map<String, List<String>> byIncident = got.stream().collect(Collectors.groupingBy(FlakyAlertApi.Received::incidentKey,
                Collectors.mapping(FlakyAlertApi.Received::id, Collectors.toList())));
        Map<String, List<String>> expected = sent.stream().filter(a -> !a.id().equals(except)).collect(Collectors.groupingBy(
                AlertRecord::incidentKey, Collectors.mapping(AlertRecord::id, Collectors.toList())));
        assertThat(byIncident).isEqualTo(expected);
    }

    @Test
    void everyAlertArrivesOnceInOrderPerIncidentThroughOutagesAndTimeouts() throws Exception {
        List<DeadLetter> rejected = new ArrayList<>();
        List<AlertRecord> sent = alerts(5, 8);
        try (FlakyAlertApi api = new FlakyAlertApi(12, 4, "a-3-5");
             HttpAlertWriter writer = new HttpAlertWriter(config(api.url()), rejected::add, new ManualTimers())) {
            for (AlertRecord a : sent) {
                writer.write(a, null);
            }
            writer.flush(true);
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "a-3-5");
            // Batches of 7: six flushes, the 16 failed posts retried, the refused batch split into 7 single posts.
            assertThat(api.batches()).isGreaterThanOrEqualTo(6);
            assertThat(api.requests()).isGreaterThan(12 + 4 + 6).isLessThan(sent.size());
        }
        assertThat(rejected).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("alert-rejected");
            assertThat(d.detail()).contains("HTTP 400").contains("a-3-5");
            assertThat(d.raw()).contains("\"id\":\"a-3-5\"");
        });
    }

    @Test
    void aFewAlertsAreSentWhenTheOldestHasWaitedTheLongestDelayNotAtTheNextCheckpoint() throws Exception {
        List<AlertRecord> sent = alerts(2, 2);
        ManualTimers timers = new ManualTimers();
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none");
             HttpAlertWriter writer = new HttpAlertWriter(config(api.url()), d -> { }, timers)) {
            for (AlertRecord a : sent) {
                writer.write(a, null);
            }
            assertThat(timers.pending()).isOne();
            timers.advance(299);
            assertThat(api.requests()).isZero();
            timers.advance(1);
            assertThat(api.batches()).isOne();
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "none");

            writer.write(alerts(1, 1).get(0), null);
            assertThat(timers.pending()).as("a new buffer schedules its own flush").isOne();
        }
    }

    @Test
    void aJobAtParallelismTwoDeliversEveryAlertWhileTheApiFailsForAWhile() throws Exception {
        REJECTED.clear();
        List<AlertRecord> sent = alerts(6, 10);
        try (FlakyAlertApi api = new FlakyAlertApi(25, 3, "a-1-1")) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
            env.fromData(sent).keyBy(AlertRecord::incidentKey)
                    .sinkTo(new HttpAlertSink(config(api.url()), () -> REJECTED::add)).name("POST /api/alerts");
            env.execute("http-alert-sink-test");
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "a-1-1");
        }
        assertThat(REJECTED).extracting(DeadLetter::reason).containsExactly("alert-rejected");
    }
}
