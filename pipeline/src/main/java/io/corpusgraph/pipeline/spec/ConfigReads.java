package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.Checks;
import io.corpusgraph.pipeline.SettingsException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /** The key of the time zone that says which date {@code today} is. */
    public static final String TIMEZONE = "run.timezone";

    /**
     * The zone of {@code today}: {@code run.timezone}, a zone id ({@code UTC}, {@code Europe/Berlin}, {@code +02:00})
     * or {@code driver} (the driver JVM's zone). UTC when the conf has no such key.
     */
    public static ZoneId zone(Config c) {
        if (!c.hasPath(TIMEZONE)) {
            return ZoneOffset.UTC;
        }
        String value = c.getString(TIMEZONE).strip();
        if (value.equals("driver")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new SettingsException(TIMEZONE + " = " + value + ": not a time zone; use UTC, driver, a region such as "
                    + "Europe/Berlin, or an offset such as +02:00");
        }
    }

    /**
     * yyyy-MM-dd, or {@code today} (in the zone of {@code run.timezone}, {@link #zone}). Plain years only: Java also reads {@code +10000-01-01}, which Spark's date
     * columns and the run_date partitions cannot hold.
     */
    public static LocalDate date(Config c, String key) {
        String value = c.getString(key).strip();
        if (value.equals("today")) {
            return LocalDate.now(zone(c));
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
