package io.corpusgraph.udfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.RuntimeSettings;

/**
 * model.dir → a folder on this JVM's local disk, which ONNX Runtime and the tokenizer can open. Three kinds:
 * <ul>
 * <li>a local path: used as it is (every node must have the folder there);</li>
 * <li>a Hadoop URI ({@code hdfs://…}, {@code s3a://…}, {@code gs://…}, {@code abfs://…}, {@code file:/…}): copied once per
 *     JVM (driver and each executor) into {@code <java.io.tmpdir>/corpusgraph-models/<key>/<folder name>}, where the key
 *     is a hash of the URI and of every file's name, size and modification time, so a changed model is copied again
 *     and the folder name, hence model_id, stays the same;</li>
 * <li>{@code spark-files:NAME}: what Spark shipped under NAME ({@code --archives model.zip#NAME}, unpacked by Spark;
 *     or {@code --files}), found with {@code SparkFiles.get}.</li>
 * </ul>
 * Copies go to a temporary folder first and are renamed into place, so executors sharing a disk never read half a copy.
 */
public final class ModelFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFolders.class);

    /** model.dir prefix of a folder shipped with the job. */
    public static final String SHIPPED = "spark-files:";

    private static final Map<String, String> LOCAL = new ConcurrentHashMap<>();

    private ModelFolders() {}

    /** The same settings with a local folder; a failure to fetch is a {@link ModelLoadException} naming the URI. */
    public static RuntimeSettings local(RuntimeSettings model) {
        if (!model.remote()) {
            return model;
        }
        return new RuntimeSettings(LOCAL.computeIfAbsent(model.dir(), ModelFolders::fetch), model.device(),
                model.intraOpThreads(), model.variant());
    }

    private static String fetch(String dir) {
        if (dir.startsWith(SHIPPED)) {
            String name = dir.substring(SHIPPED.length());
            Path shipped = Path.of(SparkFiles.get(name));
            if (!Files.isDirectory(shipped)) {
                throw new ModelLoadException("model.dir = " + dir + ": Spark shipped no folder named " + name + " (looked in "
                        + shipped + "); ship it with --archives model.zip#" + name);
            }
            return shipped.toString();
        }
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
            FileSystem fs = root.getFileSystem(hadoopConf());
            root = fs.makeQualified(root);
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new ModelLoadException("model.dir = " + dir + " is not a folder");
            }
            List<LocatedFileStatus> files = new ArrayList<>();
            for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true); it.hasNext(); ) {
                files.add(it.next());
            }
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
            String prefix = root.toUri().getPath().endsWith("/") ? root.toUri().getPath() : root.toUri().getPath() + "/";
            MessageDigest key = MessageDigest.getInstance("SHA-256");
            key.update(root.toString().getBytes(StandardCharsets.UTF_8));
            for (LocatedFileStatus f : files) {
                key.update((f.getPath().toUri().getPath() + "\0" + f.getLen() + "\0" + f.getModificationTime() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Path parent = Path.of(System.getProperty("java.io.tmpdir"), "corpusgraph-models",
                    HexFormat.of().formatHex(key.digest()).substring(0, 16));
            Path target = parent.resolve(root.getName());
            if (Files.isDirectory(target)) {
                return target.toString();
            }
            long start = System.nanoTime();
            Path tmp = parent.resolve("." + root.getName() + "." + UUID.randomUUID());
            long bytes = 0;
            for (LocatedFileStatus f : files) {
                Path local = tmp.resolve(f.getPath().toUri().getPath().substring(prefix.length()));
                Files.createDirectories(local.getParent());
                try (var in = fs.open(f.getPath())) {
                    Files.copy(in, local);
                }
                bytes += f.getLen();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostRace) {
                if (!Files.isDirectory(target)) {
                    throw lostRace;
                }
            }
            LOG.info("model {} copied to {} ({} files, {} MB, {} s)", dir, target, files.size(), bytes >> 20,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
            return target.toString();
        } catch (IOException e) {
            throw new ModelLoadException("model.dir = " + dir + ": cannot copy it to local disk (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hadoop's settings with the job's spark.hadoop.* ones (credentials, endpoints), as Spark's own readers see them. */
    private static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (scala.Tuple2<String, String> kv : env.conf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) {
                    conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        return conf;
    }
}
