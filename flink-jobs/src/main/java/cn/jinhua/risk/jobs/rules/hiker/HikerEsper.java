package cn.jinhua.risk.jobs.rules.hiker;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Esper side of the lost-person rules: the EPL in {@code epl/hiker/*.epl} (compiled once, on
 * the client, by {@link #compile()}) and one runtime per operator subtask. The runtime's clock is
 * external: the operator advances it to the timestamp of each event-time timer it fires, never to
 * an element's timestamp, so it only ever moves forward with the watermark. Matches are buffered
 * per device until the operator drains them in that device's timer (where its keyed state is in
 * scope). Not thread-safe: owned by one subtask.
 */
public final class HikerEsper implements AutoCloseable {
    static final List<String> EPL_FILES = List.of("schema.epl", "off-trail-stationary.epl", "after-dark.epl");
    static final String ARMED = "HikerArmed";
    static final String DISARMED = "HikerDisarmed";

    /** A rule whose armed episode held for its whole wait. */
    public record Match(String rule, String deviceId, long armId, long dueAt) {
    }

    private final EPRuntime runtime;
    private final Map<String, List<Match>> matches = new HashMap<>();
    private boolean clockStarted;

    private static Configuration configuration() {
        Configuration c = new Configuration();
        c.getRuntime().getThreading().setInternalTimerEnabled(false);
        c.getRuntime().getLogging().setEnableExecutionDebug(false);
        return c;
    }

    /** Reads and compiles the hiker EPL; the result is serializable and shipped to the operators. */
    public static EPCompiled compile() {
        StringBuilder epl = new StringBuilder();
        for (String f : EPL_FILES) {
            try (InputStream in = HikerEsper.class.getClassLoader().getResourceAsStream("epl/hiker/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("EPL resource epl/hiker/" + f + " is missing from the classpath");
                }
                epl.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return EPCompilerProvider.getCompiler().compile(epl.toString(), new CompilerArguments(configuration()));
        } catch (EPCompileException e) {
            throw new IllegalStateException("the hiker EPL does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a runtime with a unique URI (several subtasks may share a JVM) and deploys the rules.
     *
     * @param name a readable prefix for the runtime URI (task name and subtask index)
     */
    public HikerEsper(EPCompiled compiled, String name) {
        this.runtime = EPRuntimeProvider.getRuntime(name + "-" + UUID.randomUUID(), configuration());
        try {
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            for (EPStatement s : deployment.getStatements()) {
                if (s.getName().startsWith("hiker.")) {
                    s.addListener((newEvents, oldEvents, statement, rt) -> onMatch(newEvents));
                }
            }
        } catch (EPDeployException e) {
            runtime.destroy();
            throw new IllegalStateException("cannot deploy the hiker EPL: " + e.getMessage(), e);
        }
    }

    private void onMatch(EventBean[] events) {
        if (events == null) {
            return;
        }
        for (EventBean e : events) {
            String device = (String) e.get("deviceId");
            matches.computeIfAbsent(device, k -> new ArrayList<>(2))
                    .add(new Match((String) e.get("rule"), device, (Long) e.get("armId"), (Long) e.get("dueAt")));
        }
    }

    /** The runtime's current time, or Long.MIN_VALUE before the first advance. */
    public long now() {
        return clockStarted ? runtime.getEventService().getCurrentTime() : Long.MIN_VALUE;
    }

    /**
     * Moves the clock forward to {@code eventTime} (an event-time timer's timestamp), firing every
     * Esper timer due on the way in order. Never moves it back.
     */
    public void advanceTo(long eventTime) {
        if (!clockStarted) {
            runtime.getEventService().advanceTime(eventTime);
            clockStarted = true;
        } else if (eventTime > runtime.getEventService().getCurrentTime()) {
            runtime.getEventService().advanceTimeSpan(eventTime);
        }
    }

    /**
     * Starts an episode that matches unless disarmed before {@code dueAt}. A due time already
     * reached matches at once.
     */
    public void arm(String rule, String deviceId, long armId, long dueAt) {
        long wait = dueAt - now();
        if (wait <= 0) {
            matches.computeIfAbsent(deviceId, k -> new ArrayList<>(2)).add(new Match(rule, deviceId, armId, dueAt));
            return;
        }
        Map<String, Object> ev = new HashMap<>(8);
        ev.put("deviceId", deviceId);
        ev.put("rule", rule);
        ev.put("armId", armId);
        ev.put("dueAt", dueAt);
        ev.put("waitMs", wait);
        runtime.getEventService().sendEventMap(ev, ARMED);
    }

    public void disarm(String rule, String deviceId, long armId) {
        Map<String, Object> ev = new HashMap<>(6);
        ev.put("deviceId", deviceId);
        ev.put("rule", rule);
        ev.put("armId", armId);
        runtime.getEventService().sendEventMap(ev, DISARMED);
    }

    /** Removes and returns the device's buffered matches (empty when none). */
    public List<Match> drain(String deviceId) {
        List<Match> m = matches.remove(deviceId);
        return m == null ? List.of() : m;
    }

    /** Matches buffered for devices whose timers have not run yet (for tests and metrics). */
    public int pendingMatches() {
        return matches.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
