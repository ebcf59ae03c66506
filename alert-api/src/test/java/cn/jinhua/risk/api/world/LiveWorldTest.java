package cn.jinhua.risk.api.world;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.control.ControlChange;
import cn.jinhua.risk.api.control.Verdict;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.SeedFeatures;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.Zone;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The API's world follows the world changes the job accepted, in order, until each expires. */
class LiveWorldTest {
    static final World FILES = WorldLoader.loadClasspath();
    static final Instant NOW = Instant.parse("2026-12-18T08:00:00Z");

    final List<ControlChange> log = new ArrayList<>();
    final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    final AtomicInteger reads = new AtomicInteger();
    final LiveWorld live = new LiveWorld(FILES, () -> {
        reads.incrementAndGet();
        return List.copyOf(log);
    }, new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    static ObjectNode copy(String seedId, String id) {
        return SeedFeatures.copy(seedId, id);
    }

    static ControlChange upsert(String changeId, ObjectNode feature, String expiresAt, Boolean accepted) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("changeId", changeId).put("kind", "world-upsert");
        m.set("feature", feature);
        if (expiresAt != null) {
            m.put("expiresAt", expiresAt);
        }
        String id = feature.path("properties").path("id").asText();
        return new ControlChange(changeId, "world-upsert", "world:" + id, null, id, "officer-wu", "2026-12-18T15:00:00+08:00",
                0, 0L, m, verdict(accepted));
    }

    static ControlChange batch(String changeId, List<ObjectNode> features, List<String> deleteIds) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("changeId", changeId).put("kind", "world-batch");
        ArrayNode fs = m.putArray("features");
        features.forEach(fs::add);
        ArrayNode ds = m.putArray("deleteIds");
        deleteIds.forEach(ds::add);
        return new ControlChange(changeId, "world-batch", "world", null, null, "officer-wu", "2026-12-18T15:00:00+08:00",
                0, 0L, m, verdict(true));
    }

    static Verdict verdict(Boolean accepted) {
        return accepted == null ? null : new Verdict(accepted, accepted ? null : "refused", null, 2, "2026-12-18T15:00:01+08:00");
    }

    @Test
    void aTeamPutInLiveIsInTheWorldOnceTheJobAcceptedIt() {
        log.add(upsert("t-1", copy("tm-wy-e03", "tm-wy-night"), null, null));
        live.refresh();
        assertThat(live.world().find("tm-wy-night")).as("pending").isEmpty();

        log.set(0, upsert("t-1", copy("tm-wy-e03", "tm-wy-night"), null, true));
        log.add(upsert("t-2", copy("tm-wy-e03", "tm-wy-refused"), null, false));
        live.refresh();
        assertThat(live.world().find("tm-wy-night", Team.class)).isPresent();
        assertThat(live.world().find("tm-wy-refused")).isEmpty();
        assertThat(live.files().find("tm-wy-night")).as("the world files stay as they are").isEmpty();
    }

    @Test
    void aPlantJoinsWithItsPoolSensorsAndTeamInOneBatchAndLeavesTheSameWay() {
        log.add(batch("b-1", SeedFeatures.plant("wy-e91"), List.of()));
        live.refresh();
        assertThat(live.world().find("wy-e91-pool", Tank.class)).get().extracting(Tank::plantId).isEqualTo("wy-e91");
        assertThat(live.world().sensor("wy-e91-pool-level")).isPresent();
        assertThat(live.world().all(Team.class)).extracting(Team::id).contains("tm-wy-e91");

        log.add(batch("b-2", List.of(), List.of("wy-e91-gate-depth", "wy-e91-pool-level", "wy-e91-pool", "wy-e91",
                "tm-wy-e91")));
        live.refresh();
        assertThat(live.world().find("wy-e91")).isEmpty();
        assertThat(live.world().all(Team.class)).extracting(Team::id).doesNotContain("tm-wy-e91");
    }

    @Test
    void aChangeCountsUntilItExpires() {
        log.add(upsert("z-1", copy("bs-north-valley-gap", "gap-tonight"), "2026-12-18T16:30:00+08:00", true));
        live.refresh();
        assertThat(live.world().find("gap-tonight", Zone.class)).isPresent();

        now.set(Instant.parse("2026-12-18T08:30:00Z"));
        assertThat(live.world().find("gap-tonight")).as("expired at 16:30 in Jinhua").isEmpty();
    }

    /**
     * The world is asked for on request threads and event loops (the token check of field teams,
     * GET /api/world): asking never reads the change log, not even when an expiry passes; the same
     * world instance is returned until it changes, so what is derived from it can be cached.
     */
    @Test
    void askingForTheWorldNeverReadsTheChangeLogAndGivesTheSameWorldUntilItChanges() {
        log.add(upsert("z-1", copy("bs-north-valley-gap", "gap-tonight"), "2026-12-18T16:30:00+08:00", true));
        log.add(upsert("t-1", copy("tm-wy-e03", "tm-wy-night"), null, true));
        live.refresh();
        int afterRefresh = reads.get();
        World before = live.world();
        assertThat(live.world()).isSameAs(before);
        live.refresh();
        assertThat(live.world()).as("the same changes: the same world").isSameAs(before);

        now.set(Instant.parse("2026-12-18T08:30:00Z"));
        World expired = live.world();
        assertThat(expired).isNotSameAs(before);
        assertThat(expired.find("gap-tonight")).isEmpty();
        assertThat(expired.find("tm-wy-night")).as("the changes read last still count").isPresent();
        assertThat(live.world()).isSameAs(expired);
        assertThat(reads.get()).isEqualTo(afterRefresh + 1);
    }

    @Test
    void aChangeThatDoesNotLoadHereIsLeftOutAndTheOthersStillCount() {
        ObjectNode orphanPool = copy("wy-e03-pool", "wy-orphan-pool");
        ((ObjectNode) orphanPool.get("properties")).put("plantId", "wy-nowhere");
        log.add(upsert("p-1", orphanPool, null, true));
        log.add(upsert("t-1", copy("tm-wy-e03", "tm-wy-night"), null, true));
        live.refresh();
        assertThat(live.world().find("wy-orphan-pool")).isEmpty();
        assertThat(live.world().find("tm-wy-night")).isPresent();
    }
}
