/* ts-report-view-private.h — what the tests reach of TsReportView: the
 * parameters as a person would set them, and the exports to a given file */
#pragma once

#include "ts-report-view.h"

G_BEGIN_DECLS

/* Types the period (NULL leaves a field as it is). */
void        _ts_report_view_set_period   (TsReportView  *self,
                                          const char    *from,
                                          const char    *to);
/* Chooses a group by its key; FALSE when the report has no such group. */
gboolean    _ts_report_view_choose_group (TsReportView  *self,
                                          const char    *group);
/* Chooses an event (then its performances load) or a performance by id;
 * FALSE while it is not in the list. */
gboolean    _ts_report_view_choose_event (TsReportView  *self,
                                          gint64         event_id);
gboolean    _ts_report_view_choose_performance (TsReportView *self,
                                                gint64        performance_id);
/* The last report answered, or NULL. */
JsonObject *_ts_report_view_get_report   (TsReportView  *self);
/* The exports, written to file without asking where. */
gboolean    _ts_report_view_export_csv   (TsReportView  *self,
                                          GFile         *file,
                                          GError       **error);
gboolean    _ts_report_view_export_pdf   (TsReportView  *self,
                                          GFile         *file,
                                          GError       **error);
/* Printing exported to a PDF file (GTK_PRINT_OPERATION_ACTION_EXPORT). */
gboolean    _ts_report_view_print_to     (TsReportView  *self,
                                          const char    *filename,
                                          GError       **error);
/* What the event and performance lists hold (besides their first line). */
guint       _ts_report_view_count_events (TsReportView  *self);
guint       _ts_report_view_count_performances (TsReportView *self);
/* The K5 list: how many partner companies it offers; chooses which list
 * (FALSE: by their answer; TRUE: who booked) and whether only yes. */
guint       _ts_report_view_count_partners (TsReportView  *self);
void        _ts_report_view_choose_list    (TsReportView  *self,
                                            gboolean       booked,
                                            gboolean       marketing);

G_END_DECLS
