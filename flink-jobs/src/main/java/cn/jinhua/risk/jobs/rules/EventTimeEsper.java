package cn.jinhua.risk.jobs.rules;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Esper inside a keyed Flink operator, on event time: the one way the jobs run EPL.
 *
 * <ul>
 *   <li><b>Compile once, on the client</b> ({@link #compile}): the result is serializable and is
 *       shipped to every subtask inside the operator.</li>
 *   <li><b>One runtime per subtask</b>, started in {@code open()} under a unique URI (several
 *       subtasks may share a JVM) and destroyed in {@code close()}.</li>
 *   <li><b>External clock driven by event time</b>: the internal timer is off; the operator calls
 *       {@link #advanceTo} with the timestamp of each event-time timer it fires, never with an
 *       element's timestamp, so the clock only moves forward with the watermark and out-of-order
 *       input cannot confuse it. Every Esper timer due on the way fires in time order.</li>
 *   <li><b>Matches buffered per key</b>: a listener on the rule statements turns each match into
 *       an {@code M} and keeps it under its key until the operator {@link #drain}s that key in the
 *       key's own timer, where its keyed state is in scope.</li>
 * </ul>
 *
 * Esper's state is not in Flink checkpoints: operators keep in Flink state whatever must survive a
 * restart and send it again to the new runtime.
 *
 * <p>Not thread-safe: owned by one subtask.
 *
 * @param <M> what the operator makes of one match
 */
public final class EventTimeEsper<M> implements AutoCloseable {
    private final EPRuntime runtime;
    private final Function<M, String> keyOf;
    private final Map<String, List<M>> matches = new HashMap<>();
    private boolean clockStarted;

    /** Compiler and runtime settings: external (event-time) clock, no execution debug logging. */
    private static Configuration configuration() {
        Configuration c = new Configuration();
        c.getRuntime().getThreading().setInternalTimerEnabled(false);
        c.getRuntime().getLogging().setEnableExecutionDebug(false);
        return c;
    }

    /**
     * Compiles EPL modules as one; call it on the client when the job graph is built.
     *
     * @param what names the EPL in the error message
     * @throws IllegalStateException with the compiler's message when the EPL does not compile
     */
    public static EPCompiled compile(String what, String... epl) {
        try {
            return EPCompilerProvider.getCompiler().compile(String.join("\n", epl), new CompilerArguments(configuration()));
        } catch (EPCompileException e) {
            throw new IllegalStateException("the EPL of " + what + " does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a runtime and deploys the compiled EPL.
     *
     * @param name a readable prefix for the runtime URI (operator and subtask index)
     * @param statements the names ({@code @name}) of the statements whose matches are buffered
     * @param match turns one output row of such a statement into a match
     * @param keyOf the key a match is buffered under (the operator's key)
     */
    public EventTimeEsper(EPCompiled compiled, String name, Set<String> statements, Function<EventBean, M> match,
                          Function<M, String> keyOf) {
        this.keyOf = keyOf;
        this.runtime = EPRuntimeProvider.getRuntime(name + "-" + UUID.randomUUID(), configuration());
        try {
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            for (EPStatement s : deployment.getStatements()) {
                if (statements.contains(s.getName())) {
                    s.addListener((newEvents, oldEvents, statement, rt) -> {
                        if (newEvents != null) {
                            for (EventBean e : newEvents) {
                                add(match.apply(e));
                            }
                        }
                    });
                }
            }
        } catch (EPDeployException e) {
            runtime.destroy();
            throw new IllegalStateException("cannot deploy the EPL of " + name + ": " + e.getMessage(), e);
        }
    }

    /** The runtime's current time, or Long.MIN_VALUE before the first advance. */
    public long now() {
        return clockStarted ? runtime.getEventService().getCurrentTime() : Long.MIN_VALUE;
    }

    /**
     * Moves the clock forward to {@code eventTime} (an event-time timer's timestamp), firing every
     * Esper timer due on the way, in order. Never moves it back. The first call sets the clock,
     * which a fresh runtime has at wall-clock time.
     */
    public void advanceTo(long eventTime) {
        if (!clockStarted) {
            runtime.getEventService().advanceTime(eventTime);
            clockStarted = true;
        } else if (eventTime > runtime.getEventService().getCurrentTime()) {
            runtime.getEventService().advanceTimeSpan(eventTime);
        }
    }

    /** Sends an event of a map event type the EPL declares. */
    public void send(Map<String, Object> event, String eventType) {
        runtime.getEventService().sendEventMap(event, eventType);
    }

    /** Buffers a match the operator decided without Esper (e.g. an episode already due when armed). */
    public void add(M m) {
        matches.computeIfAbsent(keyOf.apply(m), k -> new ArrayList<>(2)).add(m);
    }

    /** Removes and returns the key's buffered matches (empty when none). */
    public List<M> drain(String key) {
        List<M> m = matches.remove(key);
        return m == null ? List.of() : m;
    }

    /** Matches buffered for keys whose timers have not run yet. */
    public int pendingMatches() {
        return matches.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
