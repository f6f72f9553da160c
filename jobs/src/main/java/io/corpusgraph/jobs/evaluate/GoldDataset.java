package io.corpusgraph.jobs.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.JobSetupException;

/**
 * One gold dataset of a run: {@code name=format:path} on the command line. Gold files are small, so the
 * driver reads them (from any file system Spark can read), and only the model runs on the executors.
 */
public record GoldDataset(String name, GoldFormat format, String path) {

    /** {@code conll:/data/dev.txt}, {@code spert:…} or {@code jsonl:…} for the dataset {@code name}. */
    public static GoldDataset parse(String name, String formatAndPath) {
        int colon = formatAndPath.indexOf(':');
        String format = colon < 0 ? "" : formatAndPath.substring(0, colon).strip();
        String path = colon < 0 ? "" : formatAndPath.substring(colon + 1).strip();
        for (GoldFormat f : GoldFormat.values()) {
            if (f.name().equalsIgnoreCase(format) && !path.isEmpty() && !name.isBlank()) {
                return new GoldDataset(name.strip(), f, path);
            }
        }
        throw new JobSetupException("dataset " + name + " = " + formatAndPath
                + ": expected NAME=FORMAT:PATH with FORMAT conll, spert or jsonl, e.g. conll2003-dev=conll:/data/dev.txt");
    }

    /** Every sentence, in file order. Bytes that are not UTF-8 fail the read (never a silent U+FFFD). */
    public List<GoldSentence> read(SparkSession spark) {
        Path file = new Path(path);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.isFile(file)) {
                throw new JobSetupException("dataset " + name + ": " + path + " is not a file");
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8.newDecoder()))) {
                return format.read(name, in);
            }
        } catch (IOException e) {
            throw new JobSetupException("dataset " + name + ": cannot read " + path + " (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new JobSetupException("dataset " + name + ": " + path + " is not " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " gold data: " + e.getMessage(), e);
        }
    }
}
