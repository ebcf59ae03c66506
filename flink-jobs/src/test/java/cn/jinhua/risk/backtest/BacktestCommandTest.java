package cn.jinhua.risk.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.ScenarioRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code ./risk backtest} ends with exit 2 and one message, before any pass runs. */
class BacktestCommandTest {
    static final String PLANT_FIRE = ScenarioRuns.SCENARIOS.resolve("wuyi-plant-fire.jsonl").toString();
    static final String CHANGE = "{\"changeId\":\"rainy-1\",\"kind\":\"rule-parameters\",\"ruleId\":\"plating.pool-high\","
            + "\"parameters\":{\"highPct\":75},\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:59:00+08:00\"}";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BacktestCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsage() {
        Run r = run("--speed", "60", PLANT_FIRE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("unknown option '--speed'\n" + BacktestCommand.USAGE + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void withoutAFeedOrAChangeThereIsNothingToCompare() {
        assertThat(run("--world", dir.toString()).err()).startsWith("no feed: give one or more scenario files");
        Run r = run(PLANT_FIRE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("nothing to compare: give --changes, --catalogue or --world\n");
        assertThat(run("--changes").err()).startsWith("--changes needs a value\n");
        assertThat(run("--parallelism", "many", "--world", dir.toString(), PLANT_FIRE).err())
                .startsWith("--parallelism must be a whole number from 1 to 64, got many\n");
    }

    @Test
    void aMissingFeedFileIsNamed() throws IOException {
        Path changes = file("changes.jsonl", CHANGE + "\n");
        Run r = run("--changes", changes.toString(), dir.resolve("nowhere.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(dir.resolve("nowhere.jsonl") + ": no such file\n");
    }

    @Test
    void aMalformedRecordLineIsNamedByFileAndLine() throws IOException {
        Path changes = file("changes.jsonl", CHANGE + "\n");
        Path feed = file("feed.jsonl", "{\"topic\":\"risk.sensors\",\"value\":{\"sensorId\":\"wy-e03-pool-level\"}}\n"
                + "{\"topic\":\"risk.sensors\",\"value\":{\"sensorId\":\n");
        Run r = run("--changes", changes.toString(), feed.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(feed + ":2: not valid JSON (");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void aRecordForATopicTheJobDoesNotReadIsNamed() throws IOException {
        Path changes = file("changes.jsonl", CHANGE + "\n");
        Path feed = file("feed.jsonl", "{\"topic\":\"risk.alerts\",\"value\":{\"id\":\"a-1\"}}\n");
        Run r = run("--changes", changes.toString(), feed.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(feed + ":1: topic risk.alerts is not a feed of the job (risk.locations,"
                + " risk.calls, risk.sensors)\n");
    }

    @Test
    void aFeedWithoutRecordsIsRefused() throws IOException {
        Path changes = file("changes.jsonl", CHANGE + "\n");
        Run r = run("--changes", changes.toString(), file("empty.jsonl", "\n\n").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("the feed files hold no record\n");
    }

    @Test
    void aMalformedChangeIsNamedByFileAndLine() throws IOException {
        Path changes = file("changes.jsonl", CHANGE + "\n\n{\"changeId\":\"c-2\",\"kind\":\"rule-enabled\",\"ruleId\":"
                + "\"plating.pool-high\",\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:59:00+08:00\"}\n");
        Run r = run("--changes", changes.toString(), PLANT_FIRE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(changes + ":3: rule-enabled needs enabled\n");
        assertThat(run("--changes", dir.resolve("none.jsonl").toString(), PLANT_FIRE).err())
                .isEqualTo(dir.resolve("none.jsonl") + ": no such file\n");
        Path twice = file("twice.jsonl", CHANGE + "\n" + CHANGE + "\n");
        assertThat(run("--changes", twice.toString(), PLANT_FIRE).err()).isEqualTo("changeId rainy-1 is used twice\n");
    }

    @Test
    void aCatalogueThatIsNotOneIsNamed() throws IOException {
        assertThat(run("--catalogue", file("rules.json", "{\"rules\": 3}").toString(), PLANT_FIRE).err())
                .isEqualTo(dir.resolve("rules.json") + ": a catalogue is {\"rules\": [...]}, as docs/contract/rules.json\n");
        assertThat(run("--catalogue", file("broken.json", "{\"rules\": [").toString(), PLANT_FIRE).err())
                .startsWith(dir.resolve("broken.json") + ": not JSON (");
        assertThat(run("--catalogue", dir.resolve("none.json").toString(), PLANT_FIRE).err())
                .isEqualTo(dir.resolve("none.json") + ": no such file\n");
    }

    @Test
    void aWorldThatIsNoFolderOrDoesNotLoadIsNamed() throws IOException {
        Run missing = run("--world", dir.resolve("nowhere").toString(), PLANT_FIRE);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("world " + dir.resolve("nowhere") + ": not a directory\n");
        Path world = Files.createDirectories(dir.resolve("world"));
        Files.writeString(world.resolve("park.geojson"), "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\"}]}");
        Run bad = run("--world", world.toString(), PLANT_FIRE);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("world " + world + ": ");
    }
}
