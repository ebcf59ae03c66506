package cn.jinhua.risk.jobs.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EPException;
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
import com.espertech.esper.runtime.client.EPUndeployException;
import com.espertech.esper.runtime.client.DeploymentOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Esper inside a keyed Flink operator, on event time: the one way the jobs run EPL.
 *
 * <ul>
 *   <li><b>Compile once, on the client</b> ({@link #compile}): the result is serializable and is
 *       shipped to every subtask inside the operator. A rule changed live is a module of its own
 *       ({@link #compileRule}, {@link #deployRule}), compiled against those event types where it
 *       is deployed, its parameters bound as named substitution parameters.</li>
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
    /** The keys given a match since {@link #takeMatchedKeys} was last called. */
    private final Set<String> matchedKeys = new HashSet<>();
    /** The deployment of each rule deployed on its own ({@link #deployRule}). */
    private final Map<String, String> ruleDeployments = new HashMap<>();
    /** What each rule's module was deployed from by {@link #useRule}: its EPL, and the values it binds. */
    private final Map<String, String> ruleSources = new HashMap<>();
    /** Rule modules compiled in this JVM, by rule id and EPL text: every subtask and runtime compiles each once. */
    private static final Map<String, EPCompiled> COMPILED_RULES = new ConcurrentHashMap<>();
    private final Function<EventBean, M> match;
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
     * Compiles one rule's EPL module against event types compiled before ({@code types}, which the
     * runtime deploys first: {@link #EventTimeEsper(EPCompiled, String, Function, Function)}). The
     * module may read the rule's parameters as named substitution parameters
     * ({@code ?:stillMinutes:double}), bound when it is deployed ({@link #deployRule}).
     *
     * @throws IllegalStateException with the compiler's message when the EPL does not compile
     */
    public static EPCompiled compileRule(String ruleId, EPCompiled types, String epl) {
        CompilerArguments args = new CompilerArguments(configuration());
        args.getPath().add(types);
        try {
            return EPCompilerProvider.getCompiler().compile(epl, args);
        } catch (EPCompileException e) {
            throw new IllegalStateException("the EPL of " + ruleId + " does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a rule's compiled module deploys with the rule's values bound and that its
     * statement {@code @name('<ruleId>')} selects the fields a match is made of, of their types,
     * in a runtime of its own that is gone afterwards.
     *
     * @param output the match's fields and their (boxed) types
     * @throws IllegalStateException saying what is wrong
     */
    public static void checkRule(String ruleId, EPCompiled types, EPCompiled rule, Map<String, Object> values,
                                 Map<String, Class<?>> output) {
        EPRuntime probe = EPRuntimeProvider.getRuntime("check-" + ruleId + "-" + UUID.randomUUID(), configuration());
        try {
            probe.getDeploymentService().deploy(types);
            EPDeployment d = probe.getDeploymentService().deploy(rule, options(values));
            EPStatement statement = java.util.Arrays.stream(d.getStatements())
                    .filter(st -> ruleId.equals(st.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the EPL must name its statement @name('" + ruleId + "')"));
            for (Map.Entry<String, Class<?>> field : output.entrySet()) {
                Class<?> type = statement.getEventType().getPropertyType(field.getKey());
                if (type == null || !field.getValue().equals(boxed(type))) {
                    throw new IllegalStateException("the statement " + ruleId + " must select " + field.getKey() + " ("
                            + field.getValue().getSimpleName() + "), which a match of the rule is made of; it selects "
                            + String.join(", ", statement.getEventType().getPropertyNames()));
                }
            }
        } catch (EPDeployException e) {
            throw new IllegalStateException("the EPL of " + ruleId + " does not deploy: " + e.getMessage(), e);
        } finally {
            probe.destroy();
        }
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == long.class ? Long.class : c == int.class ? Integer.class : c == double.class ? Double.class
                : c == boolean.class ? Boolean.class : c;
    }

    /** Binds every named substitution parameter a statement declares to the rule's value of that name. */
    private static DeploymentOptions options(Map<String, Object> values) {
        DeploymentOptions o = new DeploymentOptions();
        o.setStatementSubstitutionParameter(ctx -> {
            Map<String, Integer> names = ctx.getSubstitutionParameterNames();
            if (names == null) {
                return;
            }
            for (String name : names.keySet()) {
                if (!values.containsKey(name)) {
                    throw new EPException("?:" + name + " is no parameter of the rule (it has "
                            + String.join(", ", values.keySet()) + ")");
                }
                ctx.setObject(name, values.get(name));
            }
        });
        return o;
    }

    /**
     * Starts a runtime with only event types deployed ({@code types}); each rule's module is
     * deployed by {@link #deployRule}, so that one rule's can be replaced while the runtime runs.
     *
     * @param name a readable prefix for the runtime URI (operator and subtask index)
     * @param match turns one output row of a rule's statement into a match
     * @param keyOf the key a match is buffered under (the operator's key)
     */
    public EventTimeEsper(EPCompiled types, String name, Function<EventBean, M> match, Function<M, String> keyOf) {
        this(types, name, Set.of(), match, keyOf);
    }

    /**
     * Deploys a rule's module ({@link #compileRule}) with the rule's values bound to its named
     * substitution parameters, and buffers the matches of its statement {@code @name('<ruleId>')}.
     * The module deployed for the rule before is undeployed only once the new one is in, so a
     * module that does not deploy leaves the old one running. Episodes armed in the old module are
     * gone with it: the operator arms them again in the new one.
     *
     * @throws IllegalStateException when the module does not deploy
     */
    public void deployRule(String ruleId, EPCompiled compiled, Map<String, Object> values) {
        EPDeployment d;
        try {
            d = runtime.getDeploymentService().deploy(compiled, options(values));
        } catch (EPDeployException e) {
            throw new IllegalStateException("cannot deploy the EPL of " + ruleId + ": " + e.getMessage(), e);
        }
        listen(d, Set.of(ruleId), match);
        String old = ruleDeployments.put(ruleId, d.getDeploymentId());
        if (old != null) {
            try {
                runtime.getDeploymentService().undeploy(old);
            } catch (EPUndeployException e) {
                throw new IllegalStateException("cannot undeploy the previous EPL of " + ruleId + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Makes the rule's module the one compiled from this EPL with these values bound, unless it
     * already is (the same EPL, and the same values when the EPL reads any): compiled once per JVM
     * against {@code types}, then {@link #deployRule deployed}.
     *
     * @return whether it replaced a module deployed before, whose episodes must be sent again
     * @throws IllegalStateException when the module does not compile or deploy (the one before stays)
     */
    public boolean useRule(String ruleId, EPCompiled types, String epl, Map<String, Object> values) {
        String from = epl.contains("?:") ? epl + '\u0000' + values : epl;
        if (from.equals(ruleSources.get(ruleId))) {
            return false;
        }
        deployRule(ruleId, COMPILED_RULES.computeIfAbsent(ruleId + '\u0000' + epl, k -> compileRule(ruleId, types, epl)),
                values);
        return ruleSources.put(ruleId, from) != null;
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
        this.match = match;
        this.runtime = EPRuntimeProvider.getRuntime(name + "-" + UUID.randomUUID(), configuration());
        try {
            listen(runtime.getDeploymentService().deploy(compiled), statements, match);
        } catch (EPDeployException e) {
            runtime.destroy();
            throw new IllegalStateException("cannot deploy the EPL of " + name + ": " + e.getMessage(), e);
        }
    }

    private void listen(EPDeployment deployment, Set<String> statements, Function<EventBean, M> toMatch) {
        for (EPStatement s : deployment.getStatements()) {
            if (statements.contains(s.getName())) {
                s.addListener((newEvents, oldEvents, statement, rt) -> {
                    if (newEvents != null) {
                        for (EventBean e : newEvents) {
                            add(toMatch.apply(e));
                        }
                    }
                });
            }
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
        String key = keyOf.apply(m);
        matches.computeIfAbsent(key, k -> new ArrayList<>(2)).add(m);
        matchedKeys.add(key);
    }

    /**
     * The keys given a match since the last call (a clock advance in one key's timer may match
     * another key's pattern), and forgets them.
     */
    public Set<String> takeMatchedKeys() {
        if (matchedKeys.isEmpty()) {
            return Set.of();
        }
        Set<String> keys = Set.copyOf(matchedKeys);
        matchedKeys.clear();
        return keys;
    }

    /** The event time of the next Esper timer (a pattern's interval) of the runtime, Long.MAX_VALUE when none. */
    public long nextScheduledTime() {
        Long next = runtime.getEventService().getNextScheduledTime();
        return next == null ? Long.MAX_VALUE : next;
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
