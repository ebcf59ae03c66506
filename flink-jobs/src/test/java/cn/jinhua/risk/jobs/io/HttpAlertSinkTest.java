package cn.jinhua.risk.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP alert push against a stand-in API that fails on purpose ({@link FlakyAlertApi}). No
 * test measures a time: waits are for outcomes, each bounded by the test's timeout.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpAlertSinkTest {
    static final ConcurrentLinkedQueue<DeadLetter> REJECTED = new ConcurrentLinkedQueue<>();

    /** Metrics the writer registers, kept for the test to read. */
    static final class RecordedMetrics extends UnregisteredMetricsGroup {
        final Map<String, Counter> counters = new ConcurrentHashMap<>();
        final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            counters.put(name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(name, gauge);
            return gauge;
        }

        long count(String name) {
            return counters.get(name).getCount();
        }
    }

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

    /** Batches of 7 that wait 300 ms of quiet (a minute at most), requests time out after 5 s, backoff 20 .. 200 ms. */
    static HttpAlertSink.Config config(String url) {
        return config(url, Duration.ofSeconds(5));
    }

    static HttpAlertSink.Config config(String url, Duration requestTimeout) {
        return new HttpAlertSink.Config(url, "test-token", 7, Duration.ofMillis(300), Duration.ofMinutes(1), 4,
                requestTimeout, Duration.ofMillis(20), Duration.ofMillis(200), 262_144, 64L << 20);
    }

    static HttpAlertWriter writer(HttpAlertSink.Config config, List<DeadLetter> rejected, RecordedMetrics metrics,
                                  List<AlertRecord> pending) {
        return new HttpAlertWriter(config, rejected::add, metrics, "test", pending);
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

    /** Waits until {@code done}; fails when it has not come within a minute (what should happen at once never came). */
    static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for what should have happened").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void everyAlertArrivesOnceInOrderPerIncidentThroughOutagesAndTimeouts() throws Exception {
        List<DeadLetter> rejected = new ArrayList<>();
        List<AlertRecord> sent = alerts(5, 8);
        RecordedMetrics metrics = new RecordedMetrics();
        try (FlakyAlertApi api = new FlakyAlertApi(12, 4, "a-3-5");
             HttpAlertWriter writer = writer(config(api.url(), FlakyAlertApi.HANG.dividedBy(3)), rejected, metrics, List.of())) {
            for (AlertRecord a : sent) {
                writer.write(a, null);
            }
            writer.flush(true);
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "a-3-5");
            // Batches of 7: six of them, the 16 failed posts retried, the refused batch split into 7 single posts.
            assertThat(api.batches()).isGreaterThanOrEqualTo(6);
            assertThat(api.requests()).isGreaterThan(12 + 4 + 6).isLessThan(sent.size());
        }
        assertThat(rejected).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("alert-rejected");
            assertThat(d.detail()).contains("HTTP 400").contains("a-3-5");
            assertThat(d.raw()).contains("\"id\":\"a-3-5\"");
        });
        assertThat(metrics.count("apiRetries")).isGreaterThanOrEqualTo(16);
        assertThat(metrics.count("apiAlertsRejected")).isOne();
    }

    @Test
    void aLoneAlertGoesAfterAQuietSpellWithoutACheckpointAndACriticalOneAtOnce() throws Exception {
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none")) {
            // A short quiet spell: the four alerts written together leave together, with no flush.
            List<AlertRecord> sent = alerts(2, 2);
            try (HttpAlertWriter writer = writer(new HttpAlertSink.Config(api.url(), "test-token", 7, Duration.ofMillis(50),
                    Duration.ofMinutes(1), 4, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(200), 262_144,
                    64L << 20), new ArrayList<>(), new RecordedMetrics(), List.of())) {
                for (AlertRecord a : sent) {
                    writer.write(a, null);
                }
                await(() -> api.receipts().size() == sent.size());
                assertThat(api.batches()).isOne();
                assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "none");
            }

            // Quiet spells of an hour: only a CRITICAL alert sends what waits, itself included.
            try (HttpAlertWriter writer = writer(new HttpAlertSink.Config(api.url(), "test-token", 7, Duration.ofHours(1),
                    Duration.ofHours(1), 4, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(200), 262_144,
                    64L << 20), new ArrayList<>(), new RecordedMetrics(), List.of())) {
                AlertRecord high = new AlertRecord("h-1", "k-1", "{\"id\":\"h-1\",\"incidentKey\":\"k-1\"}".getBytes(StandardCharsets.UTF_8));
                writer.write(high, null);
                writer.flush(false);
                assertThat(writer.snapshotState(1)).as("a checkpoint does not send it either").containsExactly(high);
                assertThat(api.receipts()).hasSize(sent.size());
                AlertRecord critical = new AlertRecord("c-1", "k-2", "{\"id\":\"c-1\",\"incidentKey\":\"k-2\"}"
                        .getBytes(StandardCharsets.UTF_8), true);
                writer.write(critical, null);
                await(() -> api.receipts().size() == sent.size() + 2);
                assertThat(api.receipts().subList(sent.size(), sent.size() + 2)).extracting(FlakyAlertApi.Received::id)
                        .containsExactly("h-1", "c-1");
                await(() -> {
                    try {
                        return writer.snapshotState(2).isEmpty();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
    }

    @Test
    void anAlertDoesNotWaitBehindAnotherIncidentsSlowRequestAndAnIncidentsAlertsStayInOrder() throws Exception {
        // The first request hangs for FlakyAlertApi.HANG (answered then: the timeout is longer).
        try (FlakyAlertApi api = new FlakyAlertApi(0, 1, "none");
             HttpAlertWriter writer = writer(new HttpAlertSink.Config(api.url(), "test-token", 7, Duration.ofMillis(50),
                     Duration.ofMinutes(1), 4, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofMillis(200), 262_144,
                     64L << 20), new ArrayList<>(), new RecordedMetrics(), List.of())) {
            writer.write(alert("s-1", "k-slow", true), null);
            await(() -> api.receipts().size() == 1);
            writer.write(alert("s-2", "k-slow", false), null);
            writer.write(alert("c-1", "k-2", true), null);
            writer.flush(true);
            assertThat(api.receipts()).extracting(FlakyAlertApi.Received::id).as("s-2 waited for s-1's request")
                    .containsExactly("s-1", "c-1", "s-2");
            assertThat(api.receipts().get(1).underWay()).as("c-1 went while s-1's request hung").isEqualTo(2);
            assertThat(api.requests()).isEqualTo(3);
        }
    }

    @Test
    void aSlowApiGetsOneRequestAtATimeSoThatBatchesStayWhole() throws Exception {
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none");
             HttpAlertWriter writer = writer(new HttpAlertSink.Config(api.url(), "test-token", 7, Duration.ofMillis(20),
                     Duration.ofMinutes(1), 4, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofMillis(200), 262_144,
                     64L << 20), new ArrayList<>(), new RecordedMetrics(), List.of())) {
            api.delayAnswers(Duration.ofNanos(HttpAlertWriter.SLOW_NANOS).plusMillis(500));
            writer.write(alert("a-1", "k-1", true), null);
            await(() -> api.receipts().size() == 1);
            writer.write(alert("a-2", "k-2", true), null);
            await(() -> api.receipts().size() == 2);
            assertThat(api.receipts().get(1).underWay()).as("at first, requests for different incidents go at once").isEqualTo(2);
            await(() -> pending(writer) == 0);
            // Two slow answers: four requests allowed under way, then two, then one.
            writer.write(alert("b-1", "k-3", true), null);
            await(() -> api.receipts().size() == 3);
            writer.write(alert("b-2", "k-4", true), null);
            writer.flush(true);
            assertThat(api.receipts()).extracting(FlakyAlertApi.Received::id).containsExactly("a-1", "a-2", "b-1", "b-2");
            assertThat(api.receipts().get(3).underWay()).as("b-2 waited for b-1's slow answer").isEqualTo(1);
        }
    }

    static int pending(HttpAlertWriter writer) {
        try {
            return writer.snapshotState(1).size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static AlertRecord alert(String id, String incidentKey, boolean critical) {
        return new AlertRecord(id, incidentKey, ("{\"id\":\"" + id + "\",\"incidentKey\":\"" + incidentKey + "\"}")
                .getBytes(StandardCharsets.UTF_8), critical);
    }

    @Test
    void checkpointsDoNotWaitForTheApiAndARestoredWriterSendsWhatWasWaiting() throws Exception {
        List<AlertRecord> sent = alerts(3, 4);
        RecordedMetrics metrics = new RecordedMetrics();
        List<AlertRecord> checkpointed;
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none").down()) {
            try (HttpAlertWriter writer = writer(config(api.url()), new ArrayList<>(), metrics, List.of())) {
                for (AlertRecord a : sent) {
                    writer.write(a, null);
                }
                await(() -> metrics.count("apiRetries") >= 3);
                writer.flush(false);
                checkpointed = writer.snapshotState(7);
                assertThat(metrics.gauges.get("apiPendingAlerts").getValue()).isEqualTo(sent.size());
                assertThat((Long) metrics.gauges.get("apiFailingForMs").getValue()).isPositive();
            }
            assertThat(checkpointed).containsExactlyElementsOf(sent);
            assertThat(api.receipts()).isEmpty();

            api.up();
            HttpAlertSink.PendingAlertSerializer serializer = new HttpAlertSink.PendingAlertSerializer();
            List<AlertRecord> restored = new ArrayList<>();
            for (AlertRecord a : checkpointed) {
                restored.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(a)));
            }
            try (HttpAlertWriter writer = writer(config(api.url()), new ArrayList<>(), new RecordedMetrics(), restored)) {
                writer.flush(true);
            }
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "none");
        }
    }

    @Test
    void aRefusedTokenAMissingEndpointAndServerErrorsAreRetriedNeverDeadLettered() throws Exception {
        List<DeadLetter> rejected = new ArrayList<>();
        List<AlertRecord> sent = alerts(2, 3);
        RecordedMetrics metrics = new RecordedMetrics();
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none").answerFirst(401, 403, 404, 500, 502, 503, 504, 429, 408);
             HttpAlertWriter writer = writer(config(api.url()), rejected, metrics, List.of())) {
            for (AlertRecord a : sent) {
                writer.write(a, null);
            }
            writer.flush(true);
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "none");
        }
        assertThat(rejected).isEmpty();
        assertThat(metrics.count("apiRetries")).isGreaterThanOrEqualTo(9);
        assertThat(metrics.count("apiAlertsRejected")).isZero();
    }

    @Test
    void anAlertTooLargeForTheApiIsTrimmedAndABatchTooLargeIsSplitNothingIsDropped() throws Exception {
        List<DeadLetter> rejected = new ArrayList<>();
        RecordedMetrics metrics = new RecordedMetrics();
        String text = "迷路了".repeat(20_000);
        AlertRecord big = new AlertRecord("big", "k-big", ("{\"id\":\"big\",\"incidentKey\":\"k-big\",\"evidence\":[{\"topic\":"
                + "\"risk.calls\",\"key\":\"c-1\",\"ts\":null,\"value\":{\"text\":\"" + text + "\"}}]}").getBytes(StandardCharsets.UTF_8),
                true);
        // Twenty alerts of about 10 KB: each fits, a batch of seven does not.
        List<AlertRecord> small = alerts(2, 10).stream().map(a -> a.withJson(new String(a.json(), StandardCharsets.UTF_8)
                .replace("}", ",\"pad\":\"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8))).toList();
        try (FlakyAlertApi api = new FlakyAlertApi(0, 0, "none").limits(60_000, 50_000);
             HttpAlertWriter writer = writer(config(api.url()), rejected, metrics, List.of())) {
            for (AlertRecord a : small) {
                writer.write(a, null);
            }
            writer.write(big, null);
            writer.flush(true);
            assertDeliveredOnceInOrderPerIncident(api.receipts().stream().filter(r -> !r.id().equals("big")).toList(), small,
                    "none");
            JsonNode stored = api.stored().stream().filter(a -> a.get("id").asText().equals("big")).findFirst().orElseThrow();
            assertThat(AlertTrimmer.isTrimmed(stored)).isTrue();
            assertThat(stored.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(50_000);
            assertThat(stored.at("/evidence/0/value/text").asText()).startsWith("迷路了迷路了").endsWith("…(60000 chars)");
        }
        assertThat(rejected).isEmpty();
        assertThat(metrics.count("apiAlertsTrimmed")).isPositive();
    }

    @Test
    void aWriterHoldingTooMuchHoldsTheJobUpUntilTheApiTakesSomeAndLosesNothing() throws Exception {
        List<AlertRecord> sent = alerts(3, 10);
        try (FlakyAlertApi api = new FlakyAlertApi(6, 0, "none");
             HttpAlertWriter writer = writer(new HttpAlertSink.Config(api.url(), "test-token", 7, Duration.ofMillis(1),
                     Duration.ofMillis(1), 4, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(200), 1024, 1024),
                     new ArrayList<>(), new RecordedMetrics(), List.of())) {
            for (AlertRecord a : sent) {
                writer.write(a, null);
                assertThat(writer.snapshotState(1).stream().mapToInt(x -> x.json().length).sum())
                        .as("never more than the limit waits").isLessThanOrEqualTo(1024);
            }
            writer.flush(true);
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "none");
        }
    }

    @Test
    void aJobAtParallelismTwoDeliversEveryAlertWhileTheApiFailsForAWhile() throws Exception {
        REJECTED.clear();
        List<AlertRecord> sent = alerts(6, 10);
        try (FlakyAlertApi api = new FlakyAlertApi(25, 3, "a-1-1")) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
            env.fromData(sent).keyBy(AlertRecord::incidentKey)
                    .sinkTo(new HttpAlertSink(config(api.url(), FlakyAlertApi.HANG.dividedBy(3)), () -> REJECTED::add))
                    .name("POST /api/alerts");
            env.execute("http-alert-sink-test");
            assertDeliveredOnceInOrderPerIncident(api.receipts(), sent, "a-1-1");
        }
        assertThat(REJECTED).extracting(DeadLetter::reason).containsExactly("alert-rejected");
    }
}
