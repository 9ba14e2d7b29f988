/* ts-sign-in-limiter.c — a token bucket per client address for password checks (C6, R1) */
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-sign-in-limiter.h"

/* Memory stays bounded whatever arrives: past this many addresses, the
 * newcomers share one bucket (an attacker with that many addresses slows
 * down other newcomers, never the addresses already known). */
#define MAX_SOURCES      65536
#define OVERFLOW_SOURCE  "other addresses"
/* At most this many audit rows per flush; the rest are summed into one. */
#define MAX_AUDIT_ROWS   100
#define FLUSH_SECONDS    60

typedef struct
{
  double tokens;
  gint64 updated_us;        /* monotonic */
  guint  refused;           /* since the last flush */
  gint64 first_refused_us;  /* wall clock, for the audit row */
  gint64 last_refused_us;
} Bucket;

typedef struct
{
  char  *source;
  guint  count;
  guint  sources;           /* > 1 for the summed row */
  gint64 from_us;
  gint64 to_us;
} Refusals;

struct _TsSignInLimiter
{
  GObject       parent_instance;

  double        burst;
  double        per_second;
  GHashTable   *buckets;    /* source → Bucket */
  TsDb         *db;
  guint         timeout_id;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TsSignInLimiter, ts_sign_in_limiter, G_TYPE_OBJECT)

static void
refusals_free (gpointer data)
{
  Refusals *r = data;

  g_free (r->source);
  g_free (r);
}

static void
refill (TsSignInLimiter *self,
        Bucket          *bucket,
        gint64           now_us)
{
  double elapsed = (now_us - bucket->updated_us) / (double) G_USEC_PER_SEC;

  bucket->tokens = MIN (self->burst, bucket->tokens + elapsed * self->per_second);
  bucket->updated_us = now_us;
}

static Bucket *
find_bucket (TsSignInLimiter *self,
             const char      *source,
             gboolean         create)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, source);

  if (bucket != NULL || !create)
    return bucket;
  if (g_hash_table_size (self->buckets) >= MAX_SOURCES)
    {
      bucket = g_hash_table_lookup (self->buckets, OVERFLOW_SOURCE);
      if (bucket != NULL)
        return bucket;
      source = OVERFLOW_SOURCE;
    }
  bucket = g_new0 (Bucket, 1);
  bucket->tokens = self->burst;
  bucket->updated_us = g_get_monotonic_time ();
  g_hash_table_insert (self->buckets, g_strdup (source), bucket);
  return bucket;
}

gboolean
ts_sign_in_limiter_admit (TsSignInLimiter  *self,
                          const char       *source,
                          guint            *out_retry_after,
                          GError          **error)
{
  Bucket *bucket;
  double missing;
  guint wait;

  g_return_val_if_fail (TS_IS_SIGN_IN_LIMITER (self), FALSE);

  bucket = find_bucket (self, source, TRUE);
  refill (self, bucket, g_get_monotonic_time ());
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (bucket->refused++ == 0)
    bucket->first_refused_us = g_get_real_time ();
  bucket->last_refused_us = g_get_real_time ();
  missing = (1.0 - bucket->tokens) / self->per_second;   /* seconds until a whole token */
  wait = MAX (1, (guint) missing + ((double) (guint) missing < missing));
  if (out_retry_after != NULL)
    *out_retry_after = wait;
  g_set_error (error, TS_ERROR, TS_ERROR_THROTTLED,
               "Too many sign-in attempts from your address: try again in %u second%s",  /* C6 */
               wait, wait == 1 ? "" : "s");
  return FALSE;
}

void
ts_sign_in_limiter_settle (TsSignInLimiter *self,
                           const char      *source,
                           gboolean         succeeded)
{
  Bucket *bucket;

  g_return_if_fail (TS_IS_SIGN_IN_LIMITER (self));

  bucket = succeeded ? find_bucket (self, source, FALSE) : NULL;
  if (bucket != NULL)
    bucket->tokens = MIN (self->burst, bucket->tokens + 1.0);
}

/* The refusals counted since the last flush, one entry per address up to
 * MAX_AUDIT_ROWS, then one summed entry; idle full buckets are dropped. */
static GPtrArray *
take_refusals (TsSignInLimiter *self)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (refusals_free);
  Refusals *rest = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 now_us = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Bucket *bucket = value;

      if (bucket->refused > 0)
        {
          Refusals *r = rows->len < MAX_AUDIT_ROWS ? g_new0 (Refusals, 1) : rest;

          if (r == NULL)
            {
              r = rest = g_new0 (Refusals, 1);
              r->source = g_strdup (OVERFLOW_SOURCE);
              r->from_us = bucket->first_refused_us;
            }
          if (r->source == NULL)
            {
              r->source = g_strdup (key);
              r->from_us = bucket->first_refused_us;
              g_ptr_array_add (rows, r);
            }
          r->count += bucket->refused;
          r->sources++;
          r->from_us = MIN (r->from_us, bucket->first_refused_us);
          r->to_us = MAX (r->to_us, bucket->last_refused_us);
          bucket->refused = 0;
        }
      refill (self, bucket, now_us);
      if (bucket->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
  if (rest != NULL)
    g_ptr_array_add (rows, rest);
  return rows;
}

static gboolean
write_refusals (PGconn    *conn,
                gpointer   data,
                GError   **error)
{
  GPtrArray *rows = data;

  if (!ts_db_begin (conn, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      Refusals *r = g_ptr_array_index (rows, i);
      g_autofree char *count = g_strdup_printf ("%u", r->count);
      g_autofree char *sources = g_strdup_printf ("%u", r->sources);
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, r->from_us);
      g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, r->to_us);
      const char *params[] = { r->source, count, sources, from, to };
      g_autoptr(PGresult) result = NULL;

      /* No outlet context: a system entry, which the Master User reads. */
      result = ts_pg_exec (conn,
          "SELECT ts_audit ('sign_in_throttled', 'address', $1, NULL, NULL,"
          "  jsonb_build_object ('count', $2::integer, 'addresses', $3::integer,"
          "    'from', to_timestamp ($4::double precision / 1e6),"
          "    'to', to_timestamp ($5::double precision / 1e6),"
          "    'reason', 'too many attempts from this address'))",
          5, params, error);
      if (result == NULL)
        return FALSE;
    }
  return ts_pg_exec_simple (conn, "COMMIT", error);
}

static void
flush_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ts_db_run_finish (TS_DB (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Auditing refused sign-in attempts: %s", error->message);
  g_ptr_array_unref (user_data);
}

void
ts_sign_in_limiter_flush (TsSignInLimiter *self)
{
  GPtrArray *rows;

  g_return_if_fail (TS_IS_SIGN_IN_LIMITER (self));

  rows = take_refusals (self);
  if (rows->len == 0 || self->db == NULL)
    {
      g_ptr_array_unref (rows);
      return;
    }
  ts_db_run_async (self->db, write_refusals, rows, self->cancellable, flush_done, rows);
}

static gboolean
on_timeout (gpointer user_data)
{
  ts_sign_in_limiter_flush (TS_SIGN_IN_LIMITER (user_data));
  return G_SOURCE_CONTINUE;
}

void
ts_sign_in_limiter_stop (TsSignInLimiter *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TS_IS_SIGN_IN_LIMITER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->db == NULL)
    return;
  rows = take_refusals (self);
  if (rows->len > 0 && !ts_db_run_sync (self->db, write_refusals, rows, &error))
    g_warning ("Auditing refused sign-in attempts: %s", error->message);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->db);
}

void
ts_sign_in_limiter_set_rate (TsSignInLimiter *self,
                             guint            burst,
                             guint            per_minute)
{
  g_return_if_fail (TS_IS_SIGN_IN_LIMITER (self));
  g_return_if_fail (burst >= 1 && per_minute >= 1);

  self->burst = burst;
  self->per_second = per_minute / 60.0;
  g_hash_table_remove_all (self->buckets);
}

guint
ts_sign_in_limiter_get_size (TsSignInLimiter *self)
{
  return g_hash_table_size (self->buckets);
}

static void
ts_sign_in_limiter_dispose (GObject *object)
{
  TsSignInLimiter *self = TS_SIGN_IN_LIMITER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ts_sign_in_limiter_parent_class)->dispose (object);
}

static void
ts_sign_in_limiter_finalize (GObject *object)
{
  TsSignInLimiter *self = TS_SIGN_IN_LIMITER (object);

  g_hash_table_unref (self->buckets);
  G_OBJECT_CLASS (ts_sign_in_limiter_parent_class)->finalize (object);
}

static void
ts_sign_in_limiter_class_init (TsSignInLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_sign_in_limiter_dispose;
  object_class->finalize = ts_sign_in_limiter_finalize;
}

static void
ts_sign_in_limiter_init (TsSignInLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

TsSignInLimiter *
ts_sign_in_limiter_new (TsDb  *db,
                        guint  burst,
                        guint  per_minute)
{
  TsSignInLimiter *self = g_object_new (TS_TYPE_SIGN_IN_LIMITER, NULL);

  g_return_val_if_fail (db == NULL || TS_IS_DB (db), NULL);

  self->db = db ? g_object_ref (db) : NULL;
  ts_sign_in_limiter_set_rate (self, burst, per_minute);
  self->timeout_id = g_timeout_add_seconds (FLUSH_SECONDS, on_timeout, self);
  return self;
}
