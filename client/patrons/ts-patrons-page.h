/* ts-patrons-page.h — the Patrons section: search-as-you-type over the shared
 * directory (P6) and the way to each patron's record */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRONS_PAGE (ts_patrons_page_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronsPage, ts_patrons_page, TS, PATRONS_PAGE, GtkWidget)

TsPatronsPage *ts_patrons_page_new        (TsApiClient   *client);
/* For tests: type a query as a person would; the results' model. */
void           ts_patrons_page_search     (TsPatronsPage *self,
                                           const char    *text);
GListModel    *ts_patrons_page_get_model  (TsPatronsPage *self);
gboolean       ts_patrons_page_is_idle    (TsPatronsPage *self);

G_END_DECLS
