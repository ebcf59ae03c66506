package cn.jinhua.risk.api;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock every time-dependent rule reads (deadlines, escalation, timelines); tests replace it. */
@Factory
final class ClockFactory {
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
