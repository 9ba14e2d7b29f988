/* ts-demo-season.h — a season to sell in the demo (`--demo-season`) */
#pragma once

#include "ts-db.h"

G_BEGIN_DECLS

/* Loads venues, events, performances on sale, ticket types, holds, patrons
 * and a few sales, unless the database already has events.  Needs the demo
 * consortium (ts_demo_data_load). */
gboolean ts_demo_season_load (TsDb    *db,
                              GError **error);

G_END_DECLS
