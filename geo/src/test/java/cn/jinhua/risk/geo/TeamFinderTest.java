package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.TeamRole;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.RescueComposition;
import cn.jinhua.risk.geo.team.TeamDistance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TeamFinderTest {
    private static final World SEED = TestWorlds.seedWorld();
    private static final EtaModel ETA = EtaModel.defaults();

    @Test
    void oneThreeNRescueNearTheViewpoint() {
        List<TeamDistance> teams = SEED.teams().lostPersonRescue(119.6, 29.225, RescueComposition.oneThreeN(), ETA);
        assertThat(teams).extracting(td -> td.team().id()).startsWith(
                "tm-wc-command", "tm-shuanglong-police", "tm-wc-fire", "tm-jinhua-120");
        assertThat(teams.subList(4, teams.size())).hasSize(3)
                .allSatisfy(td -> assertThat(td.team().role()).isEqualTo(TeamRole.VOLUNTEER));
        assertThat(teams.get(4).team().id()).isEqualTo("tm-scenic-rangers");
    }

    @Test
    void etaIsDistanceOverTheRoleSpeed() {
        TeamDistance police = SEED.teams().nearest(119.6, 29.225, TeamRole.POLICE, Set.of(), 1, ETA).get(0);
        assertThat(police.eta().toSeconds()).isCloseTo(Math.round(police.distanceM() / (25 / 3.6)), within(1L));
    }

    @Test
    void volunteersNeedAFittingSkill() {
        assertThat(SEED.teams().nearest(119.6, 29.225, TeamRole.VOLUNTEER, Set.of("DRONE"), 5, ETA))
                .extracting(td -> td.team().id()).containsExactlyInAnyOrder("tm-bluesky", "tm-drone-club");
    }

    @Test
    void wastewaterTeamsUpToTheIncidentLevel() {
        assertThat(SEED.teams().wastewaterResponse("wy-e03", ResponseLevel.ENTERPRISE, false, 119.86, 28.90, ETA))
                .extracting(td -> td.team().id()).containsExactly("tm-wy-e03");
        assertThat(SEED.teams().wastewaterResponse("wy-e03", ResponseLevel.PARK, false, 119.86, 28.90, ETA))
                .extracting(td -> td.team().id()).containsExactly("tm-wy-e03", "tm-wy-park");
        List<String> township = SEED.teams().wastewaterResponse("wy-e03", ResponseLevel.TOWNSHIP, true, 119.86, 28.90, ETA)
                .stream().map(td -> td.team().id()).toList();
        assertThat(township).containsExactly("tm-wy-e03", "tm-wy-park", "tm-quanxi-town", "tm-wy-sluice", "tm-wy-county-emergency");
        assertThat(SEED.teams().wastewaterResponse(null, ResponseLevel.COUNTY, false, 119.86, 28.90, ETA))
                .extracting(td -> td.team().id())
                .contains("tm-wy-county-env", "tm-wy-county-emergency", "tm-wy-monitoring", "tm-wy-fire")
                .doesNotContain("tm-wy-sluice", "tm-wy-e03");
    }

    @Test
    void customSpeeds() {
        EtaModel slow = new EtaModel(java.util.Map.of(TeamRole.POLICE, 3.6), 1.0);
        assertThat(slow.eta(TeamRole.POLICE, 1_000)).isEqualTo(Duration.ofSeconds(1_000));
        assertThat(slow.eta(TeamRole.FIRE, 1_000)).isEqualTo(Duration.ofSeconds(3_600));
    }
}
