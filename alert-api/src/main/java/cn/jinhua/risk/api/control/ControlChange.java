package cn.jinhua.risk.api.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * One change of the rules or the world as the API recorded it: the message sent on
 * {@code risk.control} (by the API or by anyone else, e.g. {@code ./risk control}), where it sits
 * on the topic, and the job's verdict once it came. Immutable by convention (nobody changes the
 * JSON after reading).
 *
 * @param subject the message's key, {@code rule:<ruleId>}, {@code world:<featureId>}, or {@code world} for a batch
 * @param featureId the feature of a world-upsert or world-delete; null for a rule change and a batch
 * @param by the user who made it
 * @param at when it was made (ISO-8601 with offset)
 * @param partition the partition of {@code risk.control} holding it; null while only its verdict was read
 * @param offset its offset there: the job decides a subject's changes in this order
 * @param message the whole message as sent; null while only its verdict was read
 * @param verdict null while the job has not decided
 */
public record ControlChange(String changeId, @Nullable String kind, @Nullable String subject, @Nullable String ruleId,
                            @Nullable String featureId, @Nullable String by, @Nullable String at,
                            @Nullable Integer partition, @Nullable Long offset, @Nullable JsonNode message,
                            @Nullable Verdict verdict) {

    /** PENDING until the job decides, then ACCEPTED or REFUSED. */
    public String status() {
        return verdict == null ? "PENDING" : verdict.accepted() ? "ACCEPTED" : "REFUSED";
    }

    public boolean accepted() {
        return verdict != null && verdict.accepted();
    }

    /**
     * One feature a world change puts in or takes out.
     *
     * @param feature the GeoJSON Feature put in, null when the feature is taken out
     * @param expiresAt when the change stops counting (ISO-8601), null when it does not expire
     */
    public record FeatureEdit(String featureId, @Nullable JsonNode feature, @Nullable String expiresAt) {
    }

    /**
     * The features this change puts in or takes out, in the order the job makes them: a
     * world-upsert's or world-delete's one, a world-batch's taken out then put in; none for a rule
     * change or a message not read yet.
     */
    public List<FeatureEdit> featureEdits() {
        if (message == null || kind == null || kind.startsWith("rule-")) {
            return List.of();
        }
        String expiresAt = message.hasNonNull("expiresAt") ? message.get("expiresAt").asText() : null;
        List<FeatureEdit> out = new ArrayList<>();
        if (ChangeKind.WORLD_BATCH.wire().equals(kind)) {
            for (JsonNode id : message.path("deleteIds")) {
                out.add(new FeatureEdit(id.asText(), null, null));
            }
            JsonNode features = message.path("features");
            for (JsonNode f : features.isObject() ? features.path("features") : features) {
                String id = f.path("properties").path("id").asText(null);
                if (id != null) {
                    out.add(new FeatureEdit(id, f, expiresAt));
                }
            }
        } else if (featureId != null) {
            JsonNode f = message.get("feature");
            out.add(new FeatureEdit(featureId, f == null || f.isNull() ? null : f, f == null || f.isNull() ? null : expiresAt));
        }
        return out;
    }
}
