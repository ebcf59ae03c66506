package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.alert.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed stories produced to Kafka in other orders within the 2-minute out-of-orderness bound
 * ({@link BoundedShuffle}: records of different sensors and devices interleaved at random, each
 * key's own in the order it sent them) and run through the whole job ({@link ScenarioRuns}), which
 * decides each reading and call on arrival: every shuffle gives exactly the alerts of the stories,
 * with the ids of the run in file order.
 */
class ShuffledScenariosIT {
    static List<String> files;
    static Set<String> idsInFileOrder;

    @BeforeAll
    static void runInFileOrder(@org.junit.jupiter.api.io.TempDir Path checkpoints) throws Exception {
        try (var list = Files.list(ScenarioRuns.SCENARIOS)) {
            files = new ArrayList<>(list.map(f -> f.getFileName().toString())
                    .filter(f -> f.matches("beishan-.*\\.jsonl")).sorted().toList());
        }
        files.add("wuyi-plant-fire.jsonl");
        idsInFileOrder = ids(checkedRun("it-shuffle-none.", checkpoints, null));
    }

    @ParameterizedTest(name = "shuffle seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyOrderWithinTheBoundGivesTheSameAlerts(long seed, @org.junit.jupiter.api.io.TempDir Path checkpoints)
            throws Exception {
        List<Alert> alerts = checkedRun("it-shuffle-" + seed + ".", checkpoints, new Random(seed));
        assertThat(ids(alerts)).isEqualTo(idsInFileOrder);
    }

    private static List<Alert> checkedRun(String prefix, Path checkpoints, Random shuffle) throws Exception {
        List<Alert> alerts = ScenarioRuns.run(prefix, checkpoints, files, shuffle).alerts();
        SeedStories.assertBeishan(alerts.stream().filter(a -> a.scenario().equals("LOST_PERSON")).toList());
        SeedStories.assertPlantFire(alerts.stream().filter(a -> a.scenario().equals("WASTEWATER")).toList());
        return alerts;
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).collect(Collectors.toSet());
    }
}
