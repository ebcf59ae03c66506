package cn.jinhua.risk.geo.geojson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Converts between RFC 7946 GeoJSON geometries and JTS: positions are {@code [longitude, latitude]}
 * and map to x = longitude, y = latitude. Reading supports Point, LineString and Polygon (the world
 * model's types); writing also supports MultiPolygon and GeometryCollection results of clipping.
 * Thread-safe and stateless.
 */
public final class GeoJsonGeometries {
    /** The factory every world geometry is built with (WGS84, SRID 4326). */
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private GeoJsonGeometries() {
    }

    /**
     * Reads a GeoJSON geometry object.
     *
     * @throws IllegalArgumentException with a reason when the object is not a well-formed geometry
     *     of a supported type or a position is out of range
     */
    public static Geometry read(JsonNode geometry) {
        if (geometry == null || geometry.isNull() || !geometry.isObject()) {
            throw new IllegalArgumentException("missing geometry");
        }
        JsonNode type = geometry.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("geometry has no \"type\"");
        }
        JsonNode coords = geometry.get("coordinates");
        if (coords == null || !coords.isArray()) {
            throw new IllegalArgumentException(type.asText() + " geometry has no \"coordinates\" array");
        }
        return switch (type.asText()) {
            case "Point" -> FACTORY.createPoint(position(coords));
            case "LineString" -> {
                Coordinate[] line = positions(coords);
                if (line.length < 2) {
                    throw new IllegalArgumentException("LineString needs at least 2 positions, has " + line.length);
                }
                yield FACTORY.createLineString(line);
            }
            case "Polygon" -> polygon(coords);
            default -> throw new IllegalArgumentException("unsupported geometry type \"" + type.asText() + "\"");
        };
    }

    private static Polygon polygon(JsonNode rings) {
        if (rings.isEmpty()) {
            throw new IllegalArgumentException("Polygon has no rings");
        }
        LinearRing shell = ring(rings.get(0), "exterior ring");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), "hole " + i);
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode node, String what) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("Polygon " + what + " is not an array of positions");
        }
        Coordinate[] c = positions(node);
        if (c.length < 4) {
            throw new IllegalArgumentException("Polygon " + what + " needs at least 4 positions, has " + c.length);
        }
        if (!c[0].equals2D(c[c.length - 1])) {
            throw new IllegalArgumentException("Polygon " + what + " is not closed (first and last positions differ)");
        }
        return FACTORY.createLinearRing(c);
    }

    private static Coordinate[] positions(JsonNode array) {
        Coordinate[] out = new Coordinate[array.size()];
        for (int i = 0; i < array.size(); i++) {
            out[i] = position(array.get(i));
        }
        return out;
    }

    private static Coordinate position(JsonNode p) {
        if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new IllegalArgumentException("position " + p + " is not [longitude, latitude]");
        }
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("longitude " + lon + " is outside -180..180 in position " + p);
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude " + lat + " is outside -90..90 in position " + p);
        }
        return new Coordinate(lon, lat);
    }

    /** A GeoJSON geometry as plain maps and lists, ready for any JSON serializer. */
    public static Map<String, Object> write(Geometry g) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (g instanceof Point p) {
            out.put("type", "Point");
            out.put("coordinates", pos(p.getCoordinate()));
        } else if (g instanceof LineString l) {
            out.put("type", "LineString");
            out.put("coordinates", positionsOut(l.getCoordinates()));
        } else if (g instanceof Polygon p) {
            out.put("type", "Polygon");
            out.put("coordinates", rings(p));
        } else if (g instanceof MultiPolygon mp) {
            out.put("type", "MultiPolygon");
            List<Object> polys = new ArrayList<>();
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                polys.add(rings((Polygon) mp.getGeometryN(i)));
            }
            out.put("coordinates", polys);
        } else {
            out.put("type", "GeometryCollection");
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                if (g.getGeometryN(i) != g) {
                    parts.add(write(g.getGeometryN(i)));
                }
            }
            out.put("geometries", parts);
        }
        return out;
    }

    private static List<Object> rings(Polygon p) {
        List<Object> rings = new ArrayList<>();
        rings.add(positionsOut(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(positionsOut(p.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static List<Object> positionsOut(Coordinate[] cs) {
        List<Object> out = new ArrayList<>(cs.length);
        for (Coordinate c : cs) {
            out.add(pos(c));
        }
        return out;
    }

    private static List<Double> pos(Coordinate c) {
        // 7 decimals of a degree is about 1 cm: more is noise in the output.
        return List.of(round7(c.x), round7(c.y));
    }

    private static double round7(double v) {
        return Math.round(v * 1e7) / 1e7;
    }
}
