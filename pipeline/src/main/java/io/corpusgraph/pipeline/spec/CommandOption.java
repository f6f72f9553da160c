package io.corpusgraph.pipeline.spec;

import java.util.List;
import java.util.Map;

/**
 * Every named option of every command, defined once: the names, the conf/extract.conf key it sets and what
 * it means. The same setting has the same option in every command that takes it; a command picks its options
 * by {@link Group} ({@link CommandOptions}). A key with {@code {section}} is the decoding section of the
 * command: {@code extraction} (extract, annotate, benchmark) or {@code evaluate}.
 */
public enum CommandOption {
    // Where the corpus comes from.
    INPUT(Group.INPUT, "input.path", "PATH", "the corpus: a folder or file", "--input"),
    INPUT_FORMAT(Group.INPUT, "input.format", "FORMAT", "text, jsonl, parquet, delta or table", "--input-format"),
    INPUT_TABLE(Group.INPUT, "input.table", "NAME", "a catalog table (sets input.format = table)", "--input-table"),
    ID_FIELD(Group.INPUT, "input.id-field", "NAME", "the id column or JSON field", "--id-field"),
    TEXT_FIELD(Group.INPUT, "input.text-field", "NAME", "the text column or JSON field", "--text-field"),
    INCREMENTAL(Group.INPUT, "run.incremental", null, "skip documents this model already extracted", "--incremental"),
    ALLOW_EMPTY(Group.INPUT, "run.allow-empty", null,
            "write the run even when the input is empty or every document is quarantined for the same reason", "--allow-empty"),
    // The model and how it runs.
    MODEL(Group.MODEL, "model.dir", "DIR", "a model folder: GLiNER (model.onnx, gliner_config.json, tokenizer.json) or token classification (model.onnx, config.json, tokenizer.json)", "--model"),
    DEVICE(Group.MODEL, "model.device", "DEVICE", "auto, cpu, cuda or cuda:N", "--device"),
    VARIANT(Group.MODEL, "model.variant", "VARIANT",
            "which graph runs: auto (int8 on CPU when the folder has model_quantized.onnx), fp32 or int8", "--variant"),
    THREADS(Group.MODEL, "model.intra-op-threads", "N", "ONNX Runtime threads of the session, 0 = one per core",
            "--intra-op-threads", "--threads"),
    // What to find and how to decode.
    LABELS(Group.DECODING, "{section}.labels", "LABEL", "labels, comma-separated", "--labels"),
    THRESHOLD(Group.DECODING, "{section}.threshold", "P", "a span is kept above this probability", "--threshold"),
    MODE(Group.DECODING, "{section}.mode", "MODE", "flat, nested or multi-label", "--mode"),
    NESTED(Group.DECODING, "{section}.mode=nested", null, "the same as --mode nested", "--nested"),
    MULTI_LABEL(Group.DECODING, "{section}.mode=multi-label", null, "the same as --mode multi-label", "--multi-label"),
    AGGREGATION(Group.DECODING, "extraction.token-classification.aggregation", "STRATEGY",
            "token-classification models: simple, first, average or max (Hugging Face's aggregation)", "--aggregation"),
    // Windows, batches and the document gate.
    WINDOW_WORDS(Group.BATCHING, "extraction.window-words", "N", "words per window, 0 = the model's max_len", "--window-words"),
    WINDOW_OVERLAP_WORDS(Group.BATCHING, "extraction.window-overlap-words", "N", "words shared by consecutive windows",
            "--window-overlap-words"),
    WINDOW_TOKENS(Group.BATCHING, "extraction.token-classification.window-tokens", "N",
            "token-classification models: tokens per window, special tokens included", "--window-tokens"),
    STRIDE(Group.BATCHING, "extraction.token-classification.stride", "N",
            "token-classification models: tokens shared by consecutive windows", "--stride"),
    BATCH_TOKEN_BUDGET(Group.BATCHING, "extraction.batch-token-budget", "N", "bound on texts x longest text in tokens per ONNX batch, 0 = by device (CPU 1024, CUDA 8192)",
            "--batch-token-budget", "--batch-tokens"),
    DOCUMENTS_PER_BATCH(Group.BATCHING, "extraction.documents-per-batch", "N", "documents a task hands to the model at once",
            "--documents-per-batch"),
    MAX_DOCUMENT_CHARS(Group.BATCHING, "extraction.max-document-chars", "N", "longer documents are quarantined",
            "--max-document-chars"),
    // The run.
    PARTITIONS(Group.RUN, "spark.partitions", "N", "Spark partitions of the input, 0 = at least one per core", "--partitions"),
    RUN_DATE(Group.RUN, "run.date", "DATE", "the date the rows are filed under: yyyy-MM-dd or today", "--run-date"),
    // The tables.
    OUTPUT(Group.OUTPUT, "output.path", "PATH", "the folder that holds one folder per table", "--output"),
    DATABASE(Group.OUTPUT, "output.database", "NAME", "a catalog database instead of a folder", "--database"),
    OUTPUT_FORMAT(Group.OUTPUT, "output.format", "FORMAT", "delta or parquet", "--output-format"),
    // ExtractJob as a stream.
    STREAM(Group.STREAM, "stream.enabled", null, "keep extracting what arrives in the input (a stream; Delta output)", "--stream"),
    CHECKPOINT(Group.STREAM, "stream.checkpoint", "DIR", "where the stream keeps its progress (one folder per stream)",
            "--checkpoint"),
    TRIGGER(Group.STREAM, "stream.trigger", "WHEN", "how often to look for new input, e.g. '30 seconds', or available-now",
            "--trigger"),
    MAX_FILES_PER_TRIGGER(Group.STREAM, "stream.max-files-per-trigger", "N", "input files per micro-batch at most",
            "--max-files-per-trigger"),
    // EvaluateJob.
    DATASET(Group.EVALUATE, "evaluate.datasets", "NAME=FORMAT:PATH", "a gold dataset, FORMAT conll, spert, jsonl or cluener; repeat for several",
            "--dataset"),
    LABEL_MAP(Group.EVALUATE, "evaluate.label-map", "GOLD=LABEL", "prompt a gold type under another label, e.g. organisation=organization",
            "--label-map"),
    THRESHOLDS(Group.EVALUATE, "evaluate.thresholds", "P", "also report F1 at these, e.g. 0.3,0.4,0.5,0.6", "--thresholds"),
    RELATION_LABELS(Group.EVALUATE, "evaluate.relation-labels", "LABEL",
            "relation labels for datasets with gold relations (default: their gold types)", "--relation-labels"),
    RELATION_THRESHOLD(Group.EVALUATE, "evaluate.relation-threshold", "P", "a relation's tail is kept above this probability",
            "--relation-threshold"),
    LIMIT(Group.EVALUATE, "evaluate.limit", "N", "the first N sentences of each dataset, 0 = all", "--limit"),
    // GraphExportJob.
    FROM(Group.GRAPH_EXPORT, "graph-export.from", "DATE", "first run date, yyyy-MM-dd or today", "--from"),
    TO(Group.GRAPH_EXPORT, "graph-export.to", "DATE", "last run date (inclusive), yyyy-MM-dd or today", "--to"),
    GRAPH_PATH(Group.GRAPH_EXPORT, "graph-export.path", "PATH", "the feed folder (neo4j/ and nquads/), replaced", "--graph-path"),
    MIN_SCORE(Group.GRAPH_EXPORT, "graph-export.min-score", "P", "entities and relations scoring below this are left out",
            "--min-score"),
    BASE_IRI(Group.GRAPH_EXPORT, "graph-export.base-iri", "IRI", "the N-Quads IRIs start with this", "--base-iri");

    /** The options a command takes, by what they are about. */
    public enum Group { INPUT, MODEL, DECODING, BATCHING, RUN, STREAM, OUTPUT, EVALUATE, GRAPH_EXPORT }

    /** Values that are lists (comma-separated, or the option repeated) and maps (KEY=VALUE, repeated). */
    private static final List<CommandOption> LISTS = List.of(LABELS, THRESHOLDS, RELATION_LABELS);
    private static final List<CommandOption> MAPS = List.of(DATASET, LABEL_MAP);
    /** Options that set a second key: a catalog table is the table format. */
    private static final Map<CommandOption, Map<String, String>> IMPLIES = Map.of(INPUT_TABLE, Map.of("input.format", "table"));

    final Group group;
    private final String key;
    final String label;
    final String help;
    final String[] names;

    CommandOption(Group group, String key, String label, String help, String... names) {
        this.group = group;
        this.key = key;
        this.label = label;
        this.help = help;
        this.names = names;
    }

    /** The conf key this option sets in a command whose decoding section is {@code section}. */
    String key(String section) {
        String k = key.replace("{section}", section);
        int eq = k.indexOf('=');
        return eq < 0 ? k : k.substring(0, eq);
    }

    /** A flag sets a fixed value: true, or the value after {@code =} in its key. */
    boolean flag() {
        return label == null;
    }

    Object flagValue() {
        int eq = key.indexOf('=');
        return eq < 0 ? Boolean.TRUE : key.substring(eq + 1);
    }

    boolean list() {
        return LISTS.contains(this);
    }

    boolean map() {
        return MAPS.contains(this);
    }

    Map<String, String> implied() {
        return IMPLIES.getOrDefault(this, Map.of());
    }

    /** Aliases kept for earlier spellings are hidden from --help: NESTED and MULTI_LABEL (use --mode). */
    boolean hidden() {
        return this == NESTED || this == MULTI_LABEL;
    }
}
