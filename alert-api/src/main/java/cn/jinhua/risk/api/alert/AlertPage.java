package cn.jinhua.risk.api.alert;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** A page of alerts (the alert contract plus incidentId, receivedAt and the incident's status) and the number of matches. */
@Serdeable
public record AlertPage(List<Map<String, Object>> items, long total) {
}
