package cn.jinhua.risk.jobs.rules.hiker;

import cn.jinhua.risk.geo.index.TrailMatch;
import cn.jinhua.risk.geo.model.Zone;
import cn.jinhua.risk.geo.search.SearchAreaConfig;
import cn.jinhua.risk.geo.search.SearchAreaEstimator;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.RescueComposition;
import cn.jinhua.risk.geo.team.TeamDistance;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertIds;
import cn.jinhua.risk.jobs.alert.AlertTimes;
import cn.jinhua.risk.jobs.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds lost-person alerts (SPEC §5): deterministic id, incident key, last known position, nearest
 * trail, search area rings clipped to the mountain area, and the 1+3+N rescue teams with distances
 * and ETAs. Runs only when a rule fires, never per fix. Thread-safe (reads an immutable world).
 */
public final class LostPersonAlerts {
    private final HikerGeo geo;
    private final SearchAreaEstimator searchAreas;

    public LostPersonAlerts(HikerGeo geo, HikerRuleParams params) {
        this.geo = geo;
        SearchAreaConfig k = SearchAreaConfig.koesterMountainHiker();
        List<Double> percentiles = params.searchRadiiKm().size() == k.percentiles().size()
                ? k.percentiles() : evenPercentiles(params.searchRadiiKm().size());
        this.searchAreas = new SearchAreaEstimator(new SearchAreaConfig(percentiles, params.searchRadiiKm(),
                params.searchWalkingKmh(), k.minRadiusM(), k.circleSegments()));
    }

    private static List<Double> evenPercentiles(int n) {
        List<Double> p = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            p.add(Math.min(100.0, Math.round(95.0 * i / n * 10) / 10.0));
        }
        return p;
    }

    /** Where the person was last known to be. */
    public record Position(double lat, double lon, long tsMillis, String ts, Double accuracyM, String source) {
    }

    /** What a rule says about the alert; the builder adds the geography. */
    public record Draft(String ruleId, Severity severity, String subjectId, String incidentKey, long eventTime,
                        String discriminator, String titleEn, String titleZh, List<Alert.Evidence> evidence) {
    }

    public Alert build(Draft d, Position last, long detectedAtMillis) {
        Optional<TrailMatch> trail = geo.nearestTrail(last.lon(), last.lat());
        Optional<Zone> mountain = geo.nearestMountain(last.lon(), last.lat());
        Duration elapsed = Duration.ofMillis(Math.max(0, d.eventTime() - last.tsMillis()));
        Map<String, Object> searchArea = searchAreas.estimate(last.lon(), last.lat(), elapsed,
                mountain.map(Zone::geometry).orElse(null)).toGeoJson();
        String id = AlertIds.of(d.ruleId(), HikerRules.VERSION, d.subjectId(), d.eventTime(), d.discriminator());
        return new Alert(id, d.ruleId(), HikerRules.VERSION, HikerRules.SCENARIO, d.severity(), d.incidentKey(),
                d.subjectId(), d.titleEn(), d.titleZh(), AlertTimes.iso(d.eventTime()), AlertTimes.iso(detectedAtMillis),
                new Alert.Location(last.lat(), last.lon()), geo.zoneIdsAt(last.lon(), last.lat()), null, null,
                d.evidence(), recommendation(d, last, trail), searchArea, null,
                new Alert.LastKnownPosition(last.lat(), last.lon(), last.ts(), last.accuracyM(), last.source()),
                trail.map(t -> new Alert.TrailRef(t.trail().id(), t.trail().name(), t.trail().nameZh(),
                        Math.round(t.distanceM() * 10) / 10.0)).orElse(null));
    }

    /** The mountain's name for titles ("Beishan ..."), English and Chinese. */
    public String[] placeNames(double lat, double lon) {
        return geo.nearestMountain(lon, lat).map(z -> new String[] {z.name(), z.nameZh()})
                .orElse(new String[] {"the mountain area", "山区"});
    }

    private Map<String, Object> recommendation(Draft d, Position last, Optional<TrailMatch> trail) {
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
    public static Alert.Evidence fixEvidence(String topic, String deviceId, String ts, double lat, double lon,
                                             Double accuracyM, String source, int batteryPct) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lat", lat);
        v.put("lon", lon);
        if (accuracyM != null) {
            v.put("accuracyM", accuracyM);
        }
        if (source != null) {
            v.put("source", source);
        }
        if (batteryPct >= 0) {
            v.put("batteryPct", batteryPct);
        }
        return new Alert.Evidence(topic, deviceId, ts, v);
    }
}
