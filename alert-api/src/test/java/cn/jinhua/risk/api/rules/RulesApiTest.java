package cn.jinhua.risk.api.rules;

import static cn.jinhua.risk.api.support.ControlTopics.await;
import static cn.jinhua.risk.api.support.ControlTopics.json;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.api.support.ControlTopics;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules API against a real broker: what it lists (the catalogue's parameters with bounds and
 * the values after accepted changes), the changes it puts on risk.control (read back from the
 * broker), the verdicts it reads from risk.control.results (this test answers as the job does),
 * and who may change what.
 */
@MicronautTest
@Property(name = "risk.elasticsearch.index-prefix", value = "t-rules-")
@Property(name = "risk.control.enabled", value = "true")
@Property(name = "risk.control.group-id", value = "t-rules")
class RulesApiTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private JsonNode rule(String id, String user) {
        Api.Response r = api.get("/api/rules/" + id, user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode parameter(JsonNode rule, String name) {
        for (JsonNode p : rule.get("parameters")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("rule " + rule.get("id") + " has no parameter " + name);
    }

    private JsonNode change(String path, String user, String body) {
        Api.Response r = api.call(path.startsWith("DELETE ") ? "DELETE" : "POST", path.replace("DELETE ", ""),
                api.token(user), body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        return r.json();
    }

    @Test
    void listsEveryRuleWithItsParametersBoundsAndValuesScopedToTheRole() {
        Api.Response all = api.get("/api/rules", "command");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        all.json().forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).hasSize(11).contains("hiker.signal-lost", "plating.pool-high");
        JsonNode stillMinutes = parameter(rule("hiker.off-trail-stationary", "command"), "stillMinutes");
        assertThat(stillMinutes.get("unit").asText()).isEqualTo("min");
        assertThat(stillMinutes.get("min").asDouble()).isEqualTo(1);
        assertThat(stillMinutes.get("max").asDouble()).isEqualTo(720);
        assertThat(stillMinutes.get("default").asDouble()).isEqualTo(20);
        assertThat(stillMinutes.get("value").asDouble()).isEqualTo(20);

        Api.Response bureau = api.get("/api/rules", "bureau");
        assertThat(bureau.json()).isNotEmpty().allSatisfy(r -> assertThat(r.get("scenario").asText()).isEqualTo("WASTEWATER"));
        assertThat(bureau.json()).allSatisfy(r -> assertThat(r.get("mayChange").asBoolean()).isTrue());
        assertThat(all.json()).filteredOn(r -> r.get("scenario").asText().equals("WASTEWATER"))
                .allSatisfy(r -> assertThat(r.get("mayChange").asBoolean()).as("command on %s", r.get("id")).isFalse());
        assertThat(api.get("/api/rules/hiker.signal-lost", "bureau").status()).isEqualTo(403);
        assertThat(api.get("/api/rules/no.such-rule", "command").status()).isEqualTo(404);
    }

    @Test
    void aParameterChangeGoesToTheJobAndItsVerdictIsShownWithIt() {
        JsonNode sent = change("/api/rules/plating.pool-high/parameters", "bureau", "{\"parameters\":{\"highPct\":75}}");
        String changeId = sent.get("changeId").asText();

        ConsumerRecord<String, String> record = ControlTopics.sent(changeId);
        assertThat(record.key()).isEqualTo("rule:plating.pool-high");
        JsonNode m = json(record.value());
        assertThat(m.get("kind").asText()).isEqualTo("rule-parameters");
        assertThat(m.get("ruleId").asText()).isEqualTo("plating.pool-high");
        assertThat(m.get("by").asText()).isEqualTo("bureau");
        assertThat(m.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+08:00");
        assertThat(m.get("parameters").get("highPct").asDouble()).isEqualTo(75);
        assertThat(m.properties()).hasSize(6);

        ControlTopics.accept(changeId, "plating.pool-high", 2, 1);
        await("the verdict on " + changeId, () -> "ACCEPTED".equals(
                api.get("/api/rules/changes/" + changeId, "bureau").json().path("status").asText()));
        await("the rule at its new version", () -> rule("plating.pool-high", "bureau").get("version").asInt() == 2);
        JsonNode rule = rule("plating.pool-high", "bureau");
        assertThat(rule.get("version").asInt()).isEqualTo(2);
        assertThat(parameter(rule, "highPct").get("value").asDouble()).isEqualTo(75);
        JsonNode shown = rule.get("changes").get(0);
        assertThat(shown.get("changeId").asText()).isEqualTo(changeId);
        assertThat(shown.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(shown.get("by").asText()).isEqualTo("bureau");
        assertThat(shown.get("ruleVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aRefusedChangeShowsTheJobsReasonAndChangesNothing() {
        JsonNode sent = change("/api/rules/plating.enclosure-water/parameters", "admin", "{\"parameters\":{\"clearFraction\":0.6}}");
        String changeId = sent.get("changeId").asText();
        ControlTopics.refuse(changeId, "plating.enclosure-water", 1, "clearFraction must be at most highFraction (0.5)");
        await("the refusal of " + changeId, () -> "REFUSED".equals(
                api.get("/api/rules/changes/" + changeId, "admin").json().path("status").asText()));
        JsonNode rule = rule("plating.enclosure-water", "admin");
        assertThat(rule.get("changes").get(0).get("reason").asText()).isEqualTo("clearFraction must be at most highFraction (0.5)");
        assertThat(parameter(rule, "clearFraction").get("value").asDouble()).isEqualTo(parameter(rule, "clearFraction").get("default").asDouble());
        assertThat(rule.get("version").asInt()).isEqualTo(1);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("{\"parameters\":{\"stillMinutes\":721}}", "parameters.stillMinutes: stillMinutes must be within 1..720 min, got 721"),
                Arguments.of("{\"parameters\":{\"stillMinutes\":0}}", "parameters.stillMinutes: stillMinutes must be within 1..720 min, got 0"),
                Arguments.of("{\"parameters\":{\"stillMinFixes\":2.5}}", "parameters.stillMinFixes: stillMinFixes must be a whole number, got 2.5"),
                Arguments.of("{\"parameters\":{\"stillRadiusM\":\"far\"}}", "parameters.stillRadiusM: stillRadiusM must be a number, got the text \"far\""),
                Arguments.of("{\"parameters\":{\"stillRadiusM\":null}}", "parameters.stillRadiusM: stillRadiusM must be set"),
                Arguments.of("{\"parameters\":{\"speedKmh\":5}}", "parameters.speedKmh: rule hiker.off-trail-stationary has no parameter speedKmh"),
                Arguments.of("{\"parameters\":{}}", "body.parameters: must not be empty"),
                Arguments.of("{}", "body.parameters: must not be"));
    }

    @ParameterizedTest
    @MethodSource("badParameters")
    void aValueOutOfItsBoundsIsA400NamingTheParameterAndSendsNothing(String body, String reason) {
        ControlTopics.refusedSendingNothing(api, "/api/rules/hiker.off-trail-stationary/parameters", "command", body, reason);
    }

    @Test
    void onOffEplAndTheShadowLifecycleEachSendTheirKind() {
        String off = change("/api/rules/hiker.after-dark/enabled", "command", "{\"enabled\":false}").get("changeId").asText();
        assertThat(json(ControlTopics.sent(off).value()).get("enabled").asBoolean()).isFalse();
        ControlTopics.accept(off, "hiker.after-dark", 2, 1);
        await("rule off", () -> !rule("hiker.after-dark", "command").get("enabled").asBoolean());

        assertThat(api.post("/api/rules/hiker.signal-lost/shadow/promote", "command", "{}").status()).isEqualTo(409);
        assertThat(api.call("DELETE", "/api/rules/hiker.signal-lost/shadow", api.token("command"), null).status()).isEqualTo(409);
        String shadow = change("/api/rules/hiker.signal-lost/shadow", "command",
                "{\"parameters\":{\"signalLostMinutes\":30}}").get("changeId").asText();
        JsonNode m = json(ControlTopics.sent(shadow).value());
        assertThat(m.get("kind").asText()).isEqualTo("rule-shadow");
        assertThat(m.get("parameters").get("signalLostMinutes").asDouble()).isEqualTo(30);
        ControlTopics.accept(shadow, "hiker.signal-lost", 2, 1);
        await("shadow running", () -> rule("hiker.signal-lost", "command").hasNonNull("shadow"));
        JsonNode running = rule("hiker.signal-lost", "command");
        assertThat(running.get("shadow").get("version").asInt()).isEqualTo(2);
        assertThat(running.get("shadow").get("parameters").get("signalLostMinutes").asDouble()).isEqualTo(30);
        assertThat(parameter(running, "signalLostMinutes").get("value").asDouble()).isEqualTo(45);

        String promote = change("/api/rules/hiker.signal-lost/shadow/promote", "command", "{}").get("changeId").asText();
        assertThat(json(ControlTopics.sent(promote).value()).get("kind").asText()).isEqualTo("rule-promote");
        ControlTopics.accept(promote, "hiker.signal-lost", 3, 1);
        await("shadow promoted", () -> rule("hiker.signal-lost", "command").get("version").asInt() == 3);
        JsonNode promoted = rule("hiker.signal-lost", "command");
        assertThat(promoted.get("shadow").isNull()).isTrue();
        assertThat(parameter(promoted, "signalLostMinutes").get("value").asDouble()).isEqualTo(30);

        String again = change("/api/rules/hiker.signal-lost/shadow", "admin", "{\"parameters\":{\"signalLostMinutes\":60}}")
                .get("changeId").asText();
        ControlTopics.accept(again, "hiker.signal-lost", 4, 1);
        await("second shadow", () -> rule("hiker.signal-lost", "admin").hasNonNull("shadow"));
        String stop = change("DELETE /api/rules/hiker.signal-lost/shadow", "admin", null).get("changeId").asText();
        assertThat(json(ControlTopics.sent(stop).value()).get("kind").asText()).isEqualTo("rule-shadow-stop");
        ControlTopics.accept(stop, "hiker.signal-lost", 3, 1);
        await("shadow stopped", () -> rule("hiker.signal-lost", "admin").get("shadow").isNull());
        assertThat(parameter(rule("hiker.signal-lost", "admin"), "signalLostMinutes").get("value").asDouble()).isEqualTo(30);

        String epl = change("/api/rules/hiker.after-dark/epl", "command", "{\"epl\":\"@name('hiker.after-dark') select * from HikerArmed\"}")
                .get("changeId").asText();
        assertThat(json(ControlTopics.sent(epl).value()).get("epl").asText()).startsWith("@name('hiker.after-dark')");
        assertThat(api.post("/api/rules/plating.pool-high/epl", "bureau", "{\"epl\":\"select 1\"}").status()).isEqualTo(400);
    }

    @Test
    void changesMadeOutsideTheApiAreRecordedToo() {
        String line = "{\"changeId\":\"cli-1\",\"kind\":\"rule-parameters\",\"ruleId\":\"plating.pool-not-ready\","
                + "\"parameters\":{\"notReadyAfterMinutes\":240},\"by\":\"officer-wu\",\"at\":\"2026-12-18T15:59:00+08:00\"}";
        cn.jinhua.risk.api.support.KafkaSessionListener.send("risk.control", "rule:plating.pool-not-ready", line);
        ControlTopics.accept("cli-1", "plating.pool-not-ready", 2, 1);
        await("the CLI's change", () -> rule("plating.pool-not-ready", "bureau").get("version").asInt() == 2);
        JsonNode rule = rule("plating.pool-not-ready", "bureau");
        assertThat(parameter(rule, "notReadyAfterMinutes").get("value").asDouble()).isEqualTo(240);
        assertThat(rule.get("changes").get(0).get("by").asText()).isEqualTo("officer-wu");
    }
}
