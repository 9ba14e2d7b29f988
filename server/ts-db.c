/* ts-db.c — worker threads that each own a libpq connection */
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-db.h"

struct _TsDb
{
  GObject      parent_instance;

  char        *conninfo;
  guint        size;
  GThreadPool *workers;
  GAsyncQueue *idle;          /* PGconn* ready for use; as many as workers */
};

G_DEFINE_FINAL_TYPE (TsDb, ts_db, G_TYPE_OBJECT)

typedef struct
{
  TsDbWorkFunc func;
  gpointer     data;
} Job;

static gboolean
prepare_connection (PGconn  *conn,
                    GError **error)
{
  /* Timestamps leave the server in UTC; outlets convert to their own zone. */
  return ts_pg_exec_simple (conn, "SET TIME ZONE 'UTC'; SET application_name = 'tessera-server'", error);
}

static PGconn *
connect_or_reset (TsDb     *self,
                  PGconn   *conn,
                  GError  **error)
{
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK)
    return conn;

  if (conn != NULL)
    PQreset (conn);
  else
    conn = PQconnectdb (self->conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "Cannot connect to the database: %s", PQerrorMessage (conn));
      return conn;
    }
  if (!prepare_connection (conn, error))
    return conn;
  return conn;
}

static gboolean
run_job (TsDb     *self,
         Job      *job,
         GError  **error)
{
  PGconn *conn = g_async_queue_pop (self->idle);
  gboolean ok = FALSE;
  GError *local_error = NULL;

  /* The queue holds a sentinel for "not connected yet". */
  if (conn == (PGconn *) self)
    conn = NULL;

  conn = connect_or_reset (self, conn, &local_error);
  if (local_error == NULL)
    {
      ok = job->func (conn, job->data, &local_error);
      /* Leave no transaction open for the next job, whatever the handler did. */
      if (PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) != PQTRANS_IDLE)
        {
          PGresult *r = PQexec (conn, "ROLLBACK");
          PQclear (r);
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
  gpointer item;

  g_thread_pool_free (self->workers, FALSE, TRUE);
  while ((item = g_async_queue_try_pop (self->idle)) != NULL)
    if (item != (gpointer) self)
      PQfinish (item);
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
  PGconn *first;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  self->conninfo = g_strdup (conninfo);
  self->size = size;

  /* Connect one now so a bad conninfo fails at start-up with its reason;
   * the rest connect on first use. */
  first = connect_or_reset (self, NULL, error);
  if (PQstatus (first) != CONNECTION_OK || (error != NULL && *error != NULL))
    {
      PQfinish (first);
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
  return g_thread_pool_unprocessed (self->workers);
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

  if (!g_thread_pool_push (self->workers, task, &error))
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
  return run_job (self, &job, error);
}

gboolean
ts_db_begin (PGconn  *conn,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ts_pg_exec_simple (conn, "BEGIN", &local_error))
    return TRUE;

  /* An idle connection only notices a database restart when used. */
  if (ts_pg_conn_is_broken (conn))
    {
      PQreset (conn);
      if (!ts_pg_conn_is_broken (conn)
          && ts_pg_exec_simple (conn, "SET TIME ZONE 'UTC'", NULL)
          && ts_pg_exec_simple (conn, "BEGIN", error))
        return TRUE;
      if (error != NULL && *error != NULL)
        return FALSE;
      g_set_error (error, TS_ERROR, TS_ERROR_UNAVAILABLE,
                   "The database is unavailable: %s", PQerrorMessage (conn));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
