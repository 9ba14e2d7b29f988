/* ts-season-page.h — the Events section: season setup for the owning
 * outlet's Box Office Manager and up (C4): events and their performances,
 * ticket types, commission tables and theatre maps */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_PAGE (ts_season_page_get_type ())
G_DECLARE_FINAL_TYPE (TsSeasonPage, ts_season_page, TS, SEASON_PAGE, GtkBox)

/* Properties: "busy" (requests under way), "message" (the line under the
 * tabs).  Actions: "season.reload" (F5), "season.show-tab" ("s": events,
 * ticket-types, commission-tables or maps); each tab adds its own. */
TsSeasonPage *ts_season_page_new         (TsApiClient  *client);

G_END_DECLS
