package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Tank;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which key of the park rules each sensor's readings go to, and which sluice a position sensor
 * reports for, in one world. Immutable and serializable.
 *
 * <p>Pools joined by pipes (in either direction) form one network and share one key: a transfer
 * plan needs the levels of exactly these pools. Keys stay put while the world changes live, so
 * that a pool keeps its history and open alerts: a network of the world the job started with is
 * keyed "pools:" + its smallest tank id; a network in a changed world takes the smallest start key
 * among its tanks, so a plant that joins the park, with its pool piped to the others, joins the
 * park's key; a network with no tank of the start world is keyed by its own smallest tank id. Only
 * joining two networks that already had keys moves one of them (the pools moved start their
 * history again under the other's key). Gate depths go with their plant's pool, creek level and
 * quality sensors to the nearest creek reach ("creek:" + its id).
 */
final class SensorRoutes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> ruleKeyBySensor;
    private final Map<String, String> sluiceBySensor;

    private SensorRoutes(Map<String, String> ruleKeyBySensor, Map<String, String> sluiceBySensor) {
        this.ruleKeyBySensor = ruleKeyBySensor;
        this.sluiceBySensor = sluiceBySensor;
    }

    /** The routes of the world the job started with. */
    static SensorRoutes of(World start) {
        return of(start, start);
    }

    /** The routes of {@code world}, a live change of {@code start}, with the network keys {@code start} gave. */
    static SensorRoutes of(World start, World world) {
        Map<String, String> startKeys = new HashMap<>();
        for (List<String> network : networks(start)) {
            network.forEach(t -> startKeys.put(t, "pools:" + network.get(0)));
        }
        Map<String, String> keyOfTank = new HashMap<>();
        for (List<String> network : networks(world)) {
            String key = network.stream().map(startKeys::get).filter(Objects::nonNull).sorted().findFirst()
                    .orElse("pools:" + network.get(0));
            network.forEach(t -> keyOfTank.put(t, key));
        }
        HashMap<String, String> rule = new HashMap<>();
        HashMap<String, String> sluice = new HashMap<>();
        for (Sensor s : world.all(Sensor.class)) {
            SensorKind kind = s.kind();
            if (kind == SensorKind.SLUICE_POSITION) {
                sluice.put(s.id(), s.siteId());
            } else if (kind == SensorKind.TANK_LEVEL) {
                world.find(s.siteId(), Tank.class).ifPresent(t -> rule.put(s.id(), keyOfTank.get(t.id())));
            } else if (kind == SensorKind.GATE_WATER_DEPTH) {
                world.find(s.siteId(), Plant.class)
                        .map(p -> keyOfTank.get(p.poolId()))
                        .ifPresent(k -> rule.put(s.id(), k));
            } else if (kind == SensorKind.CREEK_LEVEL || kind.isWaterQuality()) {
                ParkGeo.nearestReach(world, s.geometry().getX(), s.geometry().getY())
                        .ifPresent(r -> rule.put(s.id(), "creek:" + r.id()));
            }
        }
        return new SensorRoutes(rule, sluice);
    }

    /** The world's pool networks, each as its tank ids sorted. */
    private static List<List<String>> networks(World world) {
        List<List<String>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> ids = world.pools().tanks().stream().map(Tank::id).sorted().toList();
        for (String start : ids) {
            if (seen.contains(start)) {
                continue;
            }
            List<String> network = new ArrayList<>();
            ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                String t = todo.poll();
                if (seen.add(t)) {
                    network.add(t);
                    for (Pipe p : world.pools().pipesAt(t)) {
                        todo.add(p.otherEnd(t));
                    }
                }
            }
            network.sort(null);
            out.add(network);
        }
        return out;
    }

    /** The park rules' key of the sensor's readings, or null when no park rule reads the sensor. */
    String ruleKey(String sensorId) {
        return ruleKeyBySensor.get(sensorId);
    }

    /** The sluice whose position the sensor reports, or null. */
    String sluiceOf(String sensorId) {
        return sluiceBySensor.get(sensorId);
    }
}
