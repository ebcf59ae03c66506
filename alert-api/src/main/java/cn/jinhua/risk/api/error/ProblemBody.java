package cn.jinhua.risk.api.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.util.Map;
import org.zalando.problem.Problem;
import org.zalando.problem.StatusType;

/**
 * A problem as RFC 9457 writes it: the status as a number, extension members (such as
 * {@code error}) beside the standard ones rather than nested, absent members left out.
 */
@Serdeable.Serializable
@JsonInclude(JsonInclude.Include.NON_NULL)
final class ProblemBody implements Problem {
    private final Problem problem;

    ProblemBody(Problem problem) {
        this.problem = problem;
    }

    @Override
    public URI getType() {
        return problem.getType();
    }

    @Override
    public String getTitle() {
        return problem.getTitle();
    }

    @Override
    @JsonIgnore
    public StatusType getStatus() {
        return problem.getStatus();
    }

    @JsonProperty("status")
    public Integer getStatusCode() {
        return problem.getStatus() == null ? null : problem.getStatus().getStatusCode();
    }

    @Override
    public String getDetail() {
        return problem.getDetail();
    }

    @Override
    public URI getInstance() {
        return problem.getInstance();
    }

    @Override
    @JsonAnyGetter
    public Map<String, Object> getParameters() {
        return problem.getParameters();
    }
}
