package cn.jinhua.risk.geo.load;

/**
 * The text of one world file.
 *
 * @param name the name problems are reported under (usually the file name)
 * @param geoJson the FeatureCollection text
 */
public record WorldSource(String name, String geoJson) {
}
