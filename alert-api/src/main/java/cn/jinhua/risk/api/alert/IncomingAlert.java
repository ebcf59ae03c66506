package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.geo.model.ResponseLevel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A validated alert as received, with the fields the incident logic needs and the document to
 * store (the alert's contract fields, normalised). Immutable by convention: nobody mutates
 * {@code document} after parsing.
 *
 * @param lat latitude of where responders should go: the last known position when the alert has one
 * @param lon longitude, same rule
 * @param responseLevel wastewater response level, null for lost persons
 * @param tier containment tier 1–3, null for lost persons
 */
public record IncomingAlert(String id, String ruleId, String scenario, Severity severity, String incidentKey,
                            String subjectId, String title, @Nullable String titleZh, Instant eventTime,
                            double lat, double lon, List<String> zoneIds, @Nullable Integer tier,
                            @Nullable ResponseLevel responseLevel, ObjectNode document) {
}
