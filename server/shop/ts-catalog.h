/* ts-catalog.h — a gettext .mo catalogue read by the server itself, so the
 * storefront speaks French without the system's locales */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TsCatalog TsCatalog;

/* Reads a .mo file (either byte order).  Contexts and plurals are kept
 * under their msgid (the first form). */
TsCatalog  *ts_catalog_new_from_file (const char  *path,
                                      GError     **error);
/* The catalogue of lang ("fr") for the storefront: $TESSERA_LOCALEDIR, else
 * LOCALEDIR, lang/LC_MESSAGES/tessera.mo; read once.  NULL when there is
 * none (the pages are then in English, and the server warns once: the
 * storefront asks for "fr" at start). */
TsCatalog  *ts_catalog_get           (const char  *lang);
/* The translation, or msgid itself when the catalogue has none. */
const char *ts_catalog_lookup        (TsCatalog   *self,
                                      const char  *msgid);
guint       ts_catalog_get_size      (TsCatalog   *self);
void        ts_catalog_free          (TsCatalog   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsCatalog, ts_catalog_free)

G_END_DECLS
