package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.index.TrailMatch;
import cn.jinhua.risk.geo.model.Zone;
import cn.jinhua.risk.geo.search.SearchAreaConfig;
import cn.jinhua.risk.geo.search.SearchAreaEstimator;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.RescueComposition;
import cn.jinhua.risk.geo.team.TeamDistance;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertIds;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.rules.LiveRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the lost-person alerts ({@code docs/alerts.md} "Fields") from the rules' verdicts: titles
 * in English and Chinese named after the mountain, the evidence records, the last known position
 * and nearest trail, the search-area rings clipped to the mountain area ({@code docs/rules.md}
 * "Search areas"), and the 1+3+N rescue teams with distances and ETAs. Rule id and version come
 * from the rule catalogue; the id from {@link AlertIds}. Runs only when a rule fires, never per
 * fix. Thread-safe (reads an immutable world).
 */
final class LostPersonPresenter {
    static final String SCENARIO = "LOST_PERSON";

    private LiveRules live;
    private boolean shadow;
    private final HikerGeo geo;
    private final FeedTopics topics;
    private final SearchAreaEstimator searchAreas;

    /**
     * The live rules whose versions the alerts carry from now on; null: the catalogue's versions
     * and the world the job started with.
     *
     * @param shadow the alerts are a shadow version's ({@code live} already {@link LiveRules#asShadow}):
     *     marked {@code shadow}, with ids no live alert has
     */
    void versions(LiveRules live, boolean shadow) {
        this.live = live;
        this.shadow = shadow;
    }

    /** Where the person was last known to be: a fix, or a call's position (source CALL, battery -1). */
    record Position(double lat, double lon, long tsMillis, String ts, Double accuracyM, String source, int batteryPct) {
    }

    LostPersonPresenter(HikerGeo geo, HikerRuleParams params, FeedTopics topics) {
        this.geo = geo;
        this.topics = topics;
        this.searchAreas = new SearchAreaEstimator(SearchAreaConfig.hiker(params.searchRadiiKm(), params.searchWalkingKmh()));
    }

    static String deviceIncident(String deviceId) {
        return SCENARIO + ":device:" + deviceId;
    }

    static String callIncident(String callId) {
        return SCENARIO + ":call:" + callId;
    }

    Alert distressCall(DistressCallRule.Verdict v, long detectedAt) {
        EmergencyCall call = v.call();
        String incident = call.deviceId() != null ? deviceIncident(call.deviceId()) : callIncident(call.callId());
        List<Alert.Evidence> evidence = new ArrayList<>(2);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("lat", call.lat());
        c.put("lon", call.lon());
        if (call.hasAccuracy()) {
            c.put("accuracyM", call.accuracyM());
        }
        putIfPresent(c, "callerId", call.callerId());
        putIfPresent(c, "deviceId", call.deviceId());
        putIfPresent(c, "category", call.category());
        putIfPresent(c, "text", call.text());
        evidence.add(new Alert.Evidence(topics.calls(), call.callId(), call.ts(), c));
        Position pos = new Position(call.lat(), call.lon(), call.tsMillis(), call.ts(), call.accuracyOrNull(), "CALL", -1);
        if (v.lastFix() != null) {
            evidence.add(fixEvidence(call.deviceId(), v.lastFix()));
            if (v.fromFix()) {
                pos = v.lastFix();
            }
        }
        String[] place = placeNames(call.lat(), call.lon());
        String what = v.lost() ? "person lost or trapped" : "caller needs help";
        String whatZh = v.lost() ? "有人迷路或被困" : "求助";
        return build(DistressCallRule.RULE, v.severity(), v.subjectId(), incident, call.tsMillis(), v.discriminator(),
                "Emergency call on " + place[0] + ": " + what, place[1] + "报警电话：" + whatZh, evidence, pos, detectedAt);
    }

    Alert offTrailStationary(OffTrailStationaryRule.Verdict v, Position last, long detectedAt) {
        String[] place = placeNames(last.lat(), last.lon());
        long minutes = Math.round((v.eventTime() - v.stillSince()) / 60_000.0);
        List<Alert.Evidence> ev = new ArrayList<>(2);
        if (v.run() != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("centroidLat", round6(v.run().centroidLat()));
            run.put("centroidLon", round6(v.run().centroidLon()));
            run.put("fixes", v.run().fixes());
            run.put("stillSince", IsoTimes.format(v.stillSince()));
            ev.add(new Alert.Evidence(topics.locations(), v.deviceId(), IsoTimes.format(v.stillSince()), run));
        }
        ev.add(fixEvidence(v.deviceId(), last));
        return build(OffTrailStationaryRule.RULE, v.severity(), v.deviceId(), deviceIncident(v.deviceId()), v.eventTime(),
                v.discriminator(), "Phone stationary off trail for " + minutes + " min on " + place[0],
                place[1] + "：手机偏离步道静止" + minutes + "分钟", ev, last, detectedAt);
    }

    Alert afterDark(AfterDarkRule.Verdict v, Position last, long detectedAt) {
        String[] place = placeNames(last.lat(), last.lon());
        Map<String, Object> entered = new LinkedHashMap<>();
        entered.put("enteredAt", IsoTimes.format(v.enteredAt()));
        entered.put("offTrail", v.offTrail());
        List<Alert.Evidence> ev = List.of(
                new Alert.Evidence(topics.locations(), v.deviceId(), IsoTimes.format(v.enteredAt()), entered),
                fixEvidence(v.deviceId(), last));
        return build(AfterDarkRule.RULE, v.severity(), v.deviceId(), deviceIncident(v.deviceId()), v.eventTime(),
                v.discriminator(), "Still on " + place[0] + " after dark" + (v.offTrail() ? ", off trail" : ""),
                "天黑后仍在" + place[1] + (v.offTrail() ? "（偏离步道）" : ""), ev, last, detectedAt);
    }

    Alert signalLost(SignalLostRule.Verdict v, Position last, long detectedAt) {
        String[] place = placeNames(last.lat(), last.lon());
        long minutes = Math.round(v.silence().toMillis() / 60_000.0);
        return build(SignalLostRule.RULE, v.severity(), v.deviceId(), deviceIncident(v.deviceId()), v.eventTime(),
                v.discriminator(),
                "Phone silent for " + minutes + " min on " + place[0] + (v.inGap() ? " (last seen in a coverage gap)" : ""),
                place[1] + "：手机失联" + minutes + "分钟" + (v.inGap() ? "（最后位置在无信号区）" : ""),
                List.of(fixEvidence(v.deviceId(), last)), last, detectedAt);
    }

    private Alert build(RuleCatalogue.Rule rule, Severity severity, String subjectId, String incidentKey, long eventTime,
                        String discriminator, String titleEn, String titleZh, List<Alert.Evidence> evidence, Position last,
                        long detectedAtMillis) {
        Optional<TrailMatch> trail = geo.nearestTrail(last.lon(), last.lat());
        Optional<Zone> mountain = geo.nearestMountain(last.lon(), last.lat());
        Duration elapsed = Duration.ofMillis(Math.max(0, eventTime - last.tsMillis()));
        Map<String, Object> searchArea = searchAreas.estimate(last.lon(), last.lat(),
                last.accuracyM() == null ? 0 : last.accuracyM(), elapsed,
                mountain.map(Zone::geometry).orElse(null)).toGeoJson();
        int version = live == null ? rule.version() : live.rule(rule.id()).version();
        String id = AlertIds.of(rule.id(), version, subjectId, eventTime, AlertIds.shadowed(discriminator, shadow));
        return new Alert(id, rule.id(), version, rule.scenario(), severity, incidentKey, subjectId, titleEn, titleZh,
                IsoTimes.format(eventTime), IsoTimes.format(detectedAtMillis), new Alert.Location(last.lat(), last.lon()),
                geo.zoneIdsAt(last.lon(), last.lat()), null, null, evidence, recommendation(last, trail), searchArea, null,
                new Alert.LastKnownPosition(last.lat(), last.lon(), last.ts(), last.accuracyM(), last.source()),
                trail.map(t -> new Alert.TrailRef(t.trail().id(), t.trail().name(), t.trail().nameZh(),
                        Math.round(t.distanceM() * 10) / 10.0)).orElse(null), live == null ? 1 : live.worldVersion(), shadow);
    }

    /** The mountain's name for titles ("Beishan ..."), English and Chinese. */
    private String[] placeNames(double lat, double lon) {
        return geo.nearestMountain(lon, lat).map(z -> new String[] {z.name(), z.nameZh()})
                .orElse(new String[] {"the mountain area", "山区"});
    }

    private Map<String, Object> recommendation(Position last, Optional<TrailMatch> trail) {
        List<TeamDistance> teams = geo.world().teams().lostPersonRescue(last.lon(), last.lat(),
                RescueComposition.oneThreeN(), EtaModel.defaults());
        List<Map<String, Object>> out = new ArrayList<>();
        for (TeamDistance t : teams) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("teamId", t.team().id());
            m.put("name", t.team().name());
            m.put("nameZh", t.team().nameZh());
            m.put("role", t.team().role().name());
            m.put("distanceM", Math.round(t.distanceM()));
            m.put("etaMinutes", Math.round(t.eta().toSeconds() / 60.0));
            out.add(m);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("composition", "1+3+N");
        rec.put("teams", out);
        String near = trail.map(t -> String.format(" about %d m from %s", Math.round(t.distanceM()), t.trail().name())).orElse("");
        String nearZh = trail.map(t -> String.format("（距%s约%d米）", t.trail().nameZh(), Math.round(t.distanceM()))).orElse("");
        rec.put("text", "Start the 1+3+N rescue: command centre, police, fire rescue and medical, with volunteer "
                + "search teams; search outward from the last known position" + near + ".");
        rec.put("textZh", "启动1+3+N救援：指挥中心、公安、消防救援、医疗及志愿搜救队，从最后已知位置" + nearZh + "向外搜索。");
        return rec;
    }

    /** Evidence entry for a location fix. */
    private Alert.Evidence fixEvidence(String deviceId, Position fix) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lat", fix.lat());
        v.put("lon", fix.lon());
        if (fix.accuracyM() != null) {
            v.put("accuracyM", fix.accuracyM());
        }
        if (fix.source() != null) {
            v.put("source", fix.source());
        }
        if (fix.batteryPct() >= 0) {
            v.put("batteryPct", fix.batteryPct());
        }
        return new Alert.Evidence(topics.locations(), deviceId, fix.ts(), v);
    }

    private static void putIfPresent(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
