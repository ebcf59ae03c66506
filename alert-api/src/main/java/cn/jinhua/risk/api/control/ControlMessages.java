package cn.jinhua.risk.api.control;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads the two topics' records into what the API records: a change with its subject, or a
 * verdict. A record that is not one is refused with the reason (and skipped by the follower).
 * Stateless and thread-safe.
 */
final class ControlMessages {
    /** A record that is not a change or a verdict of the contract. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    private ControlMessages() {
    }

    static ControlChange change(byte[] value, int partition, long offset) throws Refused {
        JsonNode n = tree(value);
        String changeId = required(n, "changeId");
        String kindName = required(n, "kind");
        ChangeKind kind = ChangeKind.of(kindName).orElseThrow(() -> new Refused("unknown kind " + kindName));
        String ruleId = kind.aboutRule() ? required(n, "ruleId") : null;
        if (kind == ChangeKind.WORLD_BATCH) {
            // Its features are read where they are shown (the zones list); the job decides the batch whole.
            return new ControlChange(changeId, kind.wire(), "world", null, null, text(n, "by"), text(n, "at"), partition,
                    offset, n, null);
        }
        String featureId = kind.aboutRule() ? null : kind == ChangeKind.WORLD_UPSERT
                ? text(n.path("feature").path("properties"), "id") : required(n, "featureId");
        if (!kind.aboutRule() && featureId == null) {
            throw new Refused("world-upsert without feature.properties.id");
        }
        return new ControlChange(changeId, kind.wire(), kind.aboutRule() ? "rule:" + ruleId : "world:" + featureId,
                ruleId, featureId, text(n, "by"), text(n, "at"), partition, offset, n, null);
    }

    /** A verdict and the change it is about. */
    record Decided(String changeId, Verdict verdict) {
    }

    static Decided verdict(byte[] value) throws Refused {
        JsonNode n = tree(value);
        String changeId = required(n, "changeId");
        JsonNode accepted = n.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            throw new Refused("accepted must be true or false");
        }
        return new Decided(changeId, new Verdict(accepted.booleanValue(), text(n, "reason"),
                n.hasNonNull("ruleVersion") ? n.get("ruleVersion").asInt() : null,
                n.hasNonNull("worldVersion") ? n.get("worldVersion").asInt() : null, text(n, "at")));
    }

    private static JsonNode tree(byte[] value) throws Refused {
        try {
            JsonNode n = value == null ? null : Json.MAPPER.readTree(value);
            if (n == null || !n.isObject()) {
                throw new Refused("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Refused("not JSON: " + e.getMessage());
        }
    }

    private static String required(JsonNode n, String field) throws Refused {
        String v = text(n, field);
        if (v == null || v.isBlank()) {
            throw new Refused(field + " is required");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
