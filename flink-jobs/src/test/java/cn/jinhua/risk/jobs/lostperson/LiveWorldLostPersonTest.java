package cn.jinhua.risk.jobs.lostperson;

import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.ON_TRAIL;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.T0;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.fix;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.ms;
import static cn.jinhua.risk.jobs.world.WorldFeatures.area;
import static cn.jinhua.risk.jobs.world.WorldFeatures.seed;
import static cn.jinhua.risk.jobs.world.WorldFeatures.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.changes.AcceptedChanges;
import cn.jinhua.risk.jobs.feed.LocationFix;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lost-person rules follow the world changed live (docs/rules.md "Changing rules live"): a
 * search zone put in tonight makes a phone in it one on the mountain, a closed trail makes a phone on
 * it one off trail, a zone that expires stops counting, and a restore keeps the changed world.
 */
class LiveWorldLostPersonTest {
    /** East of Beishan, 5 km beyond its patrol area: off the mountain in the seed world. */
    static final double[] EAST = {29.20, 119.80};
    static final String SEARCH_ZONE = area("search-tonight", "MOUNTAIN_AREA", 119.79, 29.19, 119.81, 29.21);

    KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h;

    @BeforeEach
    void open() throws Exception {
        h = HikerFixtures.opened();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static String live(String... changes) {
        return AcceptedChanges.afterChanges(changes).toJson();
    }

    /** Each fix, then the watermark at its time. */
    void still(String device, double[] at, OffsetDateTime... times) throws Exception {
        int i = 0;
        for (OffsetDateTime t : times) {
            LocationFix f = fix(device, t, at, (i++ % 3 - 1) * 5, 10);
            h.processElement(HikerInput.of(f), f.tsMillis());
            h.processWatermark(f.tsMillis());
        }
    }

    List<Alert> alerts() {
        return h.extractOutputValues();
    }

    @Test
    void aZoneAddedLiveRaisesAnOffTrailAlertForAPhoneStillInsideIt() throws Exception {
        still("d-1", EAST, T0, T0.plusMinutes(7), T0.plusMinutes(14), T0.plusMinutes(21));
        h.processWatermark(ms(T0.plusMinutes(30)));
        assertThat(alerts()).isEmpty();

        h.processBroadcastElement(live(upsert("z-1", SEARCH_ZONE, null)), 0);
        still("d-2", EAST, T0.plusMinutes(30), T0.plusMinutes(37), T0.plusMinutes(44));
        h.processWatermark(ms(T0.plusMinutes(50)));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.off-trail-stationary");
            assertThat(a.subjectId()).isEqualTo("d-2");
            assertThat(a.worldVersion()).isEqualTo(2);
            assertThat(a.zoneIds()).containsExactly("search-tonight");
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(ms(T0.plusMinutes(50))));
        });
    }

    @Test
    void aZoneThatExpiresStopsRaisingAlerts() throws Exception {
        String until = T0.plusHours(1).toString();
        h.processBroadcastElement(live(upsert("z-1", SEARCH_ZONE, until)), 0);
        still("d-3", EAST, T0, T0.plusMinutes(7), T0.plusMinutes(14));
        h.processWatermark(ms(T0.plusMinutes(20)));
        assertThat(alerts()).extracting(Alert::subjectId, Alert::ruleId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d-3", "hiker.off-trail-stationary"));

        // Seen in the zone while it counted: d-3's silence is still one on the mountain.
        h.processWatermark(ms(T0.plusHours(1)));
        still("d-4", EAST, T0.plusHours(2), T0.plusHours(2).plusMinutes(7), T0.plusHours(2).plusMinutes(14));
        h.processWatermark(ms(T0.plusHours(4)));

        assertThat(alerts()).extracting(Alert::subjectId, Alert::ruleId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("d-3", "hiker.off-trail-stationary"),
                org.assertj.core.groups.Tuple.tuple("d-3", "hiker.signal-lost"));
    }

    @Test
    void aTrailClosedLiveMakesAPhoneStillOnItOffTrail() throws Exception {
        // Seen on the trail first: its margin to the trail is known and would still say "on the trail".
        still("d-5", ON_TRAIL, T0, T0.plusMinutes(5));
        h.processBroadcastElement(live(upsert("tr-1", seed("tr-xiake", "closed", true), null)), 0);
        still("d-5", ON_TRAIL, T0.plusMinutes(10), T0.plusMinutes(16), T0.plusMinutes(22));
        h.processWatermark(ms(T0.plusMinutes(30)));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.off-trail-stationary");
            assertThat(a.worldVersion()).isEqualTo(2);
            assertThat(a.nearestTrail().id()).isNotEqualTo("tr-xiake");
        });
    }

    @Test
    void aMarginChangedLiveJudgesAPhoneSeenBeforeAgain() throws Exception {
        // 70-110 m from the Xiake road: within its corridor and the default margin (40 + 100 m), beyond 40 + 0.
        HikerGeo geo = new HikerGeo(HikerFixtures.WORLD.world(), HikerRuleParams.defaults());
        double[] near = null;
        for (double north = 0; near == null && north < 400; north += 5) {
            double[] at = {ON_TRAIL[0] + north / 110_540.0, ON_TRAIL[1]};
            double margin = geo.offTrailMarginM(at[1], at[0]);
            if (geo.onMountain(at[1], at[0]) && margin > -70 && margin < -30) {
                near = at;
            }
        }
        assertThat(near).as("a place 70-110 m from the trail north of it").isNotNull();
        still("d-7", near, T0, T0.plusMinutes(5));
        h.processBroadcastElement(AcceptedChanges.after("\"kind\": \"rule-parameters\", \"ruleId\": "
                + "\"hiker.off-trail-stationary\", \"parameters\": {\"offTrailMarginM\": 0}").toJson(), 0);
        still("d-7", near, T0.plusMinutes(10), T0.plusMinutes(16), T0.plusMinutes(22), T0.plusMinutes(28), T0.plusMinutes(34));
        h.processWatermark(ms(T0.plusMinutes(40)));

        assertThat(alerts()).extracting(Alert::subjectId, Alert::ruleId)
                .as("the margin remembered from before the change said on the trail")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d-7", "hiker.off-trail-stationary"));
    }

    @Test
    void aRestoreKeepsTheChangedWorld() throws Exception {
        h.processBroadcastElement(live(upsert("z-1", SEARCH_ZONE, null)), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        h = HikerFixtures.restored(snapshot);
        still("d-6", EAST, T0, T0.plusMinutes(7), T0.plusMinutes(14));
        h.processWatermark(ms(T0.plusMinutes(20)));

        assertThat(alerts()).extracting(Alert::subjectId, Alert::worldVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d-6", 2));
    }
}
