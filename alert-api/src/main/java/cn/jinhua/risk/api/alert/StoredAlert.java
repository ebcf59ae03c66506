package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An alert as stored in the {@code alerts} index: the contract's fields at the top level, plus
 * where it went and what {@code q} searches.
 *
 * @param incidentId the incident the alert joined
 * @param receivedAt when the API received it (ISO-8601, sortable)
 * @param fullText titles and evidence text with phone numbers masked, the only text field indexed
 */
public record StoredAlert(@JsonUnwrapped Alert alert, String incidentId, String receivedAt, String fullText) {

    /**
     * Reads a stored document. Jackson cannot give an unwrapped record component to a constructor,
     * so the contract's fields are read from the same tree. Documents written by earlier versions
     * may carry more fields (e.g. {@code severityRank}); they are ignored.
     */
    static StoredAlert read(JsonNode source) {
        try {
            return new StoredAlert(Json.MAPPER.treeToValue(source, Alert.class), source.path("incidentId").asText(null),
                    source.path("receivedAt").asText(null), source.path("fullText").asText(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored alert " + source.path("id").asText() + " is not an alert: "
                    + e.getOriginalMessage(), e);
        }
    }
}
