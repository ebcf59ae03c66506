package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.api.incident.Incident;
import cn.jinhua.risk.api.incident.IncidentService;
import cn.jinhua.risk.api.store.Versioned;
import cn.jinhua.risk.contract.Severity;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates dispatches not acknowledged in time, and incidents whose CRITICAL or HIGH alerts no
 * operator acknowledged in time. Derived from stored state only (incidents whose
 * {@code ackDueAt} has passed), so deadlines survive an API restart and two API processes
 * escalating at once still escalate each dispatch once (the second write conflicts, re-reads and
 * finds nothing overdue). Thread-safe.
 */
@Singleton
public class EscalationService {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationService.class);
    private static final int BATCH = 200;
    private final IncidentService incidents;
    private final Recommender recommender;
    private final LifecycleService lifecycle;
    private final EscalationProperties props;
    private final Clock clock;

    EscalationService(IncidentService incidents, Recommender recommender, LifecycleService lifecycle,
                      EscalationProperties props, Clock clock) {
        this.incidents = incidents;
        this.recommender = recommender;
        this.lifecycle = lifecycle;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${risk.escalation.scan-interval:15s}", initialDelay = "${risk.escalation.initial-delay:10s}")
    void scheduledScan() {
        if (!props.enabled()) {
            return;
        }
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warn("escalation scan failed, next scan retries: {}", e.getMessage());
        }
    }

    /**
     * Escalates every incident with an overdue dispatch, as of the clock's now.
     *
     * @return how many incidents escalated
     */
    public int scan() {
        Instant now = clock.instant();
        int escalated = 0;
        Map<String, Instant> unseenBefore = Map.of(
                Severity.CRITICAL.name(), now.minus(props.ackTimeout(Severity.CRITICAL)),
                Severity.HIGH.name(), now.minus(props.ackTimeout(Severity.HIGH)));
        for (String id : incidents.dueForEscalation(now, unseenBefore, BATCH)) {
            AtomicReference<Incident> before = new AtomicReference<>();
            AtomicReference<IncidentLifecycle.Escalation> what = new AtomicReference<>();
            Versioned<Incident> after = incidents.change(id, null, cur -> {
                before.set(cur);
                what.set(null);
                return IncidentLifecycle.escalate(cur, now, recommender, props::ackTimeout).map(e -> {
                    what.set(e);
                    return e.incident();
                }).orElse(cur);
            });
            if (what.get() != null) {
                escalated++;
                LOG.info("incident {} escalated {} → {}, dispatched {}", id, what.get().fromLevel(), what.get().toLevel(),
                        what.get().newTeamIds());
                lifecycle.announce(before.get(), after.value(), "ESCALATED", IncidentLifecycle.ESCALATION_USER);
            }
        }
        return escalated;
    }
}
