/* ts-address-editor-private.h — what the tests choose in an address as a
 * person would, and what they read of the choices offered */
#pragma once

#include "ts-address-editor.h"

G_BEGIN_DECLS

/* Picks the country (its English name, as stored; NULL for "Other
 * country", whose name is then typed) and the province or state (its code,
 * or the text typed where there is no list); FALSE when either is not
 * offered. */
gboolean _ts_address_editor_choose           (TsAddressEditor *self,
                                              const char      *country,
                                              const char      *region);
/* Whether the province or state is chosen from a list (Canada, the United
 * States), and how many it offers. */
gboolean _ts_address_editor_region_is_listed (TsAddressEditor *self,
                                              guint           *n_choices);

G_END_DECLS
