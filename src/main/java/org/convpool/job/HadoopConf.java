package org.convpool.job;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * A Hadoop {@link Configuration} that can travel to executors (it is {@code Writable}, not
 * {@code Serializable}), so that they open inputs and write pictures with the same file-system
 * settings (credentials, endpoints) as the driver.
 */
final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration value;

    HadoopConf(Configuration value) {
        this.value = value;
    }

    Configuration get() {
        return value;
    }

    /**
     * The Hadoop configuration Spark would build from {@code conf}: the defaults on the classpath
     * plus every {@code spark.hadoop.*} setting. Used before Spark starts, to check the command
     * line's paths.
     */
    static Configuration fromSparkConf(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> kv : conf.getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                hadoop.set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return hadoop;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        value.write(new DataOutputStream(out));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        value = new Configuration(false);
        value.readFields(new DataInputStream(in));
    }
}
