package cn.jinhua.risk.jobs.rules;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.load.WorldEdits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change on {@code risk.control} ({@code docs/contract/control.schema.json}), read and checked
 * for shape: a change id, a kind, who and when, and what the kind needs. Whether the change may be
 * made (the rule exists, values within bounds, EPL compiles) is the validator's question, not this
 * class's. Immutable.
 *
 * @param changeId unique id the result echoes
 * @param kind one of {@link #KINDS}
 * @param by the user who made it
 * @param at when it was made, ISO-8601 as sent
 * @param ruleId the rule, for the {@code rule-*} kinds
 * @param parameters new values by name ({@code rule-parameters}, {@code rule-shadow}), plain JSON types
 * @param epl new EPL ({@code rule-epl}, {@code rule-shadow})
 * @param enabled on or off ({@code rule-enabled})
 * @param feature a GeoJSON Feature as JSON text ({@code world-upsert})
 * @param featureId the feature ({@code world-delete}; for {@code world-upsert} the feature's id)
 * @param expiresAt ISO time after which an upserted feature no longer counts, or null
 * @param features the GeoJSON Features put in together, as JSON text ({@code world-batch}), else empty
 * @param deleteIds the features taken out together ({@code world-batch}), else empty
 */
public record ControlChange(String changeId, String kind, String by, String at, String ruleId,
                            Map<String, Object> parameters, String epl, Boolean enabled, String feature,
                            String featureId, String expiresAt, List<String> features, List<String> deleteIds)
        implements Serializable {
    public static final Set<String> KINDS = Set.of("rule-parameters", "rule-epl", "rule-enabled", "rule-shadow",
            "rule-promote", "rule-shadow-stop", "world-upsert", "world-delete", "world-batch");
    /** The most features one {@code world-batch} puts in or takes out. */
    public static final int MAX_BATCH = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ControlChange {
        features = features == null ? List.of() : List.copyOf(features);
        deleteIds = deleteIds == null ? List.of() : List.copyOf(deleteIds);
    }

    /**
     * The change's subject, also its record key: {@code rule:<id>}, {@code world:<featureId>}, or
     * {@code world} for a batch (batches keep their order among themselves).
     */
    public String subject() {
        if (kind.startsWith("rule-")) {
            return "rule:" + ruleId;
        }
        return "world-batch".equals(kind) ? "world" : "world:" + featureId;
    }

    /**
     * The world edits the change makes, in order: the features taken out, then those put in (a
     * null feature takes its id out); empty for a rule change.
     */
    public List<WorldEdits.Edit> worldEdits() {
        List<WorldEdits.Edit> edits = new ArrayList<>();
        switch (kind) {
            case "world-upsert" -> edits.add(new WorldEdits.Edit(featureId, feature));
            case "world-delete" -> edits.add(new WorldEdits.Edit(featureId, null));
            case "world-batch" -> {
                deleteIds.forEach(id -> edits.add(new WorldEdits.Edit(id, null)));
                for (String f : features) {
                    edits.add(new WorldEdits.Edit(featureIdOf(f), f));
                }
            }
            default -> { }
        }
        return edits;
    }

    private static String featureIdOf(String feature) {
        try {
            return MAPPER.readTree(feature).path("properties").path("id").asText(null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a feature of a batch no longer reads: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one change.
     *
     * @throws IllegalArgumentException saying what is missing or malformed; its {@code changeId}
     *     (when one could be read) is in {@link Malformed#changeId()}
     */
    public static ControlChange parse(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Malformed(null, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed(null, "not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new Malformed(null, "a change must be a JSON object");
        }
        String changeId = text(n, "changeId", null);
        if (changeId == null || changeId.isBlank()) {
            throw new Malformed(null, "changeId is required");
        }
        String kind = text(n, "kind", changeId);
        if (kind == null || !KINDS.contains(kind)) {
            throw new Malformed(changeId, "kind must be one of " + String.join(", ", KINDS.stream().sorted().toList())
                    + ", got " + kind);
        }
        String by = text(n, "by", changeId);
        if (by == null || by.isBlank()) {
            throw new Malformed(changeId, "by (the user who made the change) is required");
        }
        String at = text(n, "at", changeId);
        if (at == null || !isTime(at)) {
            throw new Malformed(changeId, "at must be an ISO-8601 time with offset, got " + at);
        }
        String ruleId = text(n, "ruleId", changeId);
        Map<String, Object> parameters = null;
        if (n.has("parameters")) {
            if (!n.get("parameters").isObject()) {
                throw new Malformed(changeId, "parameters must be an object of name: value");
            }
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(
                    MAPPER.convertValue(n.get("parameters"), Map.class)));
        }
        String epl = text(n, "epl", changeId);
        Boolean enabled = null;
        if (n.has("enabled")) {
            if (!n.get("enabled").isBoolean()) {
                throw new Malformed(changeId, "enabled must be true or false");
            }
            enabled = n.get("enabled").booleanValue();
        }
        String feature = null;
        String featureId = text(n, "featureId", changeId);
        if (n.has("feature")) {
            JsonNode f = n.get("feature");
            if (!f.isObject() || !"Feature".equals(f.path("type").asText())) {
                throw new Malformed(changeId, "feature must be a GeoJSON Feature");
            }
            featureId = f.path("properties").path("id").asText(null);
            feature = f.toString();
        }
        List<String> features = new ArrayList<>();
        List<String> deleteIds = new ArrayList<>();
        if ("world-batch".equals(kind)) {
            readBatch(n, changeId, features, deleteIds);
        }
        String expiresAt = text(n, "expiresAt", changeId);
        if (expiresAt != null && !isTime(expiresAt)) {
            throw new Malformed(changeId, "expiresAt must be an ISO-8601 time with offset, got " + expiresAt);
        }
        if (kind.startsWith("rule-") && (ruleId == null || ruleId.isBlank())) {
            throw new Malformed(changeId, kind + " needs ruleId");
        }
        switch (kind) {
            case "rule-parameters" -> require(changeId, parameters != null && !parameters.isEmpty(),
                    "rule-parameters needs parameters");
            case "rule-epl" -> require(changeId, epl != null && !epl.isBlank(), "rule-epl needs epl");
            case "rule-enabled" -> require(changeId, enabled != null, "rule-enabled needs enabled");
            case "rule-shadow" -> require(changeId, (parameters != null && !parameters.isEmpty()) || epl != null,
                    "rule-shadow needs parameters or epl");
            case "world-upsert" -> require(changeId, feature != null && featureId != null && !featureId.isBlank(),
                    "world-upsert needs a feature with properties.id");
            case "world-delete" -> require(changeId, featureId != null && !featureId.isBlank(), "world-delete needs featureId");
            case "world-batch" -> require(changeId, !features.isEmpty() || !deleteIds.isEmpty(),
                    "world-batch needs features to put in or deleteIds to take out");
            default -> { }
        }
        return new ControlChange(changeId, kind, by, at, ruleId, parameters, epl, enabled, feature, featureId, expiresAt,
                features, deleteIds);
    }

    /**
     * A batch's {@code features} (an array of GeoJSON Features, or a FeatureCollection) and
     * {@code deleteIds}: each id once in the whole batch.
     */
    private static void readBatch(JsonNode n, String changeId, List<String> features, List<String> deleteIds) {
        Set<String> ids = new HashSet<>();
        JsonNode fs = n.path("features");
        if (fs.isObject() && "FeatureCollection".equals(fs.path("type").asText())) {
            fs = fs.path("features");
        }
        if (!fs.isMissingNode() && !fs.isNull()) {
            require(changeId, fs.isArray(), "features must be an array of GeoJSON Features or a FeatureCollection");
            for (JsonNode f : fs) {
                require(changeId, f.isObject() && "Feature".equals(f.path("type").asText()),
                        "each of features must be a GeoJSON Feature");
                String id = f.path("properties").path("id").asText("");
                require(changeId, !id.isBlank(), "each of features needs properties.id");
                require(changeId, ids.add(id), "feature " + id + " is in the batch twice");
                features.add(f.toString());
            }
        }
        JsonNode ds = n.path("deleteIds");
        if (!ds.isMissingNode() && !ds.isNull()) {
            require(changeId, ds.isArray(), "deleteIds must be an array of feature ids");
            for (JsonNode d : ds) {
                require(changeId, d.isTextual() && !d.asText().isBlank(), "each of deleteIds must be a feature id");
                require(changeId, ids.add(d.asText()), "feature " + d.asText() + " is in the batch twice");
                deleteIds.add(d.asText());
            }
        }
        require(changeId, features.size() + deleteIds.size() <= MAX_BATCH,
                "a world-batch changes at most " + MAX_BATCH + " features");
    }

    public static ControlChange parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isTime(String s) {
        try {
            IsoTimes.parseMillis(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void require(String changeId, boolean ok, String reason) {
        if (!ok) {
            throw new Malformed(changeId, reason);
        }
    }

    private static String text(JsonNode n, String field, String changeId) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Malformed(changeId, field + " must be a string");
        }
        return v.asText();
    }

    /** A change that cannot be read; {@code changeId} is null when not even that could be read. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String changeId;

        Malformed(String changeId, String reason) {
            super(reason);
            this.changeId = changeId;
        }

        public String changeId() {
            return changeId;
        }
    }
}
