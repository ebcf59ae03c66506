package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.CallerNumberMasker;
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

    /** A stored alert for a caller: caller numbers in the evidence masked for everyone but the command centre. */
    public static AlertView of(StoredAlert stored, @Nullable String status, Caller caller) {
        Alert a = stored.alert();
        if (!caller.seesCallerNumbers()) {
            a = a.withEvidence(a.evidence().stream().map(e -> new Evidence(CallerNumberMasker.maskText(e.topic()),
                    CallerNumberMasker.maskText(e.key()), CallerNumberMasker.maskText(e.ts()),
                    CallerNumberMasker.maskValue(e.value()))).toList());
        }
        return new AlertView(a, stored.incidentId(), stored.receivedAt(), status);
    }
}
