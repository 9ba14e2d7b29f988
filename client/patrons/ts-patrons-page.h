/* ts-patrons-page.h — the Patrons section: search-as-you-type over the shared
 * directory (P6) and the way to each patron's record */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRONS_PAGE (ts_patrons_page_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronsPage, ts_patrons_page, TS, PATRONS_PAGE, GtkWidget)

/* Properties: "busy" (a search under way), "patrons" (the results so far,
 * TsJsonItem rows). */
TsPatronsPage *ts_patrons_page_new (TsApiClient *client);

G_END_DECLS
