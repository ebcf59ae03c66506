package cn.jinhua.risk.api.zone;

import cn.jinhua.risk.api.control.ChangeView;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A zone changed live: the feature as the job runs it (or as it was asked for, while the job has
 * not decided), and its newest change with the verdict.
 *
 * @param feature the GeoJSON Feature, in the world files' format
 * @param active whether the job runs it now (an accepted upsert, not deleted since)
 * @param expired whether its expiry has passed (the job no longer raises alerts for it)
 * @param worldVersion the world version its accepted upsert made
 * @param lastChange its newest change: PENDING, ACCEPTED or REFUSED with the reason
 * @param worldFile a feature of the world files changed live (a trail closed): deleting it undoes
 *     the change, the feature as the world files have it
 */
@Serdeable
public record ZoneView(String id, @Nullable String kind, @Nullable String scenario, @Nullable String name,
                       @Nullable String nameZh, JsonNode feature, @Nullable String expiresAt, boolean active,
                       boolean expired, @Nullable String by, @Nullable String at, @Nullable Integer worldVersion,
                       ChangeView lastChange, boolean worldFile) {
}
