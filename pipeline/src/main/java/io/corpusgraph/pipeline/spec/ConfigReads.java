package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.Checks;
import io.corpusgraph.pipeline.SettingsException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.typesafe.config.Config;

/** Typed reads of single settings whose error messages name the key and the allowed values. */
public final class ConfigReads {
    private ConfigReads() {}

    public static String nonBlank(Config c, String key) {
        String value = c.getString(key).strip();
        if (value.isEmpty()) {
            throw new SettingsException(key + " is empty: set it in the conf file or with --set " + key + "=...");
        }
        return value;
    }

    public static int atLeast(Config c, String key, int min) {
        return Checks.atLeast(key, c.getInt(key), min);
    }

    public static double probability(Config c, String key) {
        return Checks.probability(key, c.getDouble(key));
    }

    /**
     * yyyy-MM-dd, or {@code today}. Plain years only: Java also reads {@code +10000-01-01}, which Spark's date
     * columns and the run_date partitions cannot hold.
     */
    public static LocalDate date(Config c, String key) {
        String value = c.getString(key).strip();
        if (value.equals("today")) {
            return LocalDate.now();
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new SettingsException(key + " = " + value + ": not a date; use yyyy-MM-dd or today");
        }
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new SettingsException(key + " = " + value + ": not a date; use yyyy-MM-dd (years 0001 to 9999) or today");
        }
        return date;
    }

    /** {@code multi-label} in a conf file is the constant {@code MULTI_LABEL}. */
    public static <E extends Enum<E>> E choice(Config c, String key, Class<E> type) {
        String value = c.getString(key).strip();
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equals(value.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(ConfigReads::spelling).collect(Collectors.joining(", "));
        throw new SettingsException(key + " = " + value + ": must be one of " + allowed);
    }

    private static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
