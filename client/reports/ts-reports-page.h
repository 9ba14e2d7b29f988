/* ts-reports-page.h — the Reports section: each employee's till for a day
 * (A4), and for Box Office Managers the accounts between outlets, their
 * settlement report and recording a settlement (A2, A3) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_PAGE (ts_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsPage, ts_reports_page, TS, REPORTS_PAGE, GtkWidget)

TsReportsPage *ts_reports_page_new                (TsApiClient   *client);

/* For tests, as a person would use the page. */
gboolean       ts_reports_page_is_idle            (TsReportsPage *self);
/* "till" or "outlets"; FALSE if the caller's level has no such tab. */
gboolean       ts_reports_page_show_tab           (TsReportsPage *self,
                                                   const char    *name);
/* The tabs shown ("till", "outlets"), or none with the explanation. */
gboolean       ts_reports_page_has_tab            (TsReportsPage *self,
                                                   const char    *name);
const char    *ts_reports_page_get_explanation    (TsReportsPage *self);
void           ts_reports_page_show_till          (TsReportsPage *self,
                                                   const char    *date);
const char    *ts_reports_page_get_till_date      (TsReportsPage *self);
GListModel    *ts_reports_page_get_till           (TsReportsPage *self);
GListModel    *ts_reports_page_get_balances       (TsReportsPage *self);
gboolean       ts_reports_page_show_settlement    (TsReportsPage *self,
                                                   gint64         counterparty_id,
                                                   const char    *from,
                                                   const char    *to);
JsonObject    *ts_reports_page_get_settlement     (TsReportsPage *self);
/* Presses Record Settlement…: the confirmation dialog opens (a
 * GtkMessageDialog, answered GTK_RESPONSE_ACCEPT to record). */
void           ts_reports_page_record_settlement  (TsReportsPage *self);
const char    *ts_reports_page_get_message        (TsReportsPage *self);

G_END_DECLS
