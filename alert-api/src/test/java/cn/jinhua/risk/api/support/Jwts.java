package cn.jinhua.risk.api.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JSON Web Tokens made by hand, right and wrong, for the tests of what the API lets in. */
public final class Jwts {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** Claims of a login token: subject, roles, issued at and expiry (epoch seconds). */
    public static String claims(String subject, String role, long issuedAt, long expires) {
        return "{\"sub\":\"" + subject + "\",\"roles\":[\"" + role + "\"],\"iat\":" + issuedAt + ",\"nbf\":" + issuedAt
                + ",\"exp\":" + expires + "}";
    }

    /** Signed with HMAC-SHA256 under {@code secret}. */
    public static String hs256(String secret, String claims) {
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature. */
    public static String unsigned(String claims) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims) + ".";
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
