/* ts-db.c — worker threads that each own a libpq connection */
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-db.h"

/* Defaults that the configured conninfo may override (it is expanded after
 * them): a database that does not answer fails a connection attempt after
 * this long (per host of a list) rather than holding a worker for minutes,
 * and a peer that vanished without closing the connection is noticed by TCP
 * keepalives. */
#define CONNECT_TIMEOUT_SECONDS "5"

struct _TsDb
{
  GObject      parent_instance;

  char        *conninfo;
  guint        size;
  GThreadPool *workers;
  GAsyncQueue *idle;          /* PGconn* ready for use; as many as workers */
  gint         unavailable;   /* atomic: the last attempt failed; logged once until one works */
};

G_DEFINE_FINAL_TYPE (TsDb, ts_db, G_TYPE_OBJECT)

typedef struct
{
  TsDbWorkFunc func;
  gpointer     data;
} Job;

/* libpq's text on one line, for the log. */
static char *
describe_failure (PGconn *conn)
{
  g_autofree char *text = g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory");

  g_strdelimit (text, "\n\t", ' ');
  return g_strdup (g_strstrip (text));
}

/* One warning when the database goes away, one message when it is back:
 * the log says what happened (libpq's words, which clients never see)
 * without a line for every refused request. */
static void
note_outage (TsDb       *self,
             const char *reason)
{
  if (g_atomic_int_compare_and_exchange (&self->unavailable, FALSE, TRUE))
    g_warning ("The database is unavailable (%s); requests answer 503 until it is back", reason);
}

static void
note_available (TsDb *self)
{
  if (g_atomic_int_compare_and_exchange (&self->unavailable, TRUE, FALSE))
    g_message ("The database is available again");
}

static gboolean
prepare_connection (PGconn  *conn,
                    GError **error)
{
  /* Timestamps leave the server in UTC; outlets convert to their own zone. */
  return ts_pg_exec_simple (conn, "SET TIME ZONE 'UTC'; SET application_name = 'tessera-server'", error);
}

/* Every connection of the server (the pools', the live feed's, the mail
 * sender's) is made with these.  expand_dbname: the conninfo (key=value or
 * URI) is spread into its parameters where "dbname" stands, so it overrides
 * what comes before it, and application_name, after it, wins.
 *
 * target_session_attrs=read-write: every part of the server writes, so only
 * a primary will do.  With a list of hosts (host=a,b port=p,q) libpq tries
 * them in turn and keeps the first that accepts writes; after a standby was
 * promoted, that is the new primary, and a standby not promoted yet is
 * refused like a database that is down (503 until the promotion). */
static PGconn *
connect_with_defaults (const char *conninfo,
                       const char *application_name)
{
  const char * const keywords[] = {
    "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
    "target_session_attrs", "dbname", application_name != NULL ? "application_name" : NULL, NULL
  };
  const char * const values[] = {
    CONNECT_TIMEOUT_SECONDS, "1", "30", "10", "3", "read-write", conninfo, application_name, NULL
  };

  return PQconnectdbParams (keywords, values, TRUE);
}

/* A new, prepared connection, or NULL with libpq's reason in *out_reason. */
static PGconn *
open_connection (TsDb  *self,
                 char **out_reason)
{
  PGconn *conn = connect_with_defaults (self->conninfo, NULL);

  if (PQstatus (conn) != CONNECTION_OK || !prepare_connection (conn, NULL))
    {
      *out_reason = describe_failure (conn);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

PGconn *
ts_db_connect (const char  *conninfo,
               GError     **error)
{
  return ts_db_connect_as (conninfo, NULL, error);
}

PGconn *
ts_db_connect_as (const char  *conninfo,
                  const char  *application_name,
                  GError     **error)
{
  PGconn *conn;

  g_return_val_if_fail (conninfo != NULL, NULL);

  conn = connect_with_defaults (conninfo, application_name);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *reason = describe_failure (conn);

      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "Cannot connect to the database: %s", reason);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

/* A database that only reads: a standby (in_hot_standby, PostgreSQL 14
 * and later report it, and report its change at promotion), or one made
 * read-only.  The connection is of no use to the server: closed, the next
 * one goes through the host list to the primary. */
static gboolean
is_read_only (PGconn *conn)
{
  return g_strcmp0 (PQparameterStatus (conn, "in_hot_standby"), "on") == 0
         || g_strcmp0 (PQparameterStatus (conn, "default_transaction_read_only"), "on") == 0;
}

/* After a job answered `unavailable`: was it the connection (lost, or
 * refused by a database shutting down, or one that only reads), or only the
 * statement (a timeout, a busy database)?  libpq may still say
 * CONNECTION_OK after a failed write, so ask the server: a failed
 * transaction is ended, an idle connection answers an empty query. */
static gboolean
connection_usable (PGconn *conn)
{
  g_autoptr(PGresult) result = NULL;

  if (PQstatus (conn) != CONNECTION_OK || is_read_only (conn))
    return FALSE;
  result = PQexec (conn, PQtransactionStatus (conn) == PQTRANS_IDLE ? "" : "ROLLBACK");
  return result != NULL
         && (PQresultStatus (result) == PGRES_EMPTY_QUERY || PQresultStatus (result) == PGRES_COMMAND_OK);
}

static gboolean
run_job (TsDb     *self,
         Job      *job,
         GError  **error)
{
  PGconn *conn = g_async_queue_pop (self->idle);
  gboolean ok = FALSE;
  GError *local_error = NULL;

  /* The queue holds a sentinel for "not connected". */
  if (conn == (PGconn *) self || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *reason = NULL;

      if (conn != (PGconn *) self)
        PQfinish (conn);
      conn = open_connection (self, &reason);
      if (conn == NULL)
        {
          note_outage (self, reason);
          g_set_error_literal (&local_error, TS_ERROR, TS_ERROR_UNAVAILABLE, TS_PG_UNAVAILABLE_MESSAGE);
        }
    }

  if (conn != NULL)
    {
      g_autofree char *reason = NULL;

      ok = job->func (conn, job->data, &local_error);
      if (g_error_matches (local_error, TS_ERROR, TS_ERROR_UNAVAILABLE))
        reason = describe_failure (conn);
      if (reason != NULL && !connection_usable (conn))
        {
          /* The connection broke under the job: start afresh. */
          note_outage (self, reason);
          g_clear_pointer (&conn, PQfinish);
        }
      else
        {
          note_available (self);
          /* Leave no transaction open for the next job, whatever the handler did. */
          if (PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) != PQTRANS_IDLE)
            {
              PGresult *r = PQexec (conn, "ROLLBACK");
              PQclear (r);
            }
        }
    }

  g_async_queue_push (self->idle, conn != NULL ? (gpointer) conn : (gpointer) self);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return ok;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  g_autoptr(GTask) task = data;
  TsDb *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (run_job (self, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
ts_db_finalize (GObject *object)
{
  TsDb *self = TS_DB (object);

  ts_db_close (self);
  g_async_queue_unref (self->idle);
  g_free (self->conninfo);

  G_OBJECT_CLASS (ts_db_parent_class)->finalize (object);
}

static void
ts_db_class_init (TsDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_db_finalize;
}

static void
ts_db_init (TsDb *self)
{
  self->idle = g_async_queue_new ();
}

TsDb *
ts_db_new (const char  *conninfo,
           guint        size,
           GError     **error)
{
  g_autoptr(TsDb) self = g_object_new (TS_TYPE_DB, NULL);
  g_autofree char *reason = NULL;
  PGconn *first;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  self->conninfo = g_strdup (conninfo);
  self->size = size;

  /* Connect one now so a bad conninfo fails at start-up with its reason
   * (for the administrator, on the console); the rest connect on first use. */
  first = open_connection (self, &reason);
  if (first == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "Cannot connect to the database: %s", reason);
      return NULL;
    }
  g_async_queue_push (self->idle, first);
  for (guint i = 1; i < size; i++)
    g_async_queue_push (self->idle, self);

  /* Exclusive: the threads start now and live as long as the pool, one per
   * connection, rather than coming and going from GLib's shared pool. */
  self->workers = g_thread_pool_new (worker, self, (int) size, TRUE, error);
  if (self->workers == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

guint
ts_db_get_size (TsDb *self)
{
  return self->size;
}

guint
ts_db_get_queued (TsDb *self)
{
  g_return_val_if_fail (TS_IS_DB (self), 0);
  return self->workers != NULL ? g_thread_pool_unprocessed (self->workers) : 0;
}

void
ts_db_close (TsDb *self)
{
  GThreadPool *workers;
  gpointer item;

  g_return_if_fail (TS_IS_DB (self));

  workers = g_steal_pointer (&self->workers);
  if (workers != NULL)
    /* Every job handed over runs to its end, then the threads end. */
    g_thread_pool_free (workers, FALSE, TRUE);
  while ((item = g_async_queue_try_pop (self->idle)) != NULL)
    if (item != (gpointer) self)
      PQfinish (item);
}

void
ts_db_run_async (TsDb                *self,
                 TsDbWorkFunc         func,
                 gpointer             data,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task;
  Job *job;
  GError *error = NULL;

  g_return_if_fail (TS_IS_DB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ts_db_run_async);
  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  g_task_set_task_data (task, job, g_free);

  if (self->workers == NULL)
    {
      g_task_return_new_error (task, TS_ERROR, TS_ERROR_UNAVAILABLE, "The server is stopping");
      g_object_unref (task);
    }
  else if (!g_thread_pool_push (self->workers, task, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
    }
}

gboolean
ts_db_run_finish (TsDb          *self,
                  GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ts_db_run_sync (TsDb          *self,
                TsDbWorkFunc   func,
                gpointer       data,
                GError       **error)
{
  Job job = { func, data };

  g_return_val_if_fail (TS_IS_DB (self), FALSE);

  if (self->workers == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_UNAVAILABLE, "The server is stopping");
      return FALSE;
    }
  return run_job (self, &job, error);
}

gboolean
ts_db_begin (PGconn  *conn,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ts_pg_exec_simple (conn, "BEGIN", &local_error))
    return TRUE;

  /* An idle connection only notices a database restart when used.  BEGIN
   * changed nothing, so it is safe to reconnect and try once more; if that
   * fails too the database is down, and the pool starts afresh next time. */
  if (g_error_matches (local_error, TS_ERROR, TS_ERROR_UNAVAILABLE))
    {
      PQreset (conn);
      if (PQstatus (conn) == CONNECTION_OK
          && prepare_connection (conn, NULL)
          && ts_pg_exec_simple (conn, "BEGIN", error))
        return TRUE;
      if (error != NULL && *error != NULL)
        return FALSE;
      g_set_error_literal (error, TS_ERROR, TS_ERROR_UNAVAILABLE, TS_PG_UNAVAILABLE_MESSAGE);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
ts_db_commit (PGconn  *conn,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ts_pg_exec_simple (conn, "COMMIT", &local_error))
    return TRUE;

  /* The COMMIT was sent but no answer came back: it may have been applied
   * or not, and only the database knows.  Saying "unavailable, retry" would
   * invite repeating a change that may already be there; an order retried
   * with the same key is never sold twice (S2), anything else must be
   * checked first. */
  if (g_error_matches (local_error, TS_ERROR, TS_ERROR_UNAVAILABLE))
    {
      g_autofree char *reason = describe_failure (conn);

      g_warning ("The connection to the database was lost during a COMMIT (%s): its outcome is unknown",
                 reason);
      g_set_error_literal (error, TS_ERROR, TS_ERROR_UNAVAILABLE, TS_DB_OUTCOME_UNKNOWN_MESSAGE);
      return FALSE;
    }
  /* Refused at commit (a deferred check, a serialisation failure): rolled back. */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
