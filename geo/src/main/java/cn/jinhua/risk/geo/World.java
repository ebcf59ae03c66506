package cn.jinhua.risk.geo;

import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.pool.PoolNetwork;
import cn.jinhua.risk.geo.team.TeamFinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The loaded world: every feature by id and type, the spatial index, the pool network and the
 * team finder. Built by {@link cn.jinhua.risk.geo.load.WorldLoader}, which has validated every
 * reference, so lookups of referenced ids (a tank's level sensor, a pipe's tanks) succeed.
 * Immutable and thread-safe.
 */
public final class World {
    private final List<WorldFeature> features;
    private final Map<String, WorldFeature> byId;
    private final SpatialIndex index;
    private final PoolNetwork pools;
    private final TeamFinder teams;

    public World(List<WorldFeature> features) {
        this.features = List.copyOf(features);
        Map<String, WorldFeature> m = new LinkedHashMap<>();
        for (WorldFeature f : this.features) {
            if (m.putIfAbsent(f.id(), f) != null) {
                throw new IllegalArgumentException("duplicate id " + f.id());
            }
        }
        this.byId = Collections.unmodifiableMap(m);
        this.index = new SpatialIndex(this.features);
        this.pools = new PoolNetwork(all(Tank.class), all(Pipe.class));
        this.teams = new TeamFinder(all(Team.class), all(Plant.class));
    }

    /** Every feature in file order. */
    public List<WorldFeature> features() {
        return features;
    }

    /** The feature with this id, if any. */
    public Optional<WorldFeature> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The feature with this id if it is of the given class. */
    public <T extends WorldFeature> Optional<T> find(String id, Class<T> type) {
        WorldFeature f = byId.get(id);
        return type.isInstance(f) ? Optional.of(type.cast(f)) : Optional.empty();
    }

    /**
     * The feature with this id and class.
     *
     * @throws NoSuchElementException naming the id and the expected class when there is none
     */
    public <T extends WorldFeature> T require(String id, Class<T> type) {
        return find(id, type).orElseThrow(() ->
                new NoSuchElementException("no " + type.getSimpleName() + " with id \"" + id + "\" in the world"));
    }

    /** All features of a class, in file order. */
    public <T extends WorldFeature> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (WorldFeature f : features) {
            if (type.isInstance(f)) {
                out.add(type.cast(f));
            }
        }
        return out;
    }

    /** All features of a type, in file order. */
    public List<WorldFeature> ofType(FeatureType type) {
        return features.stream().filter(f -> f.type() == type).toList();
    }

    /** A sensor by id, if the world has it. */
    public Optional<Sensor> sensor(String id) {
        return find(id, Sensor.class);
    }

    public SpatialIndex index() {
        return index;
    }

    public PoolNetwork pools() {
        return pools;
    }

    public TeamFinder teams() {
        return teams;
    }
}
