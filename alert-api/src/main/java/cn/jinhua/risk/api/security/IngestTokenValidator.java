package cn.jinhua.risk.api.security;

import jakarta.inject.Singleton;

/**
 * Accepts the configured static ingest token (env RISK_INGEST_TOKEN) as a bearer token with the
 * single role INGEST, so the detection job needs no login round trip.
 */
@Singleton
final class IngestTokenValidator extends StaticTokenValidator {
    IngestTokenValidator(SecurityProperties props) {
        super(props.ingestToken(), "ingest", Roles.INGEST);
    }
}
