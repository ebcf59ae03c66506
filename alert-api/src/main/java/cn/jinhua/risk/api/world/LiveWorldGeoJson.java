package cn.jinhua.risk.api.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The live world ({@link LiveWorld}) as one GeoJSON FeatureCollection in the world files' format,
 * written by geo's {@link WorldGeoJson} once per world: again only when the world changes (a live
 * change accepted, an expiry passed), never per request. Its entity tag is derived from the text,
 * so every replica gives the same world the same tag. Thread-safe.
 */
@Singleton
final class LiveWorldGeoJson {
    private final LiveWorld live;
    private volatile Written written;

    /**
     * One world written.
     *
     * @param json the FeatureCollection as UTF-8 JSON
     * @param etag a strong entity tag of {@code json}, quoted as the ETag header carries it
     */
    record Written(World world, byte[] json, String etag) {
    }

    LiveWorldGeoJson(LiveWorld live) {
        this.live = live;
    }

    /** The world now, written. */
    Written current() {
        World w = live.world();
        Written last = written;
        if (last != null && last.world() == w) {
            return last;
        }
        return write(w);
    }

    private synchronized Written write(World w) {
        Written last = written;
        if (last != null && last.world() == w) {
            return last;
        }
        byte[] json = WorldGeoJson.toJson(w).getBytes(StandardCharsets.UTF_8);
        Written now = new Written(w, json, etagOf(json));
        written = now;
        return now;
    }

    private static String etagOf(byte[] json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
