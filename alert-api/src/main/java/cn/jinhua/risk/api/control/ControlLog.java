package cn.jinhua.risk.api.control;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Live changes as the rules and zones services make them: each is a message on {@code risk.control}
 * ({@code docs/contract/control.schema.json}) with a new change id, who made it and when, recorded
 * with where the broker put it; the job's verdict is recorded when it comes back
 * ({@link ControlFollower}). Thread-safe.
 */
@Singleton
public class ControlLog {
    private final ControlSender sender;
    private final ChangeRepository repository;
    private final Clock clock;

    ControlLog(ControlSender sender, ChangeRepository repository, Clock clock) {
        this.sender = sender;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Sends one change.
     *
     * @param subjectId the rule id (rule kinds) or the feature id (world kinds)
     * @param fields the kind's fields beside changeId, kind, by and at (ruleId or featureId included)
     * @return the change as recorded, PENDING until the job decides
     */
    public ControlChange send(ChangeKind kind, String subjectId, ObjectNode fields, Caller caller) {
        String changeId = "api-" + UUID.randomUUID();
        String at = IsoTimes.format(clock.millis());
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("changeId", changeId);
        message.put("kind", kind.wire());
        message.put("by", caller.username());
        message.put("at", at);
        message.setAll(fields);
        String subject = (kind.aboutRule() ? "rule:" : "world:") + subjectId;
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change of plain JSON nodes could not be written", e);
        }
        RecordMetadata where = sender.send(subject, bytes, changeId);
        ControlChange change = new ControlChange(changeId, kind.wire(), subject, kind.aboutRule() ? subjectId : null,
                kind.aboutRule() ? null : subjectId, caller.username(), at, where.partition(), where.offset(), message, null);
        repository.recordChange(change);
        return change;
    }

    /** One change with its verdict so far, or 404. */
    public ControlChange get(String changeId) {
        return repository.find(changeId).filter(c -> c.kind() != null)
                .orElseThrow(() -> ApiException.notFound("no change " + changeId));
    }

    /** See {@link ChangeRepository#newest}. */
    public List<ControlChange> newest(List<String> ruleIds, Boolean features, int limit) {
        return repository.newest(ruleIds, features, limit);
    }

    /** See {@link ChangeRepository#inTopicOrder}. */
    public List<ControlChange> inTopicOrder(boolean world) {
        return repository.inTopicOrder(world);
    }
}
