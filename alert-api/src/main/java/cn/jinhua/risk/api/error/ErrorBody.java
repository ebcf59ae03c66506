package cn.jinhua.risk.api.error;

import io.micronaut.serde.annotation.Serdeable;

/** The body of every error answer: a reason for people and the HTTP status. */
@Serdeable
public record ErrorBody(String error, int status) {
}
