package cn.jinhua.risk.jobs.changes;

import static cn.jinhua.risk.jobs.world.WorldFeatures.area;
import static cn.jinhua.risk.jobs.world.WorldFeatures.seed;
import static cn.jinhua.risk.jobs.world.WorldFeatures.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** World changes on risk.control: accepted as the world's next version, or refused with the loader's reason. */
class WorldChangesTest {
    static final long NOW = Instant.parse("2026-12-18T03:30:00Z").toEpochMilli();
    static final LiveRules START = LiveRules.of(RuleCatalogue.packaged());
    static final String SEARCH_ZONE = area("search-tonight", "MOUNTAIN_AREA", 119.75, 29.20, 119.77, 29.22);
    final ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults(),
            WorldSnapshot.of(WorldFeatures.SEED));

    ChangeDecider.Decision decide(LiveRules live, String change) {
        return decider.decide(live, ControlChange.parse(change), NOW);
    }

    ChangeDecider.Decision decide(String change) {
        return decide(START, change);
    }

    static String delete(String featureId) {
        return "{\"changeId\":\"d-1\",\"kind\":\"world-delete\",\"by\":\"dispatcher-li\","
                + "\"at\":\"2026-12-18T11:30:00+08:00\",\"featureId\":\"" + featureId + "\"}";
    }

    @Test
    void aSearchZoneIsAcceptedAsTheWorldsNextVersion() {
        ChangeDecider.Decision d = decide(upsert("z-1", SEARCH_ZONE, "2026-12-19T06:00:00+08:00"));

        assertThat(d.accepted()).isTrue();
        assertThat(d.result()).containsEntry("changeId", "z-1").containsEntry("accepted", true)
                .containsEntry("featureId", "search-tonight").containsEntry("worldVersion", 2)
                .doesNotContainKeys("ruleId", "ruleVersion", "reason");
        assertThat(d.next().world()).singleElement().satisfies(c -> {
            assertThat(c.featureId()).isEqualTo("search-tonight");
            assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-12-18T22:00:00Z").toEpochMilli());
        });
        assertThat(d.next().rules()).isEqualTo(START.rules());
    }

    @Test
    void aPoolsThresholdsChangeLive() {
        ChangeDecider.Decision d = decide(upsert("t-1", seed("wy-e03-pool", "highPct", 75), null));
        assertThat(d.accepted()).isTrue();
        assertThat(WorldEdits.apply(WorldFeatures.SEED, d.next().worldAt(NOW)).require("wy-e03-pool", Tank.class).highPct())
                .isEqualTo(75.0);
    }

    @Test
    void anInvalidGeometryIsRefusedWithTheLoadersReason() {
        String bowTie = SEARCH_ZONE.replace("[119.77,29.2],[119.77,29.22]", "[119.77,29.22],[119.77,29.2]");
        ChangeDecider.Decision d = decide(upsert("z-2", bowTie, null));
        assertThat(d.accepted()).isFalse();
        assertThat(d.result()).containsEntry("featureId", "search-tonight").containsEntry("worldVersion", 1);
        assertThat((String) d.result().get("reason"))
                .startsWith("the world would be invalid: search-tonight: invalid geometry: Self-intersection at ");
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThat((String) decide(upsert("z-3", SEARCH_ZONE.replace("MOUNTAIN_AREA", "LANDSLIDE"), null))
                .result().get("reason")).startsWith("the world would be invalid: search-tonight: unknown type \"LANDSLIDE\"");
    }

    @Test
    void aReferenceToNothingIsRefused() {
        assertThat(decide(upsert("p-1", seed("wy-e03", "team", "tm-nobody"), null)).result())
                .containsEntry("accepted", false).containsEntry("reason",
                        "the world would be invalid: wy-e03: team refers to TEAM \"tm-nobody\", which no feature has as id");
    }

    @Test
    void takingOutWhatOthersReferToIsRefused() {
        assertThat(decide(delete("tm-wy-e03")).result()).containsEntry("accepted", false).containsEntry("reason",
                "the world would be invalid: wy-e03: team refers to TEAM \"tm-wy-e03\", which no feature has as id");
        assertThat(decide(delete("zone-1")).result()).containsEntry("reason", "no feature zone-1 in the world (version 1)");
    }

    @Test
    void aTrailIsClosedAndOpenedAgainLive() {
        ChangeDecider.Decision closed = decide(upsert("tr-1", seed("tr-dapan-ridge", "closed", true), null));
        assertThat(closed.accepted()).isTrue();
        ChangeDecider.Decision gone = decide(closed.next(), delete("tr-dapan-ridge"));
        assertThat(gone.result()).containsEntry("accepted", true).containsEntry("worldVersion", 3);
    }

    @Test
    void aNewPlantJoinsTheParkWithItsPoolSensorsTeamAndPipeInOneBatch() {
        ChangeDecider.Decision d = decide(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));

        assertThat(d.result()).containsEntry("accepted", true).containsEntry("worldVersion", 2)
                .containsEntry("featureIds", List.of("wy-e11", "wy-e11-pool", "wy-e11-pool-level", "wy-e11-gate-depth",
                        "tm-wy-e11", "wy-pipe-05-wy-e11"));
        World w = WorldEdits.apply(WorldFeatures.SEED, d.next().worldAt(NOW));
        assertThat(w.pools().pipesAt("wy-e11-pool")).extracting(p -> p.otherEnd("wy-e11-pool")).containsExactly("wy-e05-pool");
        assertThat(w.require("wy-e11", Plant.class).poolId()).isEqualTo("wy-e11-pool");
    }

    @Test
    void theSeedChangeOfANewPlantIsAcceptedAsItsReadmeSays() throws Exception {
        java.nio.file.Path file = cn.jinhua.risk.jobs.ScenarioRuns.SCENARIOS.resolveSibling("changes").resolve("wuyi-new-plant.jsonl");
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        ChangeDecider.Decision d = decide(lines.get(0));
        assertThat(d.result()).containsEntry("accepted", true).containsEntry("worldVersion", 2)
                .containsEntry("featureIds", List.of("wy-e11", "wy-e11-pool", "wy-e11-pool-level", "wy-e11-gate-depth",
                        "tm-wy-e11", "wy-pipe-05-11"));
        assertThat(cn.jinhua.risk.control.ControlCommand.describe(cn.jinhua.risk.jobs.io.Json.MAPPER.valueToTree(d.result())))
                .isEqualTo("wuyi-new-plant-e11 accepted: features wy-e11, wy-e11-pool, wy-e11-pool-level, wy-e11-gate-depth,"
                        + " tm-wy-e11, wy-pipe-05-11 (world version 2)");
    }

    @Test
    void aPlantAloneIsRefusedBecauseItsPoolIsNotThereYet() {
        assertThat((String) decide(upsert("p-1", WorldFeatures.newPlant().get(0), null)).result().get("reason"))
                .startsWith("the world would be invalid: wy-e11: ")
                .contains("wy-e11-pool");
    }

    @Test
    void aBatchIsAcceptedOrRefusedWhole() {
        List<String> withoutTeam = WorldFeatures.newPlant().stream().filter(f -> !f.contains("\"type\":\"TEAM\""))
                .toList();
        ChangeDecider.Decision d = decide(WorldFeatures.batch("p-2", withoutTeam, List.of()));
        assertThat(d.accepted()).isFalse();
        assertThat((String) d.result().get("reason")).contains("tm-wy-e11");
        assertThat(d.result()).containsEntry("worldVersion", 1);
    }

    @Test
    void aPlantIsTakenOutWithItsPoolSensorsAndPipesInOneBatch() {
        ChangeDecider.Decision added = decide(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));
        ChangeDecider.Decision out = decide(added.next(), WorldFeatures.batch("p-11-out", List.of(),
                List.of("wy-pipe-05-wy-e11", "wy-e11-gate-depth", "wy-e11-pool-level", "wy-e11-pool", "wy-e11", "tm-wy-e11")));
        assertThat(out.result()).containsEntry("accepted", true).containsEntry("worldVersion", 3);
        assertThat(WorldEdits.apply(WorldFeatures.SEED, out.next().worldAt(NOW)).find("wy-e11")).isEmpty();
    }

    @Test
    void aBatchThatExpiresCannotTakeFeaturesOut() {
        String expiring = WorldFeatures.batch("p-3", List.of(), List.of("wy-rain"))
                .replace("}", ",\"expiresAt\":\"2026-12-19T06:00:00+08:00\"}");
        assertThat(decide(expiring).result()).containsEntry("reason",
                "expiresAt is for features put in: a feature taken out stays out until it is put in again");
    }

    @Test
    void aSluiceIsPutInWithItsSensorAndTakenOutOnlyWithIt() {
        ChangeDecider.Decision in = decide(WorldFeatures.batch("sl-1", WorldFeatures.newSluice(), List.of()));
        assertThat(in.accepted()).as(String.valueOf(in.result().get("reason"))).isTrue();
        assertThat(in.result()).containsEntry("featureIds", List.of("wy-sluice-mid", "wy-sluice-mid-pos"));
        assertThat((String) decide(upsert("sl-2", WorldFeatures.newSluice().get(0), null)).result().get("reason"))
                .contains("wy-sluice-mid").contains("wy-sluice-mid-pos");
        assertThat(decide(WorldFeatures.batch("sl-3", List.of(), List.of("wy-sluice-down", "wy-sluice-down-pos")))
                .accepted()).isTrue();
    }

    @Test
    void anExpiryMustBeAfterTheChangeAndOnlyForAnUpsert() {
        assertThat(decide(upsert("z-4", SEARCH_ZONE, "2026-12-18T11:00:00+08:00")).result()).containsEntry("reason",
                "expiresAt 2026-12-18T11:00:00+08:00 must be after the change's time 2026-12-18T11:30:00+08:00");
        String deleteExpiring = delete("search-tonight").replace("}", ",\"expiresAt\":\"2026-12-19T06:00:00+08:00\"}");
        assertThat(decide(deleteExpiring).result()).containsEntry("reason",
                "expiresAt is for features put in: a feature taken out stays out until it is put in again");
    }

    @Test
    void aChangeThatLeavesAReferenceToNothingOnceAnotherExpiresIsRefused() {
        String team = seed("tm-wy-e03").replace("tm-wy-e03", "tm-wy-e03-night");
        ChangeDecider.Decision temporary = decide(upsert("tm-1", team, "2026-12-19T06:00:00+08:00"));
        assertThat(temporary.accepted()).isTrue();

        ChangeDecider.Decision d = decide(temporary.next(), upsert("p-2", seed("wy-e03", "team", "tm-wy-e03-night"), null));

        assertThat(d.result()).containsEntry("accepted", false).containsEntry("worldVersion", 2).containsEntry("reason",
                "once the changes expiring at 2026-12-19T06:00:00+08:00 expire: the world would be invalid: wy-e03:"
                        + " team refers to TEAM \"tm-wy-e03-night\", which no feature has as id");
    }
}
