package io.corpusgraph.jobs.config;

import java.time.LocalDate;

import io.corpusgraph.jobs.JobSetupException;

/**
 * Dates parsed from settings must be plain yyyy-MM-dd: Java also reads {@code +10000-01-01} or
 * {@code -0001-01-01}, which Spark's date columns and the run_date partitions cannot hold.
 */
public final class RunDates {

    private RunDates() {}

    public static LocalDate checked(String key, LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new JobSetupException(key + " = " + date + ": not a date; use yyyy-MM-dd (years 0001 to 9999) or today");
        }
        return date;
    }
}
