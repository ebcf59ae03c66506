package cn.jinhua.risk.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's side of the control topics, played by the tests on the real test broker: reads what
 * the API put on {@code risk.control} and answers on {@code risk.control.results}.
 */
public final class ControlTopics {
    private ControlTopics() {
    }

    /** The record of one change on risk.control, as the broker holds it; fails when there is none. */
    public static ConsumerRecord<String, String> sent(String changeId) {
        return KafkaSessionListener.readAll(KafkaSessionListener.CHANGES).stream()
                .filter(r -> changeId.equals(json(r.value()).path("changeId").asText()))
                .reduce((a, b) -> {
                    throw new AssertionError("change " + changeId + " was sent twice");
                })
                .orElseThrow(() -> new AssertionError("change " + changeId + " is not on " + KafkaSessionListener.CHANGES));
    }

    /** Posts a change the API must refuse: a 400 whose reason starts with {@code reason}, and nothing on risk.control. */
    public static void refusedSendingNothing(Api api, String path, String user, String body, String reason) {
        int before = KafkaSessionListener.readAll(KafkaSessionListener.CHANGES).size();
        Api.Response r = api.post(path, user, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).startsWith(reason);
        assertThat(KafkaSessionListener.readAll(KafkaSessionListener.CHANGES)).hasSize(before);
    }

    /**
     * Puts a world-batch on risk.control as {@code ./risk control} does, not through the API: these
     * features in, those ids out. Returns its change id.
     */
    public static String sendWorldBatch(List<ObjectNode> features, List<String> deleteIds) {
        String changeId = "batch-" + UUID.randomUUID();
        ObjectNode m = change(changeId, "world-batch");
        features.forEach(m.putArray("features")::add);
        deleteIds.forEach(m.putArray("deleteIds")::add);
        KafkaSessionListener.send(KafkaSessionListener.CHANGES, "world", m.toString());
        return changeId;
    }

    /** Puts a world-upsert on risk.control as {@code ./risk control} does, until {@code expiresAt} (or null). Returns its change id. */
    public static String sendWorldUpsert(ObjectNode feature, String expiresAt) {
        String changeId = "upsert-" + UUID.randomUUID();
        ObjectNode m = change(changeId, "world-upsert");
        m.set("feature", feature);
        if (expiresAt != null) {
            m.put("expiresAt", expiresAt);
        }
        KafkaSessionListener.send(KafkaSessionListener.CHANGES, "world:" + feature.path("properties").path("id").asText(),
                m.toString());
        return changeId;
    }

    private static ObjectNode change(String changeId, String kind) {
        return Json.MAPPER.createObjectNode().put("changeId", changeId).put("kind", kind).put("by", "officer-wu")
                .put("at", "2026-12-18T15:00:00+08:00");
    }

    /** Answers a change as the job does. */
    public static void accept(String changeId, String ruleId, Integer ruleVersion, int worldVersion) {
        answer(changeId, true, null, ruleId, ruleVersion, worldVersion);
    }

    public static void refuse(String changeId, String ruleId, Integer ruleVersion, String reason) {
        answer(changeId, false, reason, ruleId, ruleVersion, 1);
    }

    private static void answer(String changeId, boolean accepted, String reason, String ruleId, Integer ruleVersion,
                               int worldVersion) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("changeId", changeId);
        r.put("accepted", accepted);
        if (reason != null) {
            r.put("reason", reason);
        }
        if (ruleId != null) {
            r.put("ruleId", ruleId);
        }
        if (ruleVersion != null) {
            r.put("ruleVersion", ruleVersion);
        }
        r.put("worldVersion", worldVersion);
        r.put("at", "2026-12-18T16:00:00+08:00");
        KafkaSessionListener.send(KafkaSessionListener.RESULTS, null, r.toString());
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Waits until {@code condition} holds (the follower records asynchronously), at most 30 s. */
    public static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
