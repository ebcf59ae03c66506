package cn.jinhua.risk.replay;

import com.fasterxml.jackson.databind.JsonNode;
import cn.jinhua.risk.control.FlinkRest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * What the running detection job would do with a record's time, read from its Flink REST API: its
 * clock (live or records, the maximum future skew) and, per feed topic and partition, the event
 * time reached by the router that reads that partition (a record at or behind it is dropped as
 * late). See {@code RiskJob}'s job parameters. Immutable.
 *
 * @param watermarks per topic name, per partition, the input watermark of the router subtask that
 *     reads it ({@link Long#MIN_VALUE} before any)
 */
record JobClock(String jobName, boolean live, long maxFutureSkewMillis, Map<String, Map<Integer, Long>> watermarks) {
    static final String FEEDS_PARAMETER_PREFIX = "risk.feed.";
    private static final Pattern SPLIT = Pattern.compile("(\\d+)\\.Source__(.+)_feeds\\.split\\.(.+)-(\\d+)\\.watermark\\.currentWatermark");

    /**
     * The event time a record would be compared with: that of the router subtask reading the
     * partition Kafka's default partitioner gives its key (for a record without a key, the lowest
     * of the topic's). {@link Long#MIN_VALUE} when the job does not read the topic.
     */
    long watermark(String topic, byte[] key) {
        Map<Integer, Long> byPartition = watermarks.get(topic);
        if (byPartition == null || byPartition.isEmpty()) {
            return Long.MIN_VALUE;
        }
        if (key == null) {
            return byPartition.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
        }
        int partitions = byPartition.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return byPartition.getOrDefault(Utils.toPositive(Utils.murmur2(key)) % partitions, Long.MIN_VALUE);
    }

    /** "risk.locations 0: 2026-12-07T10:00:00+08:00, 1: ..." for people. */
    String describeWatermarks() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(watermarks).forEach((topic, byPartition) -> {
            b.append(b.length() == 0 ? "" : "; ").append(topic);
            new java.util.TreeMap<>(byPartition).forEach((p, w) -> b.append(' ').append(p).append(": ")
                    .append(w == Long.MIN_VALUE ? "none" : cn.jinhua.risk.contract.IsoTimes.format(w)));
        });
        return b.length() == 0 ? "(no feed partitions seen yet)" : b.toString();
    }

    /**
     * The running risk job's clock, empty when no risk job runs there.
     *
     * @throws IOException when the REST API cannot be reached or answers something unexpected
     */
    static Optional<JobClock> fetch(String flinkUrl) throws IOException {
        FlinkRest rest = new FlinkRest(flinkUrl);
        Optional<JsonNode> job = rest.newestJob(cn.jinhua.risk.jobs.RiskJob.NAME)
                .filter(j -> "RUNNING".equals(j.path("state").asText()));
        if (job.isEmpty()) {
            return Optional.empty();
        }
        String jobId = job.get().path("jid").asText();
        JsonNode params = rest.get("/jobs/" + jobId + "/config").path("execution-config").path("user-config");
        boolean live = !"records".equals(params.path("risk.event-clock").asText("live"));
        long skew = params.path("risk.max-future-skew-ms").asLong(Long.MAX_VALUE);
        Map<String, String> topicBySanitized = new HashMap<>();
        params.properties().forEach(p -> {
            if (p.getKey().startsWith(FEEDS_PARAMETER_PREFIX)) {
                for (String topic : p.getValue().asText().split(",")) {
                    topicBySanitized.put(topic.replace('.', '_'), topic);
                }
            }
        });
        Map<String, Map<Integer, Long>> watermarks = new HashMap<>();
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            String vertex = "/jobs/" + jobId + "/vertices/" + v.path("id").asText();
            // Which subtask reads which partition, from the source's per-split metrics.
            Map<Integer, List<String[]>> splitsBySubtask = new HashMap<>();
            String feed = null;
            for (JsonNode m : rest.get(vertex + "/metrics")) {
                Matcher x = SPLIT.matcher(m.path("id").asText());
                if (x.matches() && topicBySanitized.containsKey(x.group(3))) {
                    feed = x.group(2);
                    splitsBySubtask.computeIfAbsent(Integer.parseInt(x.group(1)), k -> new ArrayList<>())
                            .add(new String[] {topicBySanitized.get(x.group(3)), x.group(4)});
                }
            }
            if (feed == null) {
                continue;
            }
            String router = cn.jinhua.risk.jobs.feed.FeedRouter.operatorName(feed).replace(' ', '_');
            StringBuilder ids = new StringBuilder();
            for (int subtask : splitsBySubtask.keySet()) {
                ids.append(ids.length() == 0 ? "" : ",").append(subtask).append('.').append(router).append(".currentInputWatermark");
            }
            for (JsonNode m : rest.get(vertex + "/metrics?get=" + ids)) {
                int subtask = Integer.parseInt(m.path("id").asText().substring(0, m.path("id").asText().indexOf('.')));
                long watermark = Long.parseLong(m.path("value").asText(String.valueOf(Long.MIN_VALUE)));
                for (String[] split : splitsBySubtask.getOrDefault(subtask, List.of())) {
                    watermarks.computeIfAbsent(split[0], t -> new HashMap<>()).put(Integer.parseInt(split[1]), watermark);
                }
            }
        }
        return Optional.of(new JobClock(job.get().path("name").asText(), live, skew, watermarks));
    }
}
