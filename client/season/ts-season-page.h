/* ts-season-page.h — the Events section: season setup for the owning
 * outlet's Box Office Manager and up (C4): events and their performances,
 * ticket types, commission tables and theatre maps */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_PAGE (ts_season_page_get_type ())
G_DECLARE_FINAL_TYPE (TsSeasonPage, ts_season_page, TS, SEASON_PAGE, GtkBox)

TsSeasonPage *ts_season_page_new                   (TsApiClient  *client);
/* Lists everything again from the server (F5). */
void          ts_season_page_reload                (TsSeasonPage *self);
/* "events", "ticket-types", "commission-tables" or "maps" */
void          ts_season_page_show_tab              (TsSeasonPage *self,
                                                    const char   *name);

/* For tests: the lists (of TsJsonItem), choosing a row as a click would,
 * whether requests are still under way, and the page's message. */
GListModel   *ts_season_page_get_events            (TsSeasonPage *self);
GListModel   *ts_season_page_get_performances      (TsSeasonPage *self);
GListModel   *ts_season_page_get_ticket_types      (TsSeasonPage *self);
GListModel   *ts_season_page_get_commission_tables (TsSeasonPage *self);
gboolean      ts_season_page_select                (TsSeasonPage *self,
                                                    GListModel   *list,
                                                    gint64        id);
gboolean      ts_season_page_is_idle               (TsSeasonPage *self);
const char   *ts_season_page_get_message           (TsSeasonPage *self);

G_END_DECLS
