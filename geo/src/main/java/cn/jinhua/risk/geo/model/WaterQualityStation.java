package cn.jinhua.risk.geo.model;

import java.util.List;
import org.locationtech.jts.geom.Point;

/** A creek water-quality station with its parameter sensors. */
public record WaterQualityStation(String id, Scenario scenario, String name, String nameZh,
                                  Point geometry, StationPosition position, List<String> sensors)
        implements WorldFeature {
    public WaterQualityStation {
        sensors = List.copyOf(sensors);
    }

    @Override
    public FeatureType type() {
        return FeatureType.WATER_QUALITY_STATION;
    }
}
