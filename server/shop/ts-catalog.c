/* ts-catalog.c — reads gettext .mo catalogues for the storefront's pages */
#include <string.h>

#include "ts-catalog.h"
#include "ts-error.h"

#define MO_MAGIC 0x950412deU

struct _TsCatalog
{
  GHashTable *strings;   /* msgid → msgstr */
};

static guint32
read_u32 (const guint8 *data,
          gsize         offset,
          gboolean      swap)
{
  guint32 value;

  memcpy (&value, data + offset, 4);
  return swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The string of table entry i, checked to lie inside the file. */
static gboolean
table_string (const guint8 *data,
              gsize         size,
              guint32       table,
              guint32       i,
              gboolean      swap,
              const char  **out,
              gsize        *out_len)
{
  gsize entry = (gsize) table + (gsize) i * 8;
  guint32 len, offset;

  if (entry + 8 > size)
    return FALSE;
  len = read_u32 (data, entry, swap);
  offset = read_u32 (data, entry + 4, swap);
  if ((gsize) offset + len >= size || data[offset + len] != '\0')
    return FALSE;
  *out = (const char *) data + offset;
  *out_len = len;
  return TRUE;
}

TsCatalog *
ts_catalog_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(TsCatalog) self = NULL;
  gsize size = 0;
  gboolean swap;
  guint32 n, originals, translations, i;

  if (!g_file_get_contents (path, (char **) &data, &size, error))
    return NULL;
  if (size < 28)
    goto bad;
  if (read_u32 (data, 0, FALSE) == MO_MAGIC)
    swap = FALSE;
  else if (read_u32 (data, 0, TRUE) == MO_MAGIC)
    swap = TRUE;
  else
    goto bad;
  n = read_u32 (data, 8, swap);
  originals = read_u32 (data, 12, swap);
  translations = read_u32 (data, 16, swap);

  self = g_new0 (TsCatalog, 1);
  self->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 0; i < n; i++)
    {
      const char *id, *str;
      gsize id_len, str_len;

      if (!table_string (data, size, originals, i, swap, &id, &id_len)
          || !table_string (data, size, translations, i, swap, &str, &str_len))
        goto bad;
      /* the header (msgid "") and untranslated entries are left out */
      if (id_len == 0 || str_len == 0)
        continue;
      /* a plural's forms are NUL-separated: the first is the key and the
       * translation of the singular */
      g_hash_table_replace (self->strings, g_strdup (id), g_strdup (str));
    }
  return g_steal_pointer (&self);

bad:
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s is not a gettext catalogue", path);
  return NULL;
}

TsCatalog *
ts_catalog_get (const char *lang)
{
  static GMutex lock;
  static GHashTable *catalogs;   /* lang → TsCatalog or NULL, for the process */
  TsCatalog *catalog;

  g_mutex_lock (&lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  if (!g_hash_table_lookup_extended (catalogs, lang, NULL, (gpointer *) &catalog))
    {
      const char *dir = g_getenv ("TESSERA_LOCALEDIR");
      g_autofree char *path = g_build_filename (dir != NULL && *dir != '\0' ? dir : LOCALEDIR,
                                                lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      g_autoptr(GError) error = NULL;

      catalog = ts_catalog_new_from_file (path, &error);
      /* once a process: the storefront still works, in English */
      if (catalog == NULL)
        g_warning ("The storefront's catalogue for “%s” was not found, so its pages are in English only: %s "
                   "(install the translations, or set TESSERA_LOCALEDIR)", lang, error->message);
      g_hash_table_insert (catalogs, g_strdup (lang), catalog);
    }
  g_mutex_unlock (&lock);
  return catalog;
}

const char *
ts_catalog_lookup (TsCatalog  *self,
                   const char *msgid)
{
  const char *str;

  if (self == NULL)
    return msgid;
  str = g_hash_table_lookup (self->strings, msgid);
  return str != NULL ? str : msgid;
}

guint
ts_catalog_get_size (TsCatalog *self)
{
  return self != NULL ? g_hash_table_size (self->strings) : 0;
}

void
ts_catalog_free (TsCatalog *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->strings, g_hash_table_unref);
  g_free (self);
}
