package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.CallerNumberMasker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Presents a stored alert to a caller: internal fields dropped, the incident's status added,
 * caller numbers in the evidence masked for everyone but the command centre. Stateless.
 */
public final class AlertViews {
    private AlertViews() {
    }

    public static Map<String, Object> present(Map<String, Object> stored, String status, Caller caller) {
        Map<String, Object> out = new LinkedHashMap<>(stored);
        out.remove("fullText");
        // Stored by earlier versions; not part of the alert contract.
        out.remove("severityRank");
        out.put("status", status);
        if (!caller.seesCallerNumbers()) {
            out.put("evidence", CallerNumberMasker.maskValue(out.get("evidence")));
        }
        return out;
    }
}
