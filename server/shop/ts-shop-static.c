/* ts-shop-static.c — serves data/shop/ from the resources, with versioned
 * links so browsers may keep them a year */
#include <gio/gio.h>
#include <string.h>

#include "ts-shop-resources.h"
#include "ts-shop-static.h"

#define STATIC_RESOURCE "/org/tessera/shop/static/"
#define ONE_YEAR_S (365 * 24 * 3600)

static const struct
{
  const char *name;
  const char *type;
} files[] = {
  { "shop.css",   "text/css; charset=utf-8" },
  { "shop.js",    "text/javascript; charset=utf-8" },
  { "seatmap.js", "text/javascript; charset=utf-8" },
};

static const char *
file_type (const char *file)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (files); i++)
    if (g_str_equal (files[i].name, file))
      return files[i].type;
  return NULL;
}

/* The first 12 hex digits of the file's SHA-256, computed once. */
static const char *
file_hash (const char *file)
{
  static GMutex lock;
  static GHashTable *hashes;
  const char *hash;

  g_mutex_lock (&lock);
  if (hashes == NULL)
    hashes = g_hash_table_new (g_str_hash, g_str_equal);
  hash = g_hash_table_lookup (hashes, file);
  if (hash == NULL)
    {
      g_autofree char *path = g_strconcat (STATIC_RESOURCE, file, NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (ts_shop_resources_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      if (bytes != NULL)
        {
          g_autofree char *full = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
          char *short_hash = g_strndup (full, 12);

          g_hash_table_insert (hashes, g_strdup (file), short_hash);
          hash = short_hash;
        }
    }
  g_mutex_unlock (&lock);
  return hash;
}

char *
ts_shop_static_url (const char *file)
{
  const char *hash = file_type (file) != NULL ? file_hash (file) : NULL;

  if (hash == NULL)
    return NULL;
  return g_strdup_printf ("/shop/static/%s?v=%s", file, hash);
}

gboolean
ts_shop_static_respond (TsShopRequest *req,
                        const char    *file)
{
  const char *type = file_type (file);
  const char *hash;
  const char *v = ts_shop_query_get (req, "v");
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (type == NULL)
    return FALSE;
  path = g_strconcat (STATIC_RESOURCE, file, NULL);
  bytes = g_resource_lookup_data (ts_shop_resources_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return FALSE;
  hash = file_hash (file);
  ts_shop_respond_bytes (req, type, bytes, NULL);
  /* A versioned link never changes; an unversioned one may at the next
   * release, so it is kept only for a while. */
  if (v != NULL && g_strcmp0 (v, hash) == 0)
    {
      ts_shop_set_cache (req, ONE_YEAR_S);
      req->immutable = TRUE;
    }
  else
    ts_shop_set_cache (req, 300);
  g_free (req->etag);
  req->etag = g_strdup_printf ("\"%s\"", hash);
  return TRUE;
}
