package org.convpool.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.util.VersionInfo;

/** Versions of convpool and of what it runs on, for {@code run.json} and {@code --version}. */
final class Versions {
    private Versions() {
    }

    /** This build's version, from the jar's resources. */
    static String convpool() {
        try (InputStream in = Versions.class.getResourceAsStream("/convpool/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** convpool, Spark, Scala, Hadoop and Java versions, in that order. */
    static Map<String, String> all(String sparkVersion) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("convpool", convpool());
        v.put("spark", sparkVersion);
        v.put("scala", scala.util.Properties.versionNumberString());
        v.put("hadoop", VersionInfo.getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
