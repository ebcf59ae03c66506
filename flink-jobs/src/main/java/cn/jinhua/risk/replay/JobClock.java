package cn.jinhua.risk.replay;

import com.fasterxml.jackson.databind.JsonNode;
import cn.jinhua.risk.control.FlinkRest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the running detection job would do with a record's time, read from its Flink REST API: its
 * clock (live or records, the maximum future skew) and, per feed topic, the event time its router
 * has reached (records at or behind it are dropped as late). See {@code RiskJob}'s job parameters.
 * Immutable.
 *
 * @param watermarkByTopic per topic name, the lowest current input watermark of the router that
 *     reads it ({@link Long#MIN_VALUE} before any)
 */
record JobClock(String jobName, boolean live, long maxFutureSkewMillis, Map<String, Long> watermarkByTopic) {
    static final String FEEDS_PARAMETER_PREFIX = "risk.feed.";

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
        String name = job.get().path("name").asText();
        JsonNode params = rest.get("/jobs/" + jobId + "/config").path("execution-config").path("user-config");
        boolean live = !"records".equals(params.path("risk.event-clock").asText("live"));
        long skew = params.path("risk.max-future-skew-ms").asLong(Long.MAX_VALUE);
        Map<String, String> routerByTopic = new HashMap<>();
        params.fields().forEachRemaining(p -> {
            if (p.getKey().startsWith(FEEDS_PARAMETER_PREFIX)) {
                String feed = p.getKey().substring(FEEDS_PARAMETER_PREFIX.length());
                for (String topic : p.getValue().asText().split(",")) {
                    routerByTopic.put(topic, cn.jinhua.risk.jobs.feed.FeedRouter.operatorName(feed));
                }
            }
        });
        Map<String, Long> watermarkByRouter = new HashMap<>();
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            String vertexName = v.path("name").asText();
            for (String router : routerByTopic.values()) {
                if (vertexName.contains(router)) {
                    watermarkByRouter.put(router, lowestInputWatermark(rest, "/jobs/" + jobId + "/vertices/"
                            + v.path("id").asText(), router, v.path("parallelism").asInt(1)));
                }
            }
        }
        Map<String, Long> byTopic = new HashMap<>();
        routerByTopic.forEach((topic, router) -> byTopic.put(topic, watermarkByRouter.getOrDefault(router, Long.MIN_VALUE)));
        return Optional.of(new JobClock(name, live, skew, byTopic));
    }

    /**
     * The router's input watermark, lowest over its subtasks: a record at or behind it is late
     * whichever subtask reads its partition. The router is chained to its source, so the vertex's
     * own input watermark says nothing; the operator's metric does.
     */
    private static long lowestInputWatermark(FlinkRest rest, String vertexPath, String router, int parallelism)
            throws IOException {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < parallelism; i++) {
            ids.append(i == 0 ? "" : ",").append(i).append('.').append(router.replace(' ', '_')).append(".currentInputWatermark");
        }
        long lowest = Long.MAX_VALUE;
        int seen = 0;
        for (JsonNode m : rest.get(vertexPath + "/metrics?get=" + ids)) {
            lowest = Math.min(lowest, Long.parseLong(m.path("value").asText(String.valueOf(Long.MIN_VALUE))));
            seen++;
        }
        return seen < parallelism ? Long.MIN_VALUE : lowest;
    }
}
