package cn.jinhua.risk.api.team;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A team of the world with its home base and its last reported position (null if it never reported). */
@Serdeable
public record TeamView(String id, String scenario, String name, @Nullable String nameZh, String role,
                       @Nullable String level, int persons, List<String> skills, TeamPosition.Location base,
                       @Nullable TeamPosition lastPosition) {
}
