package cn.jinhua.risk.api;

import cn.jinhua.risk.api.support.MutableClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/** Replaces the system clock with a {@link MutableClock} in tests that set {@code risk.test.mutable-clock}. */
@Factory
@Requires(property = "risk.test.mutable-clock", value = "true")
class TestClockFactory {
    @Singleton
    @Replaces(value = Clock.class, factory = ClockFactory.class)
    MutableClock clock() {
        return new MutableClock(Instant.parse("2026-12-29T08:00:00Z"));
    }
}
