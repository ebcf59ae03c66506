package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.geo.geodesy.LocalProjection;
import org.junit.jupiter.api.Test;

class GeodesyTest {
    @Test
    void oneArcMinuteOfLatitudeIsAboutANauticalMile() {
        assertThat(Geodesy.distanceM(119.6, 29.0, 119.6, 29.0 + 1 / 60.0)).isCloseTo(1_847.0, within(2.0));
    }

    @Test
    void shuanglongCaveToDapanjianSummit() {
        // 29.20278N 119.62083E to 29.2350N 119.6614E: about 5.3 km north-east.
        double d = Geodesy.distanceM(119.62083, 29.20278, 119.6614, 29.2350);
        assertThat(d).isCloseTo(5_321, within(5.0));
        assertThat(Geodesy.bearingDeg(119.62083, 29.20278, 119.6614, 29.2350)).isBetween(45.0, 55.0);
    }

    @Test
    void destinationInvertsDistance() {
        double[] p = Geodesy.destination(119.62, 29.2, 123.0, 4_321.0);
        assertThat(Geodesy.distanceM(119.62, 29.2, p[0], p[1])).isCloseTo(4_321.0, within(0.001));
    }

    @Test
    void localProjectionAgreesWithGeodesicsWithinTwentyKilometres() {
        LocalProjection proj = new LocalProjection(119.62, 29.2);
        double[] p = Geodesy.destination(119.62, 29.2, 60.0, 15_000.0);
        double planar = Math.hypot(proj.x(p[0]), proj.y(p[1]));
        assertThat(planar).isCloseTo(15_000.0, within(15.0));
        assertThat(proj.lon(proj.x(119.7))).isCloseTo(119.7, within(1e-12));
        assertThat(proj.lat(proj.y(29.3))).isCloseTo(29.3, within(1e-12));
    }
}
