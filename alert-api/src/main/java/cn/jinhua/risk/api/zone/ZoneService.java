package cn.jinhua.risk.api.zone;

import cn.jinhua.risk.api.control.ChangeKind;
import cn.jinhua.risk.api.control.ChangeView;
import cn.jinhua.risk.api.control.ControlChange;
import cn.jinhua.risk.api.control.ControlLog;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import cn.jinhua.risk.geo.load.WorldLoadException;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldProblem;
import cn.jinhua.risk.geo.load.WorldSource;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Zones drawn on the maps ({@code docs/api.md} "Rules and zones"): each is a {@code world-upsert}
 * of a GeoJSON Feature in the world files' format, checked here with geo's loader rules (geometry
 * valid and of the kind's type, the kind's properties) before it goes to the job, which decides it;
 * deleting one is a {@code world-delete}. The list is the zones changed live, folded from the
 * recorded changes in the order the job decided them. Scoped: COMMAND and ADMIN see every zone,
 * ENV_BUREAU the park's; COMMAND changes the lost-person zones, ENV_BUREAU the park's, ADMIN all.
 * Thread-safe.
 */
@Singleton
public class ZoneService {
    /** What may be drawn, and the scenario each belongs to. */
    static final Map<String, Scenario> KINDS = Map.of("MOUNTAIN_AREA", Scenario.LOST_PERSON, "COVERAGE_GAP", Scenario.LOST_PERSON,
            "HAZARD", Scenario.LOST_PERSON, "TRAIL", Scenario.LOST_PERSON, "INDUSTRIAL_PARK", Scenario.WASTEWATER);
    /** Vertices a drawn zone may have at most. */
    static final int MAX_VERTICES = 5_000;
    private final ControlLog log;
    private final World world;
    private final Clock clock;

    ZoneService(ControlLog log, World world, Clock clock) {
        this.log = log;
        this.world = world;
        this.clock = clock;
    }

    /**
     * {@code GET /api/zones}: the zones changed live that the caller sees, newest change first; a
     * feature of the world files only while it differs from them (a trail reopened is not listed).
     */
    public List<ZoneView> list(Caller caller) {
        Instant now = clock.instant();
        return fold().values().stream().filter(z -> z.visibleIn() && caller.seesScenario(z.scenario()))
                .filter(z -> !(z.feature != null && z.last.accepted() && z.feature.equals(filed(z.id))))
                .map(z -> z.view(now, filed(z.id) != null))
                .sorted((a, b) -> String.valueOf(b.lastChange().at()).compareTo(String.valueOf(a.lastChange().at())))
                .toList();
    }

    /** {@code GET /api/zones/changes/{changeId}}: one world change and its verdict. */
    public ChangeView change(String changeId, Caller caller) {
        ControlChange c = log.get(changeId);
        Map<String, Zone> zones = fold();
        boolean seen = perFeature(c).stream().map(e -> zones.get(e.featureId()))
                .anyMatch(z -> z != null && caller.seesScenario(z.scenario()));
        if (!seen) {
            throw ApiException.notFound("no world change " + changeId + " that you may see");
        }
        return ChangeView.of(c);
    }

    /** {@code POST /api/zones}: draws a zone. */
    public ChangeView draw(ZoneCommand cmd, Caller caller) {
        Scenario scenario = KINDS.get(cmd.kind());
        if (scenario == null) {
            throw ApiException.badRequest("kind: must be one of " + KINDS.keySet().stream().sorted().toList() + ", got " + cmd.kind());
        }
        if (!caller.changesLive(scenario.name())) {
            throw ApiException.forbidden("a " + cmd.kind() + " is a " + scenario + " zone, which "
                    + (scenario == Scenario.LOST_PERSON ? "COMMAND" : "ENV_BUREAU") + " and ADMIN draw");
        }
        String expiresAt = expiry(cmd.expiresAt());
        JsonNode geometry = Json.MAPPER.valueToTree(cmd.geometry());
        int vertices = countPositions(geometry.path("coordinates"));
        if (vertices > MAX_VERTICES) {
            throw ApiException.badRequest("geometry: at most " + MAX_VERTICES + " positions, got " + vertices);
        }
        String id = "zone-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ObjectNode properties = Json.MAPPER.createObjectNode();
        properties.put("id", id);
        properties.put("type", cmd.kind());
        properties.put("scenario", scenario.name());
        properties.put("name", cmd.name().strip());
        if (cmd.nameZh() != null && !cmd.nameZh().isBlank()) {
            properties.put("nameZh", cmd.nameZh().strip());
        }
        if (cmd.corridorM() != null) {
            properties.put("corridorM", cmd.corridorM());
        }
        if (cmd.hazard() != null) {
            properties.put("hazard", cmd.hazard());
        }
        ObjectNode feature = Json.MAPPER.createObjectNode();
        feature.put("type", "Feature");
        feature.put("id", id);
        feature.set("geometry", geometry);
        feature.set("properties", properties);
        check(feature);
        ObjectNode fields = Json.MAPPER.createObjectNode();
        fields.set("feature", feature);
        if (expiresAt != null) {
            fields.put("expiresAt", expiresAt);
        }
        return ChangeView.of(log.send(ChangeKind.WORLD_UPSERT, id, fields, caller));
    }

    /**
     * {@code DELETE /api/zones/{id}}: removes a zone drawn live; for a feature of the world files
     * changed live (a trail closed), undoes the change: a {@code world-upsert} of the feature as the
     * world files have it, never a {@code world-delete} of it.
     */
    public ChangeView delete(String id, Caller caller) {
        Zone z = fold().get(id);
        if (z == null || z.feature == null || !caller.seesScenario(z.scenario())) {
            throw ApiException.notFound("no zone " + id + " (only zones drawn live can be deleted here)");
        }
        requireChanges(caller, z.scenario(), "zone " + id);
        ObjectNode filed = filed(id);
        if (filed != null) {
            ObjectNode fields = Json.MAPPER.createObjectNode();
            fields.set("feature", filed);
            return ChangeView.of(log.send(ChangeKind.WORLD_UPSERT, id, fields, caller));
        }
        ObjectNode fields = Json.MAPPER.createObjectNode();
        fields.put("featureId", id);
        return ChangeView.of(log.send(ChangeKind.WORLD_DELETE, id, fields, caller));
    }

    /**
     * {@code POST /api/zones/trails/{id}/closure}: closes a trail (a landslide, a search) until
     * {@code expiresAt}, or until it is reopened ({@link #delete}): a {@code world-upsert} of the
     * trail as the job runs it now, with {@code closed: true}. The trail stays on the map; off-trail
     * judges a phone on it by the other trails alone.
     */
    public ChangeView closeTrail(String trailId, TrailClosureCommand cmd, Caller caller) {
        Zone live = fold().get(trailId);
        JsonNode running = live == null ? null : live.feature;
        ObjectNode trail = running != null ? running.deepCopy() : filed(trailId);
        if (trail == null || !"TRAIL".equals(trail.path("properties").path("type").asText())) {
            throw ApiException.notFound("no trail " + trailId);
        }
        String scenario = trail.path("properties").path("scenario").asText();
        requireChanges(caller, scenario, "trail " + trailId);
        if (trail.path("properties").path("closed").asBoolean(false)) {
            throw ApiException.conflict("trail " + trailId + " is closed already"
                    + (running != null ? "; reopen it first (DELETE /api/zones/" + trailId + ") to close it again" : " in the world files"));
        }
        String expiresAt = expiry(cmd.expiresAt());
        ((ObjectNode) trail.get("properties")).put("closed", true);
        ObjectNode fields = Json.MAPPER.createObjectNode();
        fields.set("feature", trail);
        if (expiresAt != null) {
            fields.put("expiresAt", expiresAt);
        }
        return ChangeView.of(log.send(ChangeKind.WORLD_UPSERT, trailId, fields, caller));
    }

    private static void requireChanges(Caller caller, String scenario, String what) {
        if (!caller.changesLive(scenario)) {
            throw ApiException.forbidden(what + " is a " + scenario + " feature, which "
                    + (Scenario.LOST_PERSON.name().equals(scenario) ? "COMMAND" : "ENV_BUREAU") + " and ADMIN change");
        }
    }

    /** The feature as the world files have it, or null when they have none of this id. */
    private ObjectNode filed(String id) {
        return world.find(id).<ObjectNode>map(f -> Json.MAPPER.valueToTree(WorldGeoJson.feature(f))).orElse(null);
    }

    private String expiry(String expiresAt) {
        if (expiresAt == null || expiresAt.isBlank()) {
            return null;
        }
        Instant t;
        try {
            t = IsoTimes.parseInstant(expiresAt);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw ApiException.badRequest("expiresAt: expected an ISO-8601 time with offset (e.g. 2026-12-18T20:00:00+08:00), got \""
                    + expiresAt + "\"");
        }
        if (!t.isAfter(clock.instant())) {
            throw ApiException.badRequest("expiresAt: must be in the future, got " + expiresAt);
        }
        return IsoTimes.format(t.toEpochMilli());
    }

    private static int countPositions(JsonNode coordinates) {
        if (!coordinates.isArray()) {
            return 0;
        }
        if (coordinates.size() > 0 && coordinates.get(0).isNumber()) {
            return 1;
        }
        int n = 0;
        for (JsonNode c : coordinates) {
            n += countPositions(c);
        }
        return n;
    }

    /** geo's loader rules on the feature alone (a drawn zone refers to no other feature); 400 with every problem. */
    private void check(ObjectNode feature) {
        ObjectNode collection = Json.MAPPER.createObjectNode();
        collection.put("type", "FeatureCollection");
        collection.putArray("features").add(feature);
        try {
            WorldLoader.load(List.of(new WorldSource("zone", collection.toString())));
        } catch (WorldLoadException e) {
            throw ApiException.badRequest(e.problems().stream().map(WorldProblem::message).map(ZoneService::field)
                    .collect(Collectors.joining("; ")));
        }
        String id = feature.get("id").asText();
        if (world.find(id).isPresent()) {
            throw ApiException.conflict("id " + id + " is a feature of the world files");
        }
    }

    /** Names the request's field a loader problem is about. */
    private static String field(String problem) {
        if (problem.startsWith("invalid geometry") || problem.contains("geometry")) {
            return "geometry: " + problem;
        }
        if (problem.contains("corridorM")) {
            return "corridorM: " + problem;
        }
        if (problem.contains("hazard")) {
            return "hazard: " + problem;
        }
        return problem;
    }

    /** One feature's live changes, folded. */
    private static final class Zone {
        final String id;
        JsonNode feature;
        String expiresAt;
        ControlChange upsert;
        ControlChange last;

        Zone(String id) {
            this.id = id;
        }

        String scenario() {
            JsonNode f = feature != null ? feature : asked();
            return f == null ? null : f.path("properties").path("scenario").asText(null);
        }

        /** The feature the newest upsert asked for (decided or not). */
        JsonNode asked() {
            return last != null && last.message() != null && last.message().has("feature") ? last.message().get("feature")
                    : upsert == null ? null : upsert.message().get("feature");
        }

        /** Listed while the job runs it, and while its newest upsert is undecided or was refused. */
        boolean visibleIn() {
            return feature != null || (last != null && puts(last));
        }

        ZoneView view(Instant now, boolean worldFile) {
            JsonNode f = feature != null ? feature : asked();
            JsonNode p = f.path("properties");
            boolean expired = feature != null && expiresAt != null && !IsoTimes.parseInstant(expiresAt).isAfter(now);
            ControlChange made = feature != null ? upsert : last;
            return new ZoneView(id, p.path("type").asText(null), p.path("scenario").asText(null), p.path("name").asText(null),
                    p.path("nameZh").asText(null), f, feature != null ? expiresAt : text(last.message(), "expiresAt"),
                    feature != null, expired, made.by(), made.at(),
                    feature != null && upsert.verdict() != null ? upsert.verdict().worldVersion() : null, ChangeView.of(last),
                    worldFile);
        }
    }

    /** Whether the change puts its feature in (an upsert, or a batch's feature), rather than taking it out. */
    private static boolean puts(ControlChange c) {
        return c.message() != null && c.message().hasNonNull("feature");
    }

    private static String text(JsonNode n, String field) {
        return n == null || !n.hasNonNull(field) ? null : n.get(field).asText();
    }

    /**
     * A world change as one change per feature it puts in or takes out (a world-batch has several),
     * each with the change's kind, id, place on the topic and verdict, and a message holding the
     * feature put in (with the expiry), or none when it is taken out.
     */
    private static List<ControlChange> perFeature(ControlChange c) {
        if (!ChangeKind.WORLD_BATCH.wire().equals(c.kind())) {
            return List.of(c);
        }
        List<ControlChange> out = new ArrayList<>();
        for (ControlChange.FeatureEdit e : c.featureEdits()) {
            ObjectNode m = Json.MAPPER.createObjectNode().put("featureId", e.featureId());
            if (e.feature() != null) {
                m.set("feature", e.feature());
                if (e.expiresAt() != null) {
                    m.put("expiresAt", e.expiresAt());
                }
            }
            out.add(new ControlChange(c.changeId(), c.kind(), "world:" + e.featureId(), null, e.featureId(), c.by(), c.at(),
                    c.partition(), c.offset(), m, c.verdict()));
        }
        return out;
    }

    private Map<String, Zone> fold() {
        Map<String, Zone> zones = new LinkedHashMap<>();
        List<ControlChange> changes = new ArrayList<>();
        for (ControlChange recorded : log.inTopicOrder(true)) {
            changes.addAll(perFeature(recorded));
        }
        for (ControlChange c : changes) {
            if (c.featureId() == null || c.message() == null) {
                continue;
            }
            Zone z = zones.computeIfAbsent(c.featureId(), Zone::new);
            z.last = c;
            if (!c.accepted()) {
                continue;
            }
            if (puts(c)) {
                z.feature = c.message().get("feature");
                z.expiresAt = text(c.message(), "expiresAt");
                z.upsert = c;
            } else {
                z.feature = null;
                z.expiresAt = null;
            }
        }
        return zones;
    }
}
