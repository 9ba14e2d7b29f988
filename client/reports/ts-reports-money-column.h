/* ts-reports-money-column.h — a right-aligned column of amounts for the
 * reports' lists: a row's cents member, or one method of its "by_method" */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new column (full reference) showing member of each TsJsonItem row, or
 * with method, that member of its "by_method" object; "—" when absent. */
GtkColumnViewColumn *ts_reports_money_column_new    (const char    *title,
                                                     const char    *member,
                                                     gboolean       method);
void                 ts_reports_money_column_append (GtkColumnView *view,
                                                     const char    *title,
                                                     const char    *member);

G_END_DECLS
