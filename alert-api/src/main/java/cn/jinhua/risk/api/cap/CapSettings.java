package cn.jinhua.risk.api.cap;

/**
 * What a CAP message says about its sender.
 *
 * @param sender CAP sender, e.g. an e-mail-like address of the bureau
 * @param senderName human-readable sender, English
 * @param senderNameZh human-readable sender, Chinese
 * @param identifierPrefix put before the alert id to form the CAP identifier
 * @param restriction who may see a Restricted message
 * @param webBase public base URL of the API for links, or empty
 * @param circleRadiusKm radius of the circle drawn around the alert's location
 */
public record CapSettings(String sender, String senderName, String senderNameZh, String identifierPrefix,
                          String restriction, String webBase, double circleRadiusKm) {
    public CapSettings {
        for (String s : new String[] {sender, identifierPrefix}) {
            // CAP forbids spaces, commas and the XML-reserved < and & in sender and identifier.
            if (s == null || s.isEmpty() || s.matches(".*[\\s,<&].*")) {
                throw new IllegalArgumentException("CAP sender and identifier prefix must be non-empty, without spaces, commas, < or &: \"" + s + "\"");
            }
        }
        if (!(circleRadiusKm > 0)) {
            throw new IllegalArgumentException("circleRadiusKm must be > 0");
        }
        webBase = webBase == null ? "" : webBase.replaceAll("/+$", "");
    }

    public static CapSettings wuyiBureau(String webBase) {
        return new CapSettings("risk@wuyi.jinhua.example", "Wuyi environmental bureau risk alerting",
                "金华市生态环境局武义分局风险预警", "cn.jinhua.risk.", "Environmental bureau and emergency responders",
                webBase, 0.5);
    }
}
