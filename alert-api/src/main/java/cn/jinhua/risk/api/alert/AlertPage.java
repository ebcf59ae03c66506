package cn.jinhua.risk.api.alert;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A page of alerts as the caller sees them and the number of matches. */
@Serdeable
public record AlertPage(List<AlertView> items, long total) {
}
