/* ts-season-page-private.h — the season page's tabs, by name, for the tests
 * that drive them */
#pragma once

#include "ts-season-page.h"

G_BEGIN_DECLS

/* "events", "ticket-types", "commission-tables", "faces", "partners" or
 * "maps"; NULL
 * for any other name. */
GtkWidget *_ts_season_page_get_tab (TsSeasonPage *self,
                                    const char   *name);

G_END_DECLS
