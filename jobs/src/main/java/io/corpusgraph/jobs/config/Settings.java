package io.corpusgraph.jobs.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.typesafe.config.Config;

import io.corpusgraph.jobs.JobSetupException;

/** Typed reads of single settings whose error messages name the key and the allowed values. */
final class Settings {
    private Settings() {}

    static String nonBlank(Config c, String key) {
        String value = c.getString(key).strip();
        if (value.isEmpty()) {
            throw new JobSetupException(key + " is empty: set it in the conf file or with --set " + key + "=...");
        }
        return value;
    }

    static int atLeast(Config c, String key, int min) {
        int value = c.getInt(key);
        if (value < min) {
            throw new JobSetupException(key + " = " + value + ": must be at least " + min);
        }
        return value;
    }

    /** yyyy-MM-dd, or {@code today}. */
    static LocalDate date(Config c, String key) {
        String value = c.getString(key).strip();
        if (value.equals("today")) {
            return LocalDate.now();
        }
        try {
            return RunDates.checked(key, LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw new JobSetupException(key + " = " + value + ": not a date; use yyyy-MM-dd or today");
        }
    }

    /** {@code multi-label} in a conf file is the constant {@code MULTI_LABEL}. */
    static <E extends Enum<E>> E choice(Config c, String key, Class<E> type) {
        String value = c.getString(key).strip();
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equals(value.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Settings::spelling).collect(Collectors.joining(", "));
        throw new JobSetupException(key + " = " + value + ": must be one of " + allowed);
    }

    private static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
