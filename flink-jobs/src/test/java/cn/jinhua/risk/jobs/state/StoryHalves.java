package cn.jinhua.risk.jobs.state;

import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.replay.ScenarioFile;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The two seed stories the savepoint of {@link SavepointFixture} was taken in, cut in two: the
 * father and son at 18:40 (after the father's phone went silent at 18:24, before his signal-lost is
 * due at 19:09), the plant fire at 15:40 (after the forecast, pool-high and the first enclosure
 * alert, before the water leaves the plant at 16:01). Records are in file order; a record without a
 * time stays in the half it is in.
 */
final class StoryHalves {
    static final String FATHER_SON = "beishan-father-son-trapped.jsonl";
    static final String PLANT_FIRE = "wuyi-plant-fire.jsonl";
    static final long FATHER_SON_CUT = OffsetDateTime.parse("2026-12-19T18:40:00+08:00").toInstant().toEpochMilli();
    static final long PLANT_FIRE_CUT = OffsetDateTime.parse("2026-12-18T15:40:00+08:00").toInstant().toEpochMilli();

    private StoryHalves() {
    }

    /** Both stories' records up to their cuts (first) or after them. */
    static List<ScenarioFile.Entry> half(boolean first) throws Exception {
        List<ScenarioFile.Entry> out = new ArrayList<>();
        out.addAll(half(FATHER_SON, FATHER_SON_CUT, first));
        out.addAll(half(PLANT_FIRE, PLANT_FIRE_CUT, first));
        return out;
    }

    private static List<ScenarioFile.Entry> half(String file, long cut, boolean first) throws Exception {
        List<ScenarioFile.Entry> out = new ArrayList<>();
        boolean after = false;
        for (ScenarioFile.Entry e : ScenarioFile.read(ScenarioRuns.SCENARIOS.resolve(file))) {
            after |= e.tsMillis() != Long.MIN_VALUE && e.tsMillis() > cut;
            if (after != first) {
                out.add(e);
            }
        }
        return out;
    }
}
