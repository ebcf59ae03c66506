package cn.jinhua.risk.jobs.lostperson;

import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.CITY;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.DETECTED_AT;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.EPL;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.GAP;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.OFF_TRAIL;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.ON_TRAIL;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.T0;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.WORLD;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.call;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.fix;
import static cn.jinhua.risk.jobs.lostperson.HikerFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.changes.ChangeDecider;
import cn.jinhua.risk.jobs.changes.LiveEplTest;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LostPersonRulesFunctionTest {
    KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h;

    @BeforeEach
    void open() throws Exception {
        h = HikerFixtures.opened();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    void send(LocationFix f) throws Exception {
        h.processElement(HikerInput.of(f), f.tsMillis());
    }

    void send(EmergencyCall c) throws Exception {
        h.processElement(HikerInput.of(c), c.tsMillis());
    }

    void watermark(OffsetDateTime t) throws Exception {
        h.processWatermark(ms(t));
    }

    List<Alert> alerts() {
        return h.extractOutputValues();
    }

    // ---- hiker.off-trail-stationary

    @Test
    void alertsWhenPhoneStaysStillOffTrailForTwentyMinutes() throws Exception {
        send(fix("d-1", T0, OFF_TRAIL, 0, 12));
        send(fix("d-1", T0.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        send(fix("d-1", T0.plusMinutes(19), OFF_TRAIL, 5, 15));
        watermark(T0.plusMinutes(19).plusSeconds(59));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(20));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.off-trail-stationary");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(ms(T0.plusMinutes(20))));
            // Pinned: a changed id scheme would store a replayed alert twice.
            assertThat(a.id()).isEqualTo("8a5c33262a6c03da06df939f1bdc925e");
            assertThat(a.incidentKey()).isEqualTo("LOST_PERSON:device:d-1");
            assertThat(a.subjectId()).isEqualTo("d-1");
            assertThat(a.scenario()).isEqualTo("LOST_PERSON");
            assertThat(a.zoneIds()).contains("bs-mountain");
            assertThat(a.lastKnownPosition().ts()).isEqualTo(T0.plusMinutes(19).toString());
            assertThat(a.nearestTrail().distanceM()).isGreaterThan(140);
            assertThat(a.searchArea()).containsEntry("type", "FeatureCollection");
            assertThat(a.evidence()).hasSize(2);
            assertThat(a.titleZh()).contains("偏离步道");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> teams = (List<Map<String, Object>>) a.recommendation().get("teams");
            assertThat(teams).extracting(t -> t.get("role")).contains("COMMAND", "POLICE", "FIRE", "MEDICAL", "VOLUNTEER");
            assertThat(teams.get(0)).containsKeys("teamId", "name", "nameZh", "distanceM", "etaMinutes");
        });
    }

    @Test
    void doesNotAlertWhenThePhoneMovesOrStaysOnATrail() throws Exception {
        send(fix("d-1", T0, OFF_TRAIL, 0, 10));
        send(fix("d-1", T0.plusMinutes(5), OFF_TRAIL, 10, 10));
        send(fix("d-1", T0.plusMinutes(10), OFF_TRAIL, 5, 10));
        send(fix("d-1", T0.plusMinutes(15), OFF_TRAIL, 400, 10));
        for (int m = 0; m <= 30; m += 5) {
            send(fix("d-2", T0.plusMinutes(m), ON_TRAIL, 0, 10));
        }
        watermark(T0.plusMinutes(30));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void cellFixesDoNotCountTowardsStillness() throws Exception {
        for (int m = 0; m <= 25; m += 5) {
            send(fix("d-1", T0.plusMinutes(m), OFF_TRAIL, 0, 1500));
        }
        watermark(T0.plusMinutes(26));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void outOfOrderFixesInsideTheBoundGiveTheSameAlert() throws Exception {
        send(fix("d-1", T0.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix("d-1", T0, OFF_TRAIL, 0, 12));
        send(fix("d-1", T0.plusMinutes(19), OFF_TRAIL, 5, 15));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        watermark(T0.plusMinutes(40));
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.off-trail-stationary");
    }

    @Test
    void clearsItsStateWhenTheDeviceLeavesTheMountain() throws Exception {
        send(fix("d-1", T0, OFF_TRAIL, 0, 12));
        send(fix("d-1", T0.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        send(fix("d-1", T0.plusMinutes(21), OFF_TRAIL, 5, 15));
        watermark(T0.plusMinutes(22));
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.off-trail-stationary");
        send(fix("d-1", T0.plusMinutes(40), CITY));
        watermark(T0.plusHours(30));
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.off-trail-stationary");
    }

    @Test
    void aBacklogFarAheadOfTheWatermarkIsAppliedInEventTimeOrder() throws Exception {
        // Everything arrives before any watermark (a backlog read while another partition is
        // still empty): the rules must still see the 45-minute silence between 10:10 and 11:30.
        send(fix("d-12", T0, ON_TRAIL));
        send(fix("d-12", T0.plusMinutes(10), ON_TRAIL, 200, 10));
        send(fix("d-12", T0.plusMinutes(90), ON_TRAIL, 400, 10));
        send(fix("d-12", T0.plusMinutes(100), CITY));
        watermark(T0.plusHours(30));
        assertThat(alerts()).extracting(Alert::ruleId, Alert::eventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hiker.signal-lost", IsoTimes.format(ms(T0.plusMinutes(55)))));
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
    }

    @Test
    void keepsNoStateForDevicesNowhereNearTheMountain() throws Exception {
        send(fix("d-9", T0, CITY));
        send(fix("d-9", T0.plusMinutes(5), CITY));
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    // ---- hiker.after-dark

    @Test
    void alertsWhenStillOnTheMountainHalfAnHourAfterSunset() throws Exception {
        OffsetDateTime start = T0.withHour(14);
        for (int m = 0; m <= 220; m += 20) {
            send(fix("d-3", start.plusMinutes(m), ON_TRAIL, m % 40 == 0 ? 0 : 200, 10));
        }
        watermark(start.plusMinutes(221));
        List<Alert> dark = alerts().stream().filter(a -> a.ruleId().equals("hiker.after-dark")).toList();
        assertThat(dark).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            // Sunset on the Xiake ancient road on 20 December is 17:07:26; the alert is 30 minutes later.
            assertThat(a.eventTime()).isEqualTo("2026-12-20T17:37:26+08:00");
        });
    }

    @Test
    void afterDarkIsHighWhenTheDeviceIsOffTrail() throws Exception {
        OffsetDateTime start = T0.withHour(15);
        for (int m = 0; m <= 200; m += 15) {
            send(fix("d-4", start.plusMinutes(m), OFF_TRAIL, m * 3, 10));
        }
        watermark(start.plusMinutes(200));
        assertThat(alerts()).filteredOn(a -> a.ruleId().equals("hiker.after-dark"))
                .singleElement().extracting(Alert::severity).isEqualTo(Severity.HIGH);
    }

    @Test
    void noAfterDarkWhenTheHikerComesDownBeforeDark() throws Exception {
        OffsetDateTime start = T0.withHour(13);
        for (int m = 0; m <= 180; m += 20) {
            send(fix("d-5", start.plusMinutes(m), ON_TRAIL, 0, 10));
        }
        send(fix("d-5", start.plusMinutes(200), CITY));
        watermark(start.plusHours(8));
        assertThat(alerts()).isEmpty();
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
    }

    // ---- live changes (broadcast input)

    /** The catalogue's rules with one lost-person rule's values and switch replaced, as version 2. */
    static String live(String ruleId, Map<String, Object> changes, boolean enabled) {
        LiveRules start = LiveRules.of(RuleCatalogue.packaged());
        RuleCatalogue.Rule rule = RuleCatalogue.packaged().require(ruleId);
        return start.with(ruleId, new LiveRules.LiveRule(2, enabled, rule.with(rule.defaults(), changes), rule.epl())).toJson();
    }

    @Test
    void signalLostChangedTo30MinutesLiveRaisesTheNextSilenceWithTheNewVersion() throws Exception {
        h.processBroadcastElement(live("hiker.signal-lost", Map.of("signalLostMinutes", 30), true), 0);
        send(fix("d-6", T0, ON_TRAIL));
        send(fix("d-6", T0.plusMinutes(10), ON_TRAIL, 300, 10));
        watermark(T0.plusMinutes(39));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(40));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.signal-lost");
            assertThat(a.ruleVersion()).isEqualTo(2);
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(ms(T0.plusMinutes(40))));
        });
    }

    @Test
    void aShadowSignalLostAt30MinutesRaisesBesideTheLiveOneWithItsOwnVersionAndId() throws Exception {
        LiveRules start = LiveRules.of(RuleCatalogue.packaged());
        RuleCatalogue.Rule rule = RuleCatalogue.packaged().require("hiker.signal-lost");
        LiveRules.LiveRule v1 = start.rule(rule.id());
        h.processBroadcastElement(start.with(rule.id(), v1.withShadow(new LiveRules.LiveRule(2, true,
                rule.with(rule.defaults(), Map.of("signalLostMinutes", 30)), null))).toJson(), 0);
        send(fix("d-7", T0, ON_TRAIL));
        send(fix("d-7", T0.plusMinutes(10), ON_TRAIL, 300, 10));
        watermark(T0.plusMinutes(40));
        assertThat(alerts()).extracting(Alert::ruleVersion, Alert::shadow, Alert::eventTime).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, true, IsoTimes.format(ms(T0.plusMinutes(40)))));

        watermark(T0.plusMinutes(55));
        assertThat(alerts()).extracting(Alert::ruleVersion, Alert::shadow, Alert::eventTime).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, true, IsoTimes.format(ms(T0.plusMinutes(40)))),
                org.assertj.core.groups.Tuple.tuple(1, false, IsoTimes.format(ms(T0.plusMinutes(55)))));
        assertThat(alerts()).extracting(Alert::id).doesNotHaveDuplicates();
    }

    @Test
    void anEplChangedLiveTakesEffectAndAnEpisodeArmedBeforeItFiresOnce() throws Exception {
        ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults(), HikerFixtures.WORLD);
        ChangeDecider.Decision d = decider.decide(decider.initial(), ControlChange.parse("{\"changeId\": \"e-1\","
                + " \"kind\": \"rule-epl\", \"ruleId\": \"hiker.off-trail-stationary\", \"by\": \"admin\","
                + " \"at\": \"2026-12-20T10:14:00+08:00\", \"epl\": "
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(LiveEplTest.DRILLS_SILENT) + "}"), 0);
        assertThat(d.accepted()).isTrue();
        send(fix("d-1", T0, OFF_TRAIL, 0, 12));
        send(fix("d-1", T0.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        watermark(T0.plusMinutes(14));

        h.processBroadcastElement(d.next().toJson(), 0);
        for (String device : List.of("test-7", "d-2")) {
            send(fix(device, T0.plusMinutes(15), OFF_TRAIL, 0, 12));
            send(fix(device, T0.plusMinutes(21), OFF_TRAIL, 15, 20));
            send(fix(device, T0.plusMinutes(28), OFF_TRAIL, -10, 8));
        }
        watermark(T0.plusMinutes(50));

        assertThat(alerts()).filteredOn(a -> a.ruleId().equals("hiker.off-trail-stationary"))
                .extracting(Alert::subjectId, Alert::ruleVersion, Alert::eventTime).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("d-1", 2, IsoTimes.format(ms(T0.plusMinutes(20)))),
                        org.assertj.core.groups.Tuple.tuple("d-2", 2, IsoTimes.format(ms(T0.plusMinutes(35)))));
    }

    /** Off-trail-stationary changed live to this module, accepted. */
    private LiveRules stationaryModule(String epl) throws Exception {
        ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults(), HikerFixtures.WORLD);
        ChangeDecider.Decision d = decider.decide(decider.initial(), ControlChange.parse("{\"changeId\": \"e-2\","
                + " \"kind\": \"rule-epl\", \"ruleId\": \"hiker.off-trail-stationary\", \"by\": \"admin\","
                + " \"at\": \"2026-12-20T09:00:00+08:00\", \"epl\": "
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(epl) + "}"), 0);
        assertThat(d.accepted()).as(String.valueOf(d.result().get("reason"))).isTrue();
        return d.next();
    }

    /** Three fixes within 15 m from {@code t} to 13 minutes on: still off trail, due 20 minutes after {@code t}. */
    private void stillFrom(String device, OffsetDateTime t) throws Exception {
        send(fix(device, t, OFF_TRAIL, 0, 12));
        send(fix(device, t.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix(device, t.plusMinutes(13), OFF_TRAIL, -10, 8));
    }

    /**
     * A module may complete one device's pattern in another device's timer: the first still device
     * is raised once a second one is still too. Its alert comes at that moment, not at the first
     * device's own next timer (its silence watch, 45 minutes after its last fix).
     */
    @Test
    void aMatchMadeInAnotherDevicesTimerIsRaisedAtOnce() throws Exception {
        h.processBroadcastElement(stationaryModule("@name('hiker.off-trail-stationary')\n"
                + "select a.deviceId as deviceId, a.armId as armId, a.dueAt as dueAt, a.rule as rule\n"
                + "from pattern [every a=HikerArmed(rule = 'hiker.off-trail-stationary')\n"
                + "  -> HikerArmed(rule = 'hiker.off-trail-stationary', deviceId != a.deviceId)]").toJson(), 0);
        stillFrom("d-1", T0);
        watermark(T0.plusMinutes(25));
        assertThat(alerts()).as("alone, d-1 is not raised by this module").isEmpty();

        stillFrom("d-2", T0.plusMinutes(26));
        // d-2 is still from its third fix (39 min); d-1's next timer of its own is at 45.
        watermark(T0.plusMinutes(44));
        assertThat(alerts()).extracting(Alert::ruleId, Alert::subjectId, Alert::eventTime).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hiker.off-trail-stationary", "d-1",
                        IsoTimes.format(ms(T0.plusMinutes(20)))));
    }

    /**
     * A module that waits longer than the episode's due time is decided when its wait is over, though
     * no timer of the device is due then.
     */
    @Test
    void aModuleThatWaitsBeyondTheDueTimeIsDecidedWhenItsWaitIsOver() throws Exception {
        h.processBroadcastElement(stationaryModule(RuleCatalogue.packaged().require("hiker.off-trail-stationary").epl().replace("timer:interval(a.waitMs / 1000.0)",
                "timer:interval(a.waitMs / 1000.0 + 600)")).toJson(), 0);
        stillFrom("d-1", T0);
        watermark(T0.plusMinutes(29));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(31));
        assertThat(alerts()).extracting(Alert::ruleId, Alert::subjectId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hiker.off-trail-stationary", "d-1"));
    }

    @Test
    void aLostPersonRuleTurnedOffLiveRaisesNothing() throws Exception {
        h.processBroadcastElement(live("hiker.distress-call", Map.of(), false), 0);
        send(call("c-1", "d-9", T0, OFF_TRAIL, 50, "LOST", null));
        assertThat(alerts()).isEmpty();
        h.processBroadcastElement(live("hiker.distress-call", Map.of(), true), 0);
        send(call("c-2", "d-9", T0.plusMinutes(1), OFF_TRAIL, 50, "LOST", null));
        assertThat(alerts()).extracting(Alert::ruleId, Alert::ruleVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hiker.distress-call", 2));
    }

    // ---- hiker.signal-lost

    @Test
    void alertsWhenADeviceOnTheMountainGoesSilentFor45Minutes() throws Exception {
        send(fix("d-6", T0, ON_TRAIL));
        send(fix("d-6", T0.plusMinutes(10), ON_TRAIL, 300, 10));
        watermark(T0.plusMinutes(54));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(55));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.signal-lost");
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(ms(T0.plusMinutes(55))));
            assertThat(a.id()).isEqualTo("1626e5d47ed4f4a43b5920a7db9a1c23");
            assertThat(a.lastKnownPosition().ts()).isEqualTo(T0.plusMinutes(10).toString());
        });
        watermark(T0.plusHours(3));
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.signal-lost");
    }

    @Test
    void waitsThreeHoursWhenTheLastFixWasInACoverageGap() throws Exception {
        send(fix("d-7", T0, GAP));
        watermark(T0.plusMinutes(179));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(180));
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.signal-lost");
    }

    @Test
    void noSignalLostWhileFixesKeepComing() throws Exception {
        for (int m = 0; m <= 120; m += 30) {
            send(fix("d-8", T0.plusMinutes(m), ON_TRAIL, m, 10));
            watermark(T0.plusMinutes(m));
        }
        assertThat(alerts()).isEmpty();
        assertThat(h.numEventTimeTimers()).isLessThanOrEqualTo(3);
    }

    @Test
    void stateOfASilentDeviceIsClearedAfterItsTimeToLive() throws Exception {
        send(fix("d-6", T0, ON_TRAIL));
        watermark(T0.plusMinutes(46));
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.signal-lost");
        watermark(T0.plusHours(25));
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
    }

    // ---- hiker.distress-call

    @Test
    void aLostCallerOnTheMountainIsCritical() throws Exception {
        send(fix("d-10", T0.minusMinutes(3), OFF_TRAIL, 0, 8));
        watermark(T0.minusMinutes(2));
        send(call("c-1", "d-10", T0, OFF_TRAIL, 1500, null, "我们迷路了，走不出来"));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("hiker.distress-call");
            assertThat(a.id()).isEqualTo("1d7883e992514102f2c556c218feb302");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.incidentKey()).isEqualTo("LOST_PERSON:device:d-10");
            assertThat(a.subjectId()).isEqualTo("d-10");
            assertThat(a.lastKnownPosition().accuracyM()).isEqualTo(8.0);
            assertThat(a.evidence()).extracting(Alert.Evidence::topic).containsExactly("risk.calls", "risk.locations");
        });
    }

    /** Regression (issue 16): the seed's father-and-son call, located to ±800 m, drew search rings of 100 m. */
    @Test
    @SuppressWarnings("unchecked")
    void aCallsSearchRingsAreNeverSmallerThanItsUncertainty() throws Exception {
        send(call("c-12", null, T0, OFF_TRAIL, 800, "TRAPPED", null));
        assertThat(alerts()).singleElement().satisfies(a -> {
            List<Map<String, Object>> features = (List<Map<String, Object>>) a.searchArea().get("features");
            assertThat(features.stream().map(f -> (Map<String, Object>) f.get("properties"))
                    .filter(p -> "SEARCH_RING".equals(p.get("kind"))).map(p -> ((Number) p.get("radiusM")).longValue()))
                    .hasSize(4).containsOnly(900L);
        });
    }

    @Test
    void aCallWithoutDeviceFormsItsOwnIncidentAndIsHighUnlessItSaysLost() throws Exception {
        send(call("c-2", null, T0, ON_TRAIL, 50, "INJURY", "ankle hurts"));
        send(call("c-3", null, T0, ON_TRAIL, 50, "OTHER", "We are LOST near the lake"));
        send(call("c-4", null, T0, ON_TRAIL, 50, "TRAPPED", null));
        assertThat(alerts()).extracting(Alert::incidentKey, Alert::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("LOST_PERSON:call:c-2", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("LOST_PERSON:call:c-3", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("LOST_PERSON:call:c-4", Severity.CRITICAL));
    }

    @Test
    void usesTheCallsAccuracyToDecideWhetherItIsOnTheMountain() throws Exception {
        // About 1.5 km south of the area's southern edge: on the mountain only if the cell fix is that vague.
        double[] south = {29.127, 119.647};
        send(call("c-5", null, T0, south, 100, "LOST", null));
        send(call("c-6", null, T0, south, 2000, "LOST", null));
        send(call("c-7", null, T0, CITY, 2000, "LOST", null));
        assertThat(alerts()).extracting(Alert::subjectId).containsExactly("c-6");
    }

    @Test
    void aDuplicatedCallAlertsOnce() throws Exception {
        EmergencyCall c = call("c-8", "d-11", T0, OFF_TRAIL, 800, "LOST", null);
        send(c);
        send(c);
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.distress-call");
    }

    @Test
    void aCallOnlyIncidentForgetsItsCallAfterTheTimeToLive() throws Exception {
        send(call("c-9", null, T0, ON_TRAIL, 50, "LOST", null));
        watermark(T0.plusHours(23));
        assertThat(HikerFixtures.keyedStateEntries(h)).isPositive();
        watermark(T0.plusHours(25));
        assertThat(HikerFixtures.keyedStateEntries(h)).isZero();
        assertThat(alerts()).extracting(Alert::ruleId).containsExactly("hiker.distress-call");
    }

    // ---- restart

    @Test
    void anEpisodeArmedBeforeARestartStillFiresOnceAfterIt() throws Exception {
        send(fix("d-1", T0, OFF_TRAIL, 0, 12));
        send(fix("d-1", T0.plusMinutes(6), OFF_TRAIL, 15, 20));
        send(fix("d-1", T0.plusMinutes(13), OFF_TRAIL, -10, 8));
        watermark(T0.plusMinutes(14));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        h = HikerFixtures.restored(snapshot);
        watermark(T0.plusMinutes(19));
        assertThat(alerts()).isEmpty();
        watermark(T0.plusMinutes(25));
        assertThat(alerts()).extracting(Alert::ruleId, Alert::eventTime).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hiker.off-trail-stationary", IsoTimes.format(ms(T0.plusMinutes(20)))));
    }

    // ---- an unexpected failure on one record

    @Test
    void aRecordWhoseHandlingThrowsGoesToTheDeadLettersAsInternalAndTheNextIsHandled() throws Exception {
        h.close();
        // A wall clock that fails once stands for any bug a rule may meet on one record.
        int[] calls = {0};
        h = HikerFixtures.harness(new LostPersonRulesFunction(
                HikerRuleParams.defaults(), WORLD, EPL, FeedTopics.defaults(), () -> {
                    if (calls[0]++ == 0) {
                        throw new IllegalStateException("clock broke");
                    }
                    return DETECTED_AT;
                }));
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        EmergencyCall broken = new EmergencyCall("c-1", ms(T0), T0.toString(), OFF_TRAIL[0], OFF_TRAIL[1], 50, null, "d-9",
                "LOST", null, 1, 4711L);
        send(broken);
        send(call("c-2", "d-9", T0.plusMinutes(1), OFF_TRAIL, 50, "LOST", null));

        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.evidence().get(0).key()).isEqualTo("c-2"));
        assertThat(h.getSideOutput(RuleFailures.DEAD_LETTERS)).singleElement().satisfies(r -> {
            DeadLetter d = r.getValue();
            assertThat(d.reason()).isEqualTo("internal");
            assertThat(d.sourceTopic()).isEqualTo("risk.calls");
            assertThat(d.partition()).isEqualTo(1);
            assertThat(d.offset()).isEqualTo(4711L);
            assertThat(d.detail()).isEqualTo("lost-person rules: java.lang.IllegalStateException: clock broke");
            assertThat(d.raw()).contains("\"callId\":\"c-1\"");
        });
    }
}
