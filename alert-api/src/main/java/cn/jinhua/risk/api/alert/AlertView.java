package cn.jinhua.risk.api.alert;

import static cn.jinhua.risk.api.security.CallerNumberMasker.maskText;
import static cn.jinhua.risk.api.security.CallerNumberMasker.maskValue;

import cn.jinhua.risk.api.security.Caller;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An alert as a caller sees it: the contract's fields, where it went, and its incident's status.
 *
 * @param status the status of its incident, joined when read (null when the incident is gone)
 */
@Serdeable
public record AlertView(@JsonUnwrapped Alert alert, String incidentId, String receivedAt, @Nullable String status) {

    /**
     * A stored alert for a caller. For everyone but the command centre, caller numbers are masked
     * wherever text can hold one: the evidence, the recommendation, the titles, and the subject and
     * incident key (a call without a device is its own subject, and a call id may be a number).
     */
    public static AlertView of(StoredAlert stored, @Nullable String status, Caller caller) {
        Alert a = stored.alert();
        if (!caller.seesCallerNumbers()) {
            a = new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.worldVersion(), a.shadow(), a.scenario(), a.severity(), maskText(a.incidentKey()),
                    maskText(a.subjectId()), maskText(a.title()), maskText(a.titleZh()), a.eventTime(), a.detectedAt(),
                    a.location(), a.zoneIds(), a.tier(), a.responseLevel(),
                    a.evidence().stream().map(e -> new Evidence(maskText(e.topic()), maskText(e.key()), maskText(e.ts()),
                            maskValue(e.value()))).toList(),
                    maskValue(a.recommendation()), a.searchArea(), a.predictedOverflowAt(), a.lastKnownPosition(),
                    a.nearestTrail());
        }
        return new AlertView(a, stored.incidentId(), stored.receivedAt(), status);
    }
}
