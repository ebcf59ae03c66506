package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.CallerNumberMasker;
import cn.jinhua.risk.api.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/stream}: Server-Sent Events of alert, incident, dispatch and team changes the
 * caller may see. Each event's id is its sequence number: reconnect with {@code Last-Event-ID}
 * (or {@code ?lastEventId=}) to get everything after it. The token may come as
 * {@code ?access_token=} because EventSource cannot send headers.
 */
@Controller("/api/stream")
@Secured({Roles.COMMAND, Roles.ENV_BUREAU, Roles.FIELD_TEAM, Roles.ADMIN})
final class StreamController {
    /** The event fields that can hold a caller's number: a call's id may be its subject and incident key. */
    private static final List<String> MASKED_FIELDS = List.of("incidentKey", "subjectId", "title", "titleZh");
    private final EventService events;
    private final LiveProperties props;

    StreamController(EventService events, LiveProperties props) {
        this.events = events;
        this.props = props;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Live changes as Server-Sent Events; resume with Last-Event-ID")
    Publisher<Event<JsonNode>> stream(@Nullable @Header("Last-Event-ID") String lastEventIdHeader,
                                                 @Nullable @QueryValue @Parameter(description = "resume after this event (as the Last-Event-ID header)",
                                                         schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                                 String lastEventId, Authentication auth) {
        Long after = parseId(lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventId);
        Caller caller = Caller.of(auth);
        boolean mask = !caller.seesCallerNumbers();
        Flux<Event<JsonNode>> changes = events.stream(caller, after).map(e -> event(e, mask));
        // The first ping goes out at once so that the response's headers do: a client with nothing
        // to receive yet still sees its stream open instead of waiting a whole heartbeat.
        Flux<Event<JsonNode>> pings = Flux.interval(Duration.ZERO, props.heartbeat())
                .map(i -> Event.<JsonNode>of(JsonNodeFactory.instance.objectNode().put("ping", i)).name("ping"));
        return Flux.merge(changes, pings);
    }

    private static Event<JsonNode> event(LiveEvent e, boolean maskCallerNumbers) {
        ObjectNode data = e.payload().deepCopy();
        if (maskCallerNumbers) {
            CallerNumberMasker.maskFields(data, MASKED_FIELDS);
        }
        data.put("type", e.type());
        data.put("seq", e.seq());
        data.put("at", e.at());
        return Event.<JsonNode>of(data).id(Long.toString(e.seq())).name(e.type());
    }

    private static Long parseId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID: expected the numeric id of an event, got \"" + id + "\"");
        }
    }
}
