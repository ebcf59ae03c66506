package cn.jinhua.risk.api.incident;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A page of incidents and the number of matches. */
@Serdeable
public record IncidentPage(List<IncidentView> items, long total) {
}
