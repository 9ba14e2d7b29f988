/* ts-report-columns.h — what a report's columns are called and how their
 * cells are written, on screen and in a CSV file: one place for every
 * report of the contract's shape (columns with a key and a kind) */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The column's label for people, translated; the key itself for a key the
 * client does not know yet (a newer server). */
const char *ts_report_column_label     (const char *key);
/* Whether a column of this kind is a number, right aligned. */
gboolean    ts_report_kind_is_numeric  (const char *kind);
/* A cell for the screen: money through ts_format_money, times in the
 * outlet's zone, percentages with one decimal; "" when absent or null. */
char       *ts_report_cell_text        (JsonObject *row,
                                        const char *key,
                                        const char *kind);
/* A cell for a file: the same, but cents as 12.34 (a point, no symbol,
 * no grouping) and percentages as 12.5, so a spreadsheet reads numbers. */
char       *ts_report_cell_plain       (JsonObject *row,
                                        const char *key,
                                        const char *kind);
/* A value of a text column a person reads translated (channels, yes or
 * no, the end of day's lines…): the value itself when it is not one the
 * client knows. */
const char *ts_report_value_label      (const char *key,
                                        const char *value);

G_END_DECLS
