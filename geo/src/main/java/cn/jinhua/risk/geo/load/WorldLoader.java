package cn.jinhua.risk.geo.load;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import cn.jinhua.risk.geo.model.Creek;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.HazardKind;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Place;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.SluiceRole;
import cn.jinhua.risk.geo.model.StationPosition;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.TeamRole;
import cn.jinhua.risk.geo.model.Trail;
import cn.jinhua.risk.geo.model.WaterQualityStation;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.model.Zone;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Loads and validates world files (GeoJSON FeatureCollections, format in seeds/README.md).
 * Every problem is collected, with the file, the feature id and what is wrong, before a
 * {@link WorldLoadException} is thrown: malformed JSON, invalid geometry, unknown type, missing or
 * mistyped property, dangling reference, duplicate id. Thread-safe and stateless.
 */
public final class WorldLoader {
    /** Classpath folder of the default world (the seeds/world files packaged into this jar). */
    public static final String CLASSPATH_DIR = "world/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldLoader() {
    }

    /** Loads every {@code *.geojson} file of a directory, in name order. */
    public static World loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WorldLoadException(List.of(new WorldProblem(dir.toString(), null, "no such directory")));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".geojson")).sorted().toList();
        } catch (IOException e) {
            throw new WorldLoadException(List.of(new WorldProblem(dir.toString(), null, "cannot list: " + e.getMessage())));
        }
        if (files.isEmpty()) {
            throw new WorldLoadException(List.of(new WorldProblem(dir.toString(), null, "no *.geojson files")));
        }
        return loadFiles(files);
    }

    /** Loads the given files as one world. */
    public static World loadFiles(List<Path> files) {
        List<WorldSource> sources = new ArrayList<>();
        List<WorldProblem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                sources.add(new WorldSource(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add(new WorldProblem(f.toString(), null, "cannot read: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new WorldLoadException(problems);
        }
        return load(sources);
    }

    /**
     * Loads the world packaged on the classpath under {@value #CLASSPATH_DIR} (listed in its
     * {@code index.txt}): the seeds/world files at build time.
     */
    public static World loadClasspath() {
        ClassLoader cl = WorldLoader.class.getClassLoader();
        List<WorldSource> sources = new ArrayList<>();
        for (String name : readResource(cl, CLASSPATH_DIR + "index.txt").split("\\R")) {
            String n = name.strip();
            if (!n.isEmpty() && !n.startsWith("#")) {
                sources.add(new WorldSource(n, readResource(cl, CLASSPATH_DIR + n)));
            }
        }
        return load(sources);
    }

    /**
     * Loads the world from {@code dir} when it is given, the packaged default world otherwise.
     *
     * @param dir a directory of world files, or null
     */
    public static World loadDirectoryOrDefault(Path dir) {
        return dir == null ? loadClasspath() : loadDirectory(dir);
    }

    private static String readResource(ClassLoader cl, String path) {
        try (InputStream in = cl.getResourceAsStream(path)) {
            if (in == null) {
                throw new WorldLoadException(List.of(new WorldProblem(path, null, "not on the classpath")));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and validates sources into one world; throws with every problem found. */
    public static World load(List<WorldSource> sources) {
        List<WorldProblem> problems = new ArrayList<>();
        Map<String, WorldFeature> features = new LinkedHashMap<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        for (WorldSource source : sources) {
            JsonNode root;
            try {
                root = JSON.readTree(source.geoJson());
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                problems.add(new WorldProblem(source.name(), null, "malformed JSON" + where + ": " + e.getOriginalMessage()));
                continue;
            }
            if (root == null || !root.isObject() || !"FeatureCollection".equals(root.path("type").asText())) {
                problems.add(new WorldProblem(source.name(), null, "not a GeoJSON FeatureCollection"));
                continue;
            }
            JsonNode list = root.get("features");
            if (list == null || !list.isArray()) {
                problems.add(new WorldProblem(source.name(), null, "FeatureCollection has no \"features\" array"));
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                FeatureReader r = new FeatureReader(source.name(), i, list.get(i), problems);
                WorldFeature f = r.read();
                if (f == null) {
                    continue;
                }
                String previous = fileOf.putIfAbsent(f.id(), source.name());
                if (previous != null) {
                    problems.add(new WorldProblem(source.name(), f.id(), "duplicate id (already defined in " + previous + ")"));
                } else {
                    features.put(f.id(), f);
                }
            }
        }
        checkReferences(features, fileOf, problems);
        if (!problems.isEmpty()) {
            throw new WorldLoadException(problems);
        }
        return new World(List.copyOf(features.values()));
    }

    private static void checkReferences(Map<String, WorldFeature> all, Map<String, String> fileOf,
                                        List<WorldProblem> problems) {
        for (WorldFeature f : all.values()) {
            Refs refs = new Refs(all, fileOf.get(f.id()), f.id(), problems);
            if (f instanceof Pipe p) {
                refs.expect("fromTank", p.fromTank(), FeatureType.TANK);
                refs.expect("toTank", p.toTank(), FeatureType.TANK);
                if (p.fromTank() != null && p.fromTank().equals(p.toTank())) {
                    problems.add(new WorldProblem(fileOf.get(f.id()), f.id(), "fromTank and toTank are the same tank"));
                }
            } else if (f instanceof Tank t) {
                refs.expect("plantId", t.plantId(), FeatureType.PLANT);
                refs.expectSensor("levelSensor", t.levelSensor(), SensorKind.TANK_LEVEL);
            } else if (f instanceof Plant p) {
                refs.expectSensor("gateSensor", p.gateSensor(), SensorKind.GATE_WATER_DEPTH);
                refs.expect("poolId", p.poolId(), FeatureType.TANK);
                refs.expect("team", p.teamId(), FeatureType.TEAM);
            } else if (f instanceof CreekReservoir r) {
                refs.expectSensor("levelSensor", r.levelSensor(), SensorKind.CREEK_LEVEL);
            } else if (f instanceof Sluice sl) {
                refs.expectSensor("positionSensor", sl.positionSensor(), SensorKind.SLUICE_POSITION);
            } else if (f instanceof WaterQualityStation w) {
                for (String sensor : w.sensors()) {
                    refs.expect("sensors", sensor, FeatureType.SENSOR);
                }
            } else if (f instanceof Sensor se) {
                refs.expectAny("siteId", se.siteId());
            }
        }
    }

    private record Refs(Map<String, WorldFeature> all, String file, String id, List<WorldProblem> problems) {
        void expectAny(String property, String ref) {
            if (ref != null && !all.containsKey(ref)) {
                problems.add(new WorldProblem(file, id, property + " refers to \"" + ref + "\", which no feature has as id"));
            }
        }

        void expect(String property, String ref, FeatureType type) {
            if (ref == null) {
                return;
            }
            WorldFeature target = all.get(ref);
            if (target == null) {
                problems.add(new WorldProblem(file, id, property + " refers to " + type + " \"" + ref + "\", which no feature has as id"));
            } else if (target.type() != type) {
                problems.add(new WorldProblem(file, id, property + " refers to \"" + ref + "\", which is a " + target.type() + ", not a " + type));
            }
        }

        void expectSensor(String property, String ref, SensorKind kind) {
            if (ref == null) {
                return;
            }
            WorldFeature target = all.get(ref);
            if (target == null) {
                problems.add(new WorldProblem(file, id, property + " refers to SENSOR \"" + ref + "\", which no SENSOR has as id"));
            } else if (!(target instanceof Sensor s)) {
                problems.add(new WorldProblem(file, id, property + " refers to \"" + ref + "\", which is a " + target.type() + ", not a SENSOR"));
            } else if (s.kind() != null && s.kind() != kind) {
                problems.add(new WorldProblem(file, id, property + " refers to sensor \"" + ref + "\" of kind " + s.kind() + ", expected " + kind));
            }
        }
    }

    /** Reads one feature, recording problems instead of throwing; returns null if unusable. */
    private static final class FeatureReader {
        private final String file;
        private final JsonNode node;
        private final List<WorldProblem> problems;
        private String id;
        private JsonNode props;

        FeatureReader(String file, int index, JsonNode node, List<WorldProblem> problems) {
            this.file = file;
            this.node = node;
            this.problems = problems;
            this.id = "#" + index;
        }

        WorldFeature read() {
            if (!node.isObject() || !"Feature".equals(node.path("type").asText())) {
                problem("is not a GeoJSON Feature");
                return null;
            }
            props = node.get("properties");
            if (props == null || !props.isObject()) {
                problem("has no \"properties\" object");
                return null;
            }
            JsonNode featureId = node.get("id");
            JsonNode propId = props.get("id");
            if (propId != null && !propId.isTextual() || featureId != null && !featureId.isTextual()) {
                problem("id must be a string");
                return null;
            }
            if (propId == null && featureId == null || (propId != null && propId.asText().isBlank())) {
                problem("missing property \"id\"");
                return null;
            }
            if (propId != null && featureId != null && !propId.asText().equals(featureId.asText())) {
                problem("feature id \"" + featureId.asText() + "\" differs from properties.id \"" + propId.asText() + "\"");
            }
            id = propId != null ? propId.asText() : featureId.asText();

            String typeName = requiredString("type");
            if (typeName == null) {
                return null;
            }
            FeatureType type;
            try {
                type = FeatureType.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                problem("unknown type \"" + typeName + "\" (expected one of " + Arrays.toString(FeatureType.values()) + ")");
                return null;
            }
            Geometry g;
            try {
                g = GeoJsonGeometries.read(node.get("geometry"));
            } catch (IllegalArgumentException e) {
                problem("invalid geometry: " + e.getMessage());
                return null;
            }
            if (!g.getGeometryType().equals(type.geometryType())) {
                problem(type + " must have a " + type.geometryType() + " geometry, not " + g.getGeometryType());
                return null;
            }
            IsValidOp valid = new IsValidOp(g);
            TopologyValidationError err = valid.getValidationError();
            if (err != null) {
                problem("invalid geometry: " + err.getMessage() + " at " + err.getCoordinate().x + " " + err.getCoordinate().y);
                return null;
            }
            Scenario scenario = requiredEnum("scenario", Scenario.class);
            String name = requiredString("name");
            String nameZh = optionalString("nameZh");
            if (nameZh == null) {
                nameZh = name;
            }
            // A feature with property problems is still returned so that references to it do not
            // cascade into further problems; the load fails anyway.
            return build(type, g, scenario, name, nameZh);
        }

        private WorldFeature build(FeatureType type, Geometry g, Scenario sc, String name, String zh) {
            return switch (type) {
                case MOUNTAIN_AREA, COVERAGE_GAP, INDUSTRIAL_PARK -> new Zone(id, type, sc, name, zh, (Polygon) g, null);
                case HAZARD -> new Zone(id, type, sc, name, zh, (Polygon) g, requiredEnum("hazard", HazardKind.class));
                case TRAIL -> new Trail(id, sc, name, zh, (LineString) g, positive("corridorM"),
                        optionalBoolean("closed"));
                case TRAILHEAD, PLACE -> new Place(id, type, sc, name, zh, (Point) g);
                case TEAM -> new Team(id, sc, name, zh, (Point) g, requiredEnum("role", TeamRole.class),
                        optionalEnum("level", ResponseLevel.class), nonNegativeInt("persons"), stringList("skills", false));
                case PLANT -> new Plant(id, sc, name, zh, (Polygon) g, positive("gateRampCm"),
                        requiredString("gateSensor"), requiredString("poolId"), requiredString("team"));
                case TANK -> tank(g, sc, name, zh);
                case PIPE -> new Pipe(id, sc, name, zh, (LineString) g, requiredString("fromTank"),
                        requiredString("toTank"), positive("maxFlowM3h"), optionalBoolean("bidirectional"));
                case CREEK -> new Creek(id, sc, name, zh, (LineString) g);
                case CREEK_RESERVOIR -> new CreekReservoir(id, sc, name, zh, (Polygon) g, positive("capacityM3"),
                        positive("depthM"), requiredString("levelSensor"));
                case SLUICE -> new Sluice(id, sc, name, zh, (Point) g, requiredEnum("role", SluiceRole.class),
                        requiredString("positionSensor"));
                case WATER_QUALITY_STATION -> new WaterQualityStation(id, sc, name, zh, (Point) g,
                        requiredEnum("position", StationPosition.class), stringList("sensors", true));
                case SENSOR -> sensor(g, sc, name, zh);
            };
        }

        private Tank tank(Geometry g, Scenario sc, String name, String zh) {
            double high = percent("highPct");
            double highHigh = percent("highHighPct");
            double readiness = percent("readinessMaxPct");
            if (high >= highHigh && !Double.isNaN(high) && !Double.isNaN(highHigh)) {
                problem("highPct (" + high + ") must be below highHighPct (" + highHigh + ")");
            }
            if (readiness >= high && !Double.isNaN(high) && !Double.isNaN(readiness)) {
                problem("readinessMaxPct (" + readiness + ") must be below highPct (" + high + ")");
            }
            return new Tank(id, sc, name, zh, (Point) g, requiredString("plantId"), positive("capacityM3"),
                    positive("depthM"), high, highHigh, readiness, requiredString("levelSensor"));
        }

        private Sensor sensor(Geometry g, Scenario sc, String name, String zh) {
            SensorKind kind = requiredEnum("kind", SensorKind.class);
            String unit = requiredString("unit");
            if (kind != null && unit != null && !kind.unit().equals(unit)) {
                problem("unit \"" + unit + "\" does not fit kind " + kind + " (expected \"" + kind.unit() + "\")");
            }
            Double min = optionalNumber("min");
            Double max = optionalNumber("max");
            if (min != null && max != null && min > max) {
                problem("min (" + min + ") is above max (" + max + ")");
            }
            return new Sensor(id, sc, name, zh, (Point) g, kind, unit, requiredString("siteId"), min, max);
        }

        private void problem(String message) {
            problems.add(new WorldProblem(file, id, message));
        }

        private JsonNode required(String key) {
            JsonNode v = props.get(key);
            if (v == null || v.isNull()) {
                problem("missing property \"" + key + "\"");
                return null;
            }
            return v;
        }

        private String requiredString(String key) {
            JsonNode v = required(key);
            if (v == null) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problem("property \"" + key + "\" must be a non-empty string, got " + v);
                return null;
            }
            return v.asText();
        }

        private String optionalString(String key) {
            JsonNode v = props.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                problem("property \"" + key + "\" must be a string, got " + v);
                return null;
            }
            return v.asText();
        }

        private <E extends Enum<E>> E requiredEnum(String key, Class<E> type) {
            String s = requiredString(key);
            return s == null ? null : toEnum(key, s, type);
        }

        private <E extends Enum<E>> E optionalEnum(String key, Class<E> type) {
            String s = optionalString(key);
            return s == null ? null : toEnum(key, s, type);
        }

        private <E extends Enum<E>> E toEnum(String key, String s, Class<E> type) {
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                problem("property \"" + key + "\" has unknown value \"" + s + "\" (expected one of "
                        + Arrays.toString(type.getEnumConstants()) + ")");
                return null;
            }
        }

        private double number(String key) {
            JsonNode v = required(key);
            if (v == null) {
                return Double.NaN;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                problem("property \"" + key + "\" must be a number, got " + v);
                return Double.NaN;
            }
            return v.asDouble();
        }

        private Double optionalNumber(String key) {
            JsonNode v = props.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber()) {
                problem("property \"" + key + "\" must be a number, got " + v);
                return null;
            }
            return v.asDouble();
        }

        private double positive(String key) {
            double d = number(key);
            if (!Double.isNaN(d) && d <= 0) {
                problem("property \"" + key + "\" must be > 0, got " + d);
            }
            return d;
        }

        private double percent(String key) {
            double d = number(key);
            if (!Double.isNaN(d) && (d < 0 || d > 100)) {
                problem("property \"" + key + "\" must be a percentage 0..100, got " + d);
            }
            return d;
        }

        private int nonNegativeInt(String key) {
            JsonNode v = required(key);
            if (v == null) {
                return 0;
            }
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                problem("property \"" + key + "\" must be a whole number ≥ 0, got " + v);
                return 0;
            }
            return v.asInt();
        }

        private boolean optionalBoolean(String key) {
            JsonNode v = props.get(key);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                problem("property \"" + key + "\" must be true or false, got " + v);
                return false;
            }
            return v.asBoolean();
        }

        private List<String> stringList(String key, boolean required) {
            JsonNode v = props.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    problem("missing property \"" + key + "\"");
                }
                return List.of();
            }
            if (!v.isArray()) {
                problem("property \"" + key + "\" must be an array of strings, got " + v);
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    problem("property \"" + key + "\" must be an array of strings, has " + e);
                    return List.of();
                }
                out.add(e.asText());
            }
            return out;
        }
    }
}
