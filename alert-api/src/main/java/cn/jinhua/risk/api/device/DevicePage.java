package cn.jinhua.risk.api.device;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The answer of {@code GET /api/devices}: the last position of each device, newest first. */
@Serdeable
public record DevicePage(List<DevicePosition> items) {
}
