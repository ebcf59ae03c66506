package cn.jinhua.risk.geo.load;

/**
 * One thing wrong with a world file.
 *
 * @param file the file name (or source name) the problem is in
 * @param featureId the feature's id, or null when the problem is not tied to one feature
 * @param message what is wrong, for a person to fix
 */
public record WorldProblem(String file, String featureId, String message) {
    @Override
    public String toString() {
        return featureId == null ? file + ": " + message : file + ": feature " + featureId + ": " + message;
    }
}
