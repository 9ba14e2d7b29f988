/* ts-ticket-signer.c — a ticket's barcode, signed with its owning outlet's key (rules F2, F5) */
#include "ts-ticket-signer.h"

#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"

/* Seeds by database and outlet: a key never changes once stored, and one
 * process may serve several databases (the tests do), so the cache key names
 * the database as well as the outlet. */
static GMutex cache_lock;
static GHashTable *cache;   /* "host|port|db|outlet" → 32-byte seed */

static char *
cache_key (PGconn *conn, int outlet_id)
{
  return g_strdup_printf ("%s|%s|%s|%d", PQhost (conn) ? PQhost (conn) : "",
                          PQport (conn) ? PQport (conn) : "", PQdb (conn) ? PQdb (conn) : "",
                          outlet_id);
}

static gboolean
decode_bytea (const char *text, guint8 *out, gsize len)
{
  size_t n = 0;
  unsigned char *bytes = PQunescapeBytea ((const unsigned char *) text, &n);
  gboolean ok = bytes != NULL && n == len;

  if (ok)
    memcpy (out, bytes, len);
  PQfreemem (bytes);
  return ok;
}

static gboolean
read_seed (PGconn  *conn,
           int      outlet_id,
           guint8   seed[TS_TICKET_SEED_BYTES],
           gboolean *found,
           GError **error)
{
  g_autofree char *outlet = g_strdup_printf ("%d", outlet_id);
  const char *params[] = { outlet };
  g_autoptr (PGresult) result = ts_pg_exec (conn, "SELECT seed FROM ts_ticket_key ($1::integer)",
                                            1, params, error);

  if (result == NULL)
    return FALSE;
  *found = PQntuples (result) > 0;
  if (*found && !decode_bytea (PQgetvalue (result, 0, 0), seed, TS_TICKET_SEED_BYTES))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INTERNAL, "An outlet's ticket key is damaged");
      return FALSE;
    }
  return TRUE;
}

static char *
bytea_literal (const guint8 *bytes, gsize len)
{
  GString *text = g_string_new ("\\x");

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  return g_string_free (text, FALSE);
}

static gboolean
outlet_seed (PGconn  *conn,
             int      outlet_id,
             guint8   seed[TS_TICKET_SEED_BYTES],
             GError **error)
{
  g_autofree char *key = cache_key (conn, outlet_id);
  gboolean found = FALSE;

  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    {
      const guint8 *cached = g_hash_table_lookup (cache, key);

      if (cached != NULL)
        {
          memcpy (seed, cached, TS_TICKET_SEED_BYTES);
          found = TRUE;
        }
    }
  g_mutex_unlock (&cache_lock);
  if (found)
    return TRUE;

  if (!read_seed (conn, outlet_id, seed, &found, error))
    return FALSE;
  if (!found)
    {
      guint8 fresh[TS_TICKET_SEED_BYTES], public_key[TS_TICKET_KEY_BYTES];
      g_autofree char *outlet = g_strdup_printf ("%d", outlet_id);
      g_autofree char *seed_text = NULL;
      g_autofree char *public_text = NULL;
      g_autoptr (PGresult) created = NULL;

      ts_ticket_seed_new (fresh);
      ts_ticket_key_from_seed (fresh, public_key);
      seed_text = bytea_literal (fresh, sizeof fresh);
      public_text = bytea_literal (public_key, sizeof public_key);
      {
        const char *params[] = { outlet, seed_text, public_text };

        created = ts_pg_exec (conn, "SELECT ts_ticket_key_create ($1::integer, $2::bytea, $3::bytea)",
                              3, params, error);
      }
      if (created == NULL)
        return FALSE;
      /* Another request may have stored its key first: read what won. */
      if (!read_seed (conn, outlet_id, seed, &found, error))
        return FALSE;
      if (!found)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_INTERNAL, "An outlet's ticket key could not be made");
          return FALSE;
        }
      /* Not cached yet: this transaction may still roll back, and a seed
       * kept from it would sign with a key the database never stored. */
      return TRUE;
    }

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (cache, g_steal_pointer (&key), g_memdup2 (seed, TS_TICKET_SEED_BYTES));
  g_mutex_unlock (&cache_lock);
  return TRUE;
}

char *
ts_ticket_signer_code (PGconn  *conn,
                       int      outlet_id,
                       gint64   ticket_number,
                       int      version,
                       GError **error)
{
  guint8 seed[TS_TICKET_SEED_BYTES];
  char *code;

  if (!outlet_seed (conn, outlet_id, seed, error))
    return NULL;
  code = ts_ticket_code_sign (outlet_id, ticket_number, version, seed);
  memset (seed, 0, sizeof seed);
  return code;
}

gboolean
ts_ticket_signer_public_key (PGconn  *conn,
                             int      outlet_id,
                             guint8   out[TS_TICKET_KEY_BYTES],
                             GError **error)
{
  guint8 seed[TS_TICKET_SEED_BYTES];

  if (!outlet_seed (conn, outlet_id, seed, error))
    return FALSE;
  ts_ticket_key_from_seed (seed, out);
  memset (seed, 0, sizeof seed);
  return TRUE;
}
