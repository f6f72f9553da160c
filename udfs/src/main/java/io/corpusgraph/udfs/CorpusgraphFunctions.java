package io.corpusgraph.udfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;

import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.SettingsException;

/**
 * The SQL functions, for {@link CorpusgraphExtensions} ({@code spark.sql.extensions}) or, in a session that is
 * already running, {@link #register(SparkSession)}:
 * <ul>
 *   <li>{@code corpusgraph_entities(text, labels [, options])} → {@code array<struct<start:int, end:int, text:string,
 *       label:string, score:float>>} ({@link CorpusSchema#SPAN}), offsets in code points, end exclusive;</li>
 *   <li>{@code corpusgraph_relations(text, labels, relation_labels [, options])} → {@code array<struct<head, relation,
 *       tail, score>>} ({@link CorpusSchema#SPAN_RELATION}), head and tail entities as above.</li>
 * </ul>
 * {@code labels} and {@code relation_labels} are {@code array<string>}; {@code options} is a {@code map<string,string>}
 * of conf/extract.conf keys ({@code model.dir}, {@code extraction.threshold}, {@code extraction.mode}, …) over its
 * bundled defaults ({@link FunctionSpecs}). With constant labels and options the settings are read and checked once,
 * when the query is analysed; otherwise once per distinct value on each executor. Each row runs on the executor-wide
 * extractor of the model, the one the batched DataFrame path ({@link CorpusgraphExtract}) uses.
 */
public final class CorpusgraphFunctions {

    public static final String ENTITIES = "corpusgraph_entities";
    public static final String RELATIONS = "corpusgraph_relations";

    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType);
    private static final MapType OPTIONS = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    static final DataType ENTITIES_TYPE = DataTypes.createArrayType(CorpusSchema.SPAN, false);
    static final DataType RELATIONS_TYPE = DataTypes.createArrayType(CorpusSchema.SPAN_RELATION, false);

    private CorpusgraphFunctions() {}

    /** The functions as {@code SparkSessionExtensions.injectFunction} takes them. */
    public static List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>> descriptions() {
        return List.of(
                description(ENTITIES, "_FUNC_(text, labels[, options]) - the entities of text with the given labels, "
                        + "as array<struct<start, end, text, label, score>>", CorpusgraphFunctions::entities),
                description(RELATIONS, "_FUNC_(text, labels, relation_labels[, options]) - the relations between the entities "
                        + "of text, as array<struct<head, relation, tail, score>>", CorpusgraphFunctions::relations));
    }

    /**
     * Registers both functions in a running session (what the extension does when a session starts); a function the
     * session has already (from the extension) is left as it is.
     */
    public static void register(SparkSession spark) {
        FunctionRegistry registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry();
        for (Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>> f : descriptions()) {
            if (!registry.functionExists(f._1())) {
                registry.registerFunction(f._1(), f._2(), f._3());
            }
        }
    }

    private static Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>> description(
            String name, String usage, Function1<Seq<Expression>, Expression> builder) {
        return new Tuple3<>(FunctionIdentifier.apply(name),
                new ExpressionInfo(CorpusgraphFunctions.class.getName(), null, name, usage, ""), builder);
    }

    static Expression entities(Seq<Expression> arguments) {
        List<Expression> args = arguments(ENTITIES, arguments, 2, "(text, labels [, options])");
        check(ENTITIES, "labels", args.get(1), STRINGS, "array('person', 'organization')");
        ExtractionSpec fixed = constant(args.get(1)) && constant(args.get(2))
                ? FunctionSpecs.read(ENTITIES, strings(args.get(1)), null, options(args.get(2))) : null;
        SqlExtraction extraction = new SqlExtraction(ENTITIES, fixed);
        UDF3<String, Object, Object, Seq<Row>> udf = extraction::entities;
        return expression(functions.udf(udf, ENTITIES_TYPE), ENTITIES, args);
    }

    static Expression relations(Seq<Expression> arguments) {
        List<Expression> args = arguments(RELATIONS, arguments, 3, "(text, labels, relation_labels [, options])");
        check(RELATIONS, "labels", args.get(1), STRINGS, "array('person', 'organization')");
        check(RELATIONS, "relation_labels", args.get(2), STRINGS, "array('works for')");
        ExtractionSpec fixed = constant(args.get(1)) && constant(args.get(2)) && constant(args.get(3))
                ? FunctionSpecs.read(RELATIONS, strings(args.get(1)), SqlExtraction.relationLabels(RELATIONS, strings(args.get(2))),
                        options(args.get(3)))
                : null;
        SqlExtraction extraction = new SqlExtraction(RELATIONS, fixed);
        UDF4<String, Object, Object, Object, Seq<Row>> udf = extraction::relations;
        return expression(functions.udf(udf, RELATIONS_TYPE), RELATIONS, args);
    }

    /** The arguments, checked, with an empty options argument added when the call has none. */
    private static List<Expression> arguments(String function, Seq<Expression> arguments, int required, String signature) {
        List<Expression> args = new ArrayList<>(CollectionConverters.asJava(arguments));
        if (args.size() != required && args.size() != required + 1) {
            throw new SettingsException(function + signature + " takes " + required + " or " + (required + 1) + " arguments, got "
                    + args.size());
        }
        if (args.size() == required) {
            args.add(Literal.create(null, OPTIONS));
        }
        check(function, "text", args.get(0), DataTypes.StringType, "a string column");
        check(function, "options", args.get(required), OPTIONS, "map('extraction.threshold', '0.3')");
        return args;
    }

    private static void check(String function, String argument, Expression given, DataType wanted, String example) {
        DataType type = given.dataType();
        // Whether elements or values may be null does not matter.
        boolean ok = type.equals(wanted) || type instanceof NullType
                || (wanted instanceof ArrayType a && type instanceof ArrayType t && t.elementType().equals(a.elementType()))
                || (wanted instanceof MapType m && type instanceof MapType t && t.keyType().equals(m.keyType())
                        && t.valueType().equals(m.valueType()));
        if (!ok) {
            throw new SettingsException(function + ": " + argument + " must be " + wanted.simpleString() + ", e.g. " + example
                    + "; got " + type.simpleString());
        }
    }

    private static Expression expression(org.apache.spark.sql.expressions.UserDefinedFunction udf, String name, List<Expression> args) {
        return UserDefinedFunctionUtils.toScalaUDF((SparkUserDefinedFunction) udf.withName(name),
                CollectionConverters.asScala(args).toList());
    }

    private static boolean constant(Expression e) {
        return e.foldable();
    }

    private static List<String> strings(Expression constant) {
        ArrayData array = (ArrayData) constant.eval(null);
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.numElements(); i++) {
            out.add(array.isNullAt(i) ? null : array.getUTF8String(i).toString());
        }
        return out;
    }

    private static Map<String, String> options(Expression constant) {
        MapData map = (MapData) constant.eval(null);
        Map<String, String> out = new LinkedHashMap<>();
        if (map != null) {
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            for (int i = 0; i < map.numElements(); i++) {
                out.put(keys.getUTF8String(i).toString(), values.isNullAt(i) ? null : values.getUTF8String(i).toString());
            }
        }
        return out;
    }
}
