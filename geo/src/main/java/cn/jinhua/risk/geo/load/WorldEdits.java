package cn.jinhua.risk.geo.load;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A world changed feature by feature, as live changes change it: each edit puts one feature in
 * (replacing the feature with its id, or adding it at the end) or takes one out. The result passes
 * the loader's validation exactly as a world file does ({@link WorldLoader#load}), so an edit with
 * an invalid geometry, an unknown type or a reference to nothing, or one that takes out a feature
 * something still refers to, fails with every problem found. Thread-safe and stateless.
 */
public final class WorldEdits {
    /** The source name problems are reported under. */
    public static final String SOURCE = "live world";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldEdits() {
    }

    /**
     * One edit.
     *
     * @param featureId the feature put in or taken out
     * @param feature the GeoJSON Feature put in (its {@code properties.id} is {@code featureId}), or
     *     null to take the feature out
     */
    public record Edit(String featureId, String feature) {
        public static Edit upsert(String featureId, String feature) {
            return new Edit(featureId, feature);
        }

        public static Edit delete(String featureId) {
            return new Edit(featureId, null);
        }
    }

    /**
     * The world with the edits made in order.
     *
     * @throws WorldLoadException listing every problem: of the edited features, of the references
     *     to a feature taken out, or a feature to take out that is not there
     */
    @SuppressWarnings("unchecked")
    public static World apply(World base, List<Edit> edits) {
        Map<String, Object> collection = WorldGeoJson.featureCollection(base);
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Object f : (List<Object>) collection.get("features")) {
            byId.put((String) ((Map<String, Object>) f).get("id"), f);
        }
        List<WorldProblem> problems = new ArrayList<>();
        for (Edit e : edits) {
            if (e.feature() == null) {
                if (byId.remove(e.featureId()) == null) {
                    problems.add(new WorldProblem(SOURCE, e.featureId(), "no such feature to take out"));
                }
                continue;
            }
            try {
                byId.put(e.featureId(), JSON.readValue(e.feature(), Object.class));
            } catch (JsonProcessingException ex) {
                problems.add(new WorldProblem(SOURCE, e.featureId(), "malformed JSON: " + ex.getOriginalMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new WorldLoadException(problems);
        }
        collection.put("features", new ArrayList<>(byId.values()));
        try {
            return WorldLoader.load(List.of(new WorldSource(SOURCE, JSON.writeValueAsString(collection))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a world of plain values always serializes", e);
        }
    }
}
