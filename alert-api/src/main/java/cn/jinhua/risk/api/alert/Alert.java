package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One alert of the contract ({@code docs/alerts.md} "Fields", {@code docs/contract/alert.schema.json}),
 * as the detection job sends it and the API stores and returns it. Times are kept as sent (ISO-8601
 * with offset, already validated); fields the sender left out are null, except {@code zoneIds} and
 * {@code evidence} (empty) and {@code recommendation} (an empty object). The free-form parts of the
 * contract ({@code recommendation}, {@code searchArea}, evidence values) stay JSON. Immutable by
 * convention: nobody changes the JSON nodes after parsing.
 *
 * @param worldVersion the version of the world that raised it; null from jobs before live changes (then left out)
 * @param shadow raised by a shadow version of its rule: stored and listed on request, never grouped
 *     into an incident, announced, dispatched, escalated or published as CAP
 * @param location where the alert is, WGS84 degrees
 * @param tier containment tier 1–3 (wastewater), null for lost persons
 * @param responseLevel wastewater response level, null for lost persons
 * @param searchArea lost persons: a GeoJSON FeatureCollection of search rings
 * @param lastKnownPosition lost persons: the last fix, or the call's position
 */
@Serdeable
public record Alert(String id, String ruleId, int ruleVersion,
                    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer worldVersion, boolean shadow,
                    Scenario scenario, Severity severity,
                    String incidentKey, String subjectId, String title, @Nullable String titleZh, String eventTime,
                    String detectedAt, Position location, List<String> zoneIds, @Nullable Integer tier,
                    @Nullable ResponseLevel responseLevel, List<Evidence> evidence, JsonNode recommendation,
                    @Nullable JsonNode searchArea, @Nullable String predictedOverflowAt,
                    @Nullable LastKnownPosition lastKnownPosition, @Nullable NearestTrail nearestTrail) {
}
