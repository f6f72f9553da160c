package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;

import io.corpusgraph.jobs.config.EvaluateConfig;
import io.corpusgraph.jobs.extract.ExtractionService;
import io.corpusgraph.jobs.evaluate.DatasetScores;
import io.corpusgraph.jobs.evaluate.EvaluationReport;
import io.corpusgraph.jobs.evaluate.GoldDataset;
import io.corpusgraph.jobs.evaluate.GoldSentence;
import io.corpusgraph.jobs.evaluate.RelationScores;
import io.corpusgraph.jobs.evaluate.ScoredSpan;
import io.corpusgraph.jobs.evaluate.Span;
import io.corpusgraph.jobs.evaluate.SpanRelation;
import io.corpusgraph.jobs.evaluate.ThresholdSweep;
import io.corpusgraph.jobs.evaluate.WordPositions;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.RelationParams;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.udfs.CorpusSchema;
import io.corpusgraph.udfs.ExtractMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Gold datasets → precision, recall and F1 per dataset, label and threshold (entities; and relations, end to
 * end, for datasets with gold relations): markdown tables on stdout and rows appended to the evaluations
 * table. The model runs on the executors through ExtractJob's own partition function, so the figures are
 * those of the product, not of a separate scorer.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures a model on gold data (GLiNER's protocol by default: gold tokens as words, "
                + "lower-cased labels, flat, threshold 0.5, micro P/R/F1 over exact spans; datasets with gold relations are "
                + "also scored on relations, with the model's own entities as heads and tails). Settings come from "
                + "conf/extract.conf's evaluate section (model.*, extraction.* windows and output.* too); every "
                + "option below overrides one of its keys.")
public final class EvaluateJob extends SparkJob<EvaluateConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    /** ExtractPartition's input rows, with the gold tokens as the document's words. */
    private static final StructType GOLD_INPUT = CorpusSchema.INPUT
            .add(CorpusSchema.WORDS, DataTypes.createArrayType(DataTypes.StringType, false));

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write evaluation.md and its charts (F1 by threshold, F1 by label per dataset, PNG) to DIR.")
    Path reportFolder;

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.EVALUATE, Group.MODEL, Group.DECODING, Group.BATCHING, Group.RUN, Group.OUTPUT);
    }

    @Override
    public String decodingSection() {
        return "evaluate";
    }

    public static void main(String[] args) {
        System.exit(Launcher.execute(new EvaluateJob(), args));
    }

    /** Command-line arguments → checked settings; unknown options and bad values fail here. */
    public static EvaluateConfig parse(String... args) {
        return parse(new EvaluateJob(), args);
    }

    @Override
    EvaluateConfig settings(Config conf) {
        return EvaluateConfig.from(conf);
    }

    @Override
    int execute(SparkSession spark, EvaluateConfig config) {
        EvaluationReport report = run(spark, config);
        report.printMarkdown(System.out);
        if (reportFolder != null) {
            try {
                System.out.printf("%nwritten: %s%n", report.write(reportFolder).stream().map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report to " + reportFolder, e);
            }
        }
        System.out.printf("%nrows appended to %s%n", TableStore.open(spark, config.output()).location().describe(Table.EVALUATIONS));
        return 0;
    }

    /** One run with parsed settings in a given session: check, run the model per dataset, score, write. */
    public static EvaluationReport run(SparkSession spark, EvaluateConfig config) {
        Instant startedAt = Instant.now();
        // 1. Everything that can be wrong (gold files, labels that do not fit the model, the output) fails
        //    before the model runs.
        TableStore tables = TableStore.open(spark, config.output());
        tables.checkWritable(Table.EVALUATIONS);
        Map<GoldDataset, List<GoldSentence>> gold = new LinkedHashMap<>();
        Map<GoldDataset, ExtractionSpec> settings = new HashMap<>();
        ModelDescription model = null;  // the same folder for every dataset; each dataset's labels are checked against it
        // A token-classification model brings its labels and finds entities anywhere, not only on word boundaries:
        // it reads each sentence's own text and is scored by characters (exact start, end and label).
        List<String> modelTags = Extractor.modelTags(config.extraction().model().modelDir());
        for (GoldDataset dataset : config.datasets()) {
            List<GoldSentence> sentences = read(spark, dataset, config);
            if (modelTags != null) {
                sentences = sentences.stream().map(GoldSentence::byCharacters).toList();
            }
            ExtractionSpec extraction = config.extraction()
                    .withLabels(modelTags == null || !config.labels().isEmpty() ? labels(config, sentences) : modelTags)
                    .withDecoding(config.thresholds().get(0), config.flatNer(), config.multiLabel())
                    // any entity pair, as GLiNER's multitask evaluation prompts no schema; a token-classification
                    // model only with --relation-labels, which it refuses (it has no relations)
                    .withRelations(new RelationParams(modelTags == null ? relationLabels(config, sentences) : config.relationLabels(),
                            List.of(), config.relationThreshold()));
            model = ExtractionService.describeModel(extraction);
            gold.put(dataset, sentences);
            settings.put(dataset, ExtractionService.pinned(extraction, model));
        }

        // 2. One model pass per dataset, at the lowest threshold; every threshold is scored from it.
        List<DatasetScores> scores = new ArrayList<>();
        for (Map.Entry<GoldDataset, List<GoldSentence>> entry : gold.entrySet()) {
            scores.add(score(spark, entry.getKey(), entry.getValue(), settings.get(entry.getKey()), config));
        }

        // 3. Append this run's rows: evaluations of several models and settings sit side by side.
        EvaluationReport report = new EvaluationReport(UUID.randomUUID().toString(), config.runDate(),
                model.modelId(), startedAt, config, scores);
        tables.append(Table.EVALUATIONS, spark.createDataFrame(report.rows(), Table.EVALUATIONS.schema()));
        return report;
    }

    /** The dataset's sentences with gold entity and relation types lower-cased and mapped, cut to the limit. */
    private static List<GoldSentence> read(SparkSession spark, GoldDataset dataset, EvaluateConfig config) {
        List<GoldSentence> sentences = dataset.read(spark);
        if (config.limit() > 0 && sentences.size() > config.limit()) {
            sentences = sentences.subList(0, config.limit());
        }
        if (sentences.isEmpty()) {
            throw new JobSetupException("dataset " + dataset.name() + ": " + dataset.path() + " has no sentences");
        }
        return sentences.stream().map(s -> s.withLabels(config.labelMapping()::apply)).toList();
    }

    /** The configured labels, or else the dataset's gold types in alphabetical order. */
    private static List<String> labels(EvaluateConfig config, List<GoldSentence> sentences) {
        if (!config.labels().isEmpty()) {
            return config.labels();
        }
        TreeSet<String> types = new TreeSet<>();
        for (GoldSentence sentence : sentences) {
            sentence.entities().forEach(s -> types.add(s.label()));
            sentence.unaligned().forEach(s -> types.add(s.label()));
        }
        return List.copyOf(types);
    }

    /**
     * For a dataset with gold relations: the configured relation labels, or else its gold relation types in
     * alphabetical order. None (no relation pass) for a dataset without gold relations.
     */
    private static List<String> relationLabels(EvaluateConfig config, List<GoldSentence> sentences) {
        TreeSet<String> types = new TreeSet<>();
        sentences.forEach(s -> s.relations().forEach(r -> types.add(r.type())));
        if (types.isEmpty()) {
            return List.of();
        }
        return config.relationLabels().isEmpty() ? List.copyOf(types) : config.relationLabels();
    }

    /** The dataset's sentences through the model on the executors (ExtractJob's partition function), then counted. */
    private static DatasetScores score(SparkSession spark, GoldDataset dataset, List<GoldSentence> sentences,
                                       ExtractionSpec extraction, EvaluateConfig config) {
        long start = System.nanoTime();
        boolean byCharacters = Extractor.modelTags(extraction.model().modelDir()) != null;
        List<Row> inputs = sentences.stream()
                .map(s -> byCharacters ? RowFactory.create(s.id(), dataset.path(), s.text(), null, null, null, null)
                        : RowFactory.create(s.id(), dataset.path(), null, null, null, null, s.words()))
                .toList();
        List<Row> extracted = ExtractionService.rows(spark.createDataFrame(inputs, GOLD_INPUT), extraction,
                        config.partitions(), ExtractMetrics.register(spark.sparkContext()))
                .select(col("doc_id"), col("status"), col("error"), col(CorpusSchema.ENTITIES), col(CorpusSchema.RELATIONS),
                        col(CorpusSchema.DROPPED_RELATIONS))
                .collectAsList();
        LOG.info("dataset {}: {} sentences through the model in {} s", dataset.name(), sentences.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));

        Map<String, Row> byId = extracted.stream().collect(Collectors.toMap(r -> r.<String>getAs("doc_id"), Function.identity()));
        // Gold types are lower-cased (LabelMapping): a token-classification model's own tags are compared lower-cased too.
        List<String> labels = byCharacters ? extraction.labels().stream().map(EvaluateJob::lower).toList() : extraction.labels();
        ThresholdSweep sweep = new ThresholdSweep(config.thresholds(), labels, byCharacters);
        Optional<RelationScores> relations = extraction.relations().enabled()
                ? Optional.of(new RelationScores(extraction.relations().labels())) : Optional.empty();
        List<String> quarantined = new ArrayList<>();
        long unaligned = 0;
        for (GoldSentence sentence : sentences) {
            Row row = byId.get(sentence.id());
            boolean ok = CorpusSchema.OK.equals(row.getAs("status"));
            if (!ok) {
                quarantined.add(sentence.id() + ": " + row.getAs("error"));
            }
            List<Row> found = ok ? row.getList(row.fieldIndex(CorpusSchema.ENTITIES)) : List.of();
            Map<String, ScoredSpan> entities = !ok ? Map.of() : byCharacters ? characterEntities(found) : predictedEntities(sentence, found);
            sweep.add(List.copyOf(entities.values()), sentence);
            relations.ifPresent(r -> r.add(ok ? predictedRelations(entities, row.getList(row.fieldIndex(CorpusSchema.RELATIONS))) : List.of(),
                    ok ? row.<Integer>getAs(CorpusSchema.DROPPED_RELATIONS) : 0, sentence));
            unaligned += sentence.unaligned().size();
        }
        return new DatasetScores(dataset, labels, sentences.size(), quarantined, unaligned, sweep, relations);
    }

    /** Entity rows (code point offsets into the words joined by spaces) → word positions of the gold tokens, by entity id. */
    private static Map<String, ScoredSpan> predictedEntities(GoldSentence sentence, List<Row> entities) {
        WordPositions positions = new WordPositions(sentence.words());
        Map<String, ScoredSpan> spans = new LinkedHashMap<>();
        for (Row e : entities) {
            Span span = positions.span(e.getAs("start"), e.getAs("end"), e.getAs("label"));
            spans.put(e.getAs("entity_id"), new ScoredSpan(span, e.<Float>getAs("score")));
        }
        return spans;
    }

    /** Entity rows → spans in code points (end inclusive, as gold characters are), labels lower-cased, by entity id. */
    private static Map<String, ScoredSpan> characterEntities(List<Row> entities) {
        Map<String, ScoredSpan> spans = new LinkedHashMap<>();
        for (Row e : entities) {
            Span span = new Span(e.<Integer>getAs("start"), e.<Integer>getAs("end") - 1, lower(e.getAs("label")));
            spans.put(e.getAs("entity_id"), new ScoredSpan(span, e.<Float>getAs("score")));
        }
        return spans;
    }

    private static String lower(String label) {
        return label.toLowerCase(java.util.Locale.ROOT);
    }

    /** Relation rows → the word positions of their head and tail entities. */
    private static List<SpanRelation> predictedRelations(Map<String, ScoredSpan> entities, List<Row> relations) {
        return relations.stream()
                .map(r -> new SpanRelation(entities.get(r.<String>getAs("head_entity_id")).span(), r.getAs("relation"),
                        entities.get(r.<String>getAs("tail_entity_id")).span()))
                .toList();
    }
}
