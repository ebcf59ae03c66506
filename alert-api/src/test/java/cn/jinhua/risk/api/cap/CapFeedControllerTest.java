package cn.jinhua.risk.api.cap;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.support.Alerts;
import cn.jinhua.risk.api.support.Api;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-cap-")
class CapFeedControllerTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void ingest() {
        api = new Api(client);
        Api.Response r = api.post("/api/alerts", "ingest",
                Alerts.batch(List.of(Alerts.wastewater("cap-ww-1", "wy-e03"), Alerts.lostPerson("cap-lp-1", "d-77"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void bureauGetsWastewaterAlertsAsCapInAtom() {
        Api.Response r = api.get("/api/feeds/wastewater.atom", "bureau");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
                .contains("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
                .contains("<identifier>cn.jinhua.risk.cap-ww-1</identifier>")
                .contains("<language>zh-CN</language>", "<language>en-US</language>")
                .doesNotContain("cap-lp-1");
    }

    @Test
    void singleAlertAsCapAndVisibilityRules() {
        Api.Response one = api.get("/api/feeds/alerts/cap-ww-1.cap", "bureau");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).startsWith("<?xml").contains("<severity>Severe</severity>");
        assertThat(api.get("/api/feeds/alerts/cap-lp-1.cap", "bureau").status()).isEqualTo(403);
        assertThat(api.get("/api/feeds/alerts/no-such-alert.cap", "bureau").status()).isEqualTo(404);
        assertThat(api.get("/api/feeds/wastewater.atom", null).status()).isEqualTo(401);
        assertThat(api.get("/api/feeds/wastewater.atom", "tm-wy-e03").status()).isEqualTo(403);
    }
}
