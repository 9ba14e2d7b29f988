/* ts-patrons-page-private.h — a query typed as a person would, for the
 * tests (without the search field's pause) */
#pragma once

#include "ts-patrons-page.h"

G_BEGIN_DECLS

void _ts_patrons_page_search (TsPatronsPage *self,
                              const char    *text);

G_END_DECLS
