package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.jobs.feed.SensorReading;
import java.time.Instant;

/** Shared test data: the packaged seed world and readings at named instants. */
final class WastewaterFixtures {
    static final World WORLD = WorldLoader.loadClasspath();
    /** 2026-12-29 16:00 Asia/Shanghai. */
    static final long T0 = Instant.parse("2026-12-29T08:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;

    private WastewaterFixtures() {
    }

    static long at(double minutes) {
        return T0 + Math.round(minutes * MINUTE);
    }

    static SensorReading reading(String sensorId, double minutes, double value) {
        long ts = at(minutes);
        return new SensorReading(sensorId, ts, IsoTimes.format(ts), value,
                WORLD.sensor(sensorId).orElseThrow().unit(), 0, 0L);
    }
}
