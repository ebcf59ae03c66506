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
import java.util.Set;

/**
 * Which keys of the park rules each sensor's readings go to, and which sluice a position sensor
 * reports for, in one world. Immutable and serializable.
 *
 * <p>Every tank has a home key that never changes while the world changes live, so that a pool
 * keeps its history and its open alerts: a tank of the world the job started with is at home in the
 * key of its network there ("pools:" + the network's smallest tank id: pools joined by pipes, in
 * either direction, form one network); a tank put in live is at home in a key of its own
 * ("pools:" + its id). A reading is decided in its home key only ({@link #ruleKey}). A transfer plan
 * needs the levels of every pool of the network, so a level reading also goes, as history, to the
 * home keys of the other tanks of its network in this world ({@link #ruleKeys}): a plant piped into
 * the park, or two parks joined by a pipe, plan with each other's levels and keep their own
 * histories. Gate depths go with their plant's pool; creek level and quality sensors to the
 * nearest creek reach ("creek:" + its id).
 */
final class SensorRoutes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> ruleKeyBySensor;
    private final Map<String, List<String>> ruleKeysBySensor;
    private final Map<String, String> sluiceBySensor;

    private SensorRoutes(Map<String, String> ruleKeyBySensor, Map<String, List<String>> ruleKeysBySensor,
                         Map<String, String> sluiceBySensor) {
        this.ruleKeyBySensor = ruleKeyBySensor;
        this.ruleKeysBySensor = ruleKeysBySensor;
        this.sluiceBySensor = sluiceBySensor;
    }

    /** The routes of the world the job started with. */
    static SensorRoutes of(World start) {
        return of(start, start);
    }

    /** The routes of {@code world}, a live change of {@code start}, with the home keys {@code start} gave. */
    static SensorRoutes of(World start, World world) {
        Map<String, String> startHomes = new HashMap<>();
        for (List<String> network : networks(start)) {
            network.forEach(t -> startHomes.put(t, "pools:" + network.get(0)));
        }
        Map<String, String> homeOfTank = new HashMap<>();
        Map<String, List<String>> networkKeysOfTank = new HashMap<>();
        for (List<String> network : networks(world)) {
            network.forEach(t -> homeOfTank.put(t, startHomes.getOrDefault(t, "pools:" + t)));
            List<String> keys = network.stream().map(homeOfTank::get).distinct().sorted().toList();
            network.forEach(t -> networkKeysOfTank.put(t, keys));
        }
        Map<String, String> rule = new HashMap<>();
        Map<String, List<String>> rules = new HashMap<>();
        Map<String, String> sluice = new HashMap<>();
        for (Sensor s : world.all(Sensor.class)) {
            SensorKind kind = s.kind();
            if (kind == SensorKind.SLUICE_POSITION) {
                sluice.put(s.id(), s.siteId());
            } else if (kind == SensorKind.TANK_LEVEL) {
                world.find(s.siteId(), Tank.class).ifPresent(t -> {
                    String home = homeOfTank.get(t.id());
                    rule.put(s.id(), home);
                    List<String> all = new ArrayList<>(List.of(home));
                    networkKeysOfTank.get(t.id()).stream().filter(k -> !k.equals(home)).forEach(all::add);
                    rules.put(s.id(), List.copyOf(all));
                });
            } else if (kind == SensorKind.GATE_WATER_DEPTH) {
                world.find(s.siteId(), Plant.class)
                        .map(p -> homeOfTank.get(p.poolId()))
                        .ifPresent(k -> rule.put(s.id(), k));
            } else if (kind == SensorKind.CREEK_LEVEL || kind.isWaterQuality()) {
                ParkGeo.nearestReach(world, s.geometry().getX(), s.geometry().getY())
                        .ifPresent(r -> rule.put(s.id(), "creek:" + r.id()));
            }
        }
        rule.forEach((sensor, key) -> rules.putIfAbsent(sensor, List.of(key)));
        return new SensorRoutes(rule, rules, sluice);
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

    /**
     * These routes, and for the sensors they do not have (taken out since), the key {@code before}
     * decided them in: a reading routed before its sensor was taken out is refused once, by that key.
     */
    SensorRoutes remembering(SensorRoutes before) {
        if (before == null) {
            return this;
        }
        Map<String, String> keys = new HashMap<>(before.ruleKeyBySensor);
        keys.putAll(ruleKeyBySensor);
        return new SensorRoutes(keys, ruleKeysBySensor, sluiceBySensor);
    }

    /** The park rules' key that decides the sensor's readings (its home), or null when no park rule reads the sensor. */
    String ruleKey(String sensorId) {
        return ruleKeyBySensor.get(sensorId);
    }

    /** Every key the sensor's readings go to, its home first (the others keep them as history); empty when none. */
    List<String> ruleKeys(String sensorId) {
        return ruleKeysBySensor.getOrDefault(sensorId, List.of());
    }

    /** The sluice whose position the sensor reports, or null. */
    String sluiceOf(String sensorId) {
        return sluiceBySensor.get(sensorId);
    }
}
