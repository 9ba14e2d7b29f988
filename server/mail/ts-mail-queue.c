/* ts-mail-queue.c — the mail_queue's sender thread: LISTEN, claim, SMTP, mark */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libpq-fe.h>

#include "ts-db.h"
#include "ts-mail-message.h"
#include "ts-mail-queue.h"

#define POLL_SECONDS      5     /* due mail is looked for this often without a NOTIFY */
#define RECONNECT_SECONDS 5

struct _TsMailQueue
{
  GObject         parent_instance;

  char           *conninfo;
  TsSmtpSettings *settings;
  guint           retry_seconds;
  GThread        *thread;
  GCancellable   *cancellable;   /* cancelled by stop: the SMTP exchange under way ends */
  int             wake_fds[2];   /* a byte written here ends the thread's wait */
  gboolean        stopping;      /* atomic */
  guint           sent;          /* atomic */
};

G_DEFINE_FINAL_TYPE (TsMailQueue, ts_mail_queue, G_TYPE_OBJECT)

static gboolean
is_stopping (TsMailQueue *self)
{
  return g_atomic_int_get (&self->stopping);
}

/* Waits for a NOTIFY, a wake-up or the timeout; FALSE when the connection
 * broke. */
static gboolean
wait_for_work (TsMailQueue *self,
               PGconn      *conn,
               guint        seconds)
{
  struct pollfd fds[2] = {
    { .fd = self->wake_fds[0], .events = POLLIN },
    { .fd = conn != NULL ? PQsocket (conn) : -1, .events = POLLIN },
  };
  gboolean alive = TRUE;
  PGnotify *pending;

  /* A NOTIFY that came in with the last query's answer is in libpq's
   * buffer already: the socket would not wake us for it. */
  if (conn != NULL && PQconsumeInput (conn) && (pending = PQnotifies (conn)) != NULL)
    {
      PQfreemem (pending);
      while ((pending = PQnotifies (conn)) != NULL)
        PQfreemem (pending);
      return TRUE;
    }
  if (poll (fds, conn != NULL ? 2 : 1, (int) seconds * 1000) < 0 && errno != EINTR)
    g_usleep (G_USEC_PER_SEC);
  if (fds[0].revents & POLLIN)
    {
      char buffer[64];

      while (read (self->wake_fds[0], buffer, sizeof buffer) > 0)
        ;
    }
  if (conn != NULL && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)))
    {
      PGnotify *notify;

      if (!PQconsumeInput (conn))
        alive = FALSE;
      while ((notify = PQnotifies (conn)) != NULL)
        PQfreemem (notify);
    }
  return alive && PQstatus (conn) == CONNECTION_OK;
}

static PGconn *
connect_and_listen (TsMailQueue *self)
{
  g_autoptr(GError) error = NULL;
  /* the pool's defaults: a connect timeout, and the primary among the
   * hosts listed (LISTEN and the queue's writes are refused on a standby) */
  PGconn *conn = ts_db_connect (self->conninfo, &error);
  PGresult *result;

  if (conn == NULL)
    {
      g_message ("Mail: %s; trying again in %d s", error->message, RECONNECT_SECONDS);
      return NULL;
    }
  result = PQexec (conn, "LISTEN tessera_mail");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_message ("Mail: cannot LISTEN (%s)", g_strchomp (PQerrorMessage (conn)));
      PQclear (result);
      PQfinish (conn);
      return NULL;
    }
  PQclear (result);
  PQsetnonblocking (conn, 0);
  return conn;
}

static gboolean
command_ok (PGconn     *conn,
            const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;

  PQclear (result);
  return ok;
}

static gboolean
call (PGconn      *conn,
      const char  *sql,
      int          n,
      const char **params)
{
  PGresult *result = PQexecParams (conn, sql, n, NULL, params, NULL, NULL, 0);
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK || PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok)
    g_warning ("Mail: %s", g_strchomp (PQerrorMessage (conn)));
  PQclear (result);
  return ok;
}

/* One message, in one transaction: claimed, sent, marked.  FALSE when
 * nothing was due or the database failed (the round ends). */
static gboolean
send_one (TsMailQueue *self,
          PGconn      *conn)
{
  PGresult *claimed;
  g_autofree char *id = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sent;

  if (!command_ok (conn, "BEGIN"))
    return FALSE;
  claimed = PQexec (conn, "SELECT id, recipient, subject, body FROM ts_mail_claim ()");
  if (PQresultStatus (claimed) != PGRES_TUPLES_OK || PQntuples (claimed) == 0)
    {
      if (PQresultStatus (claimed) != PGRES_TUPLES_OK)
        g_warning ("Mail: %s", g_strchomp (PQerrorMessage (conn)));
      PQclear (claimed);
      command_ok (conn, "ROLLBACK");
      return FALSE;
    }
  id = g_strdup (PQgetvalue (claimed, 0, 0));
  recipient = g_strdup (PQgetvalue (claimed, 0, 1));
  message_id = ts_mail_message_new_id (self->settings->from);
  message = ts_mail_message_format (self->settings->from, recipient, PQgetvalue (claimed, 0, 2),
                                    PQgetvalue (claimed, 0, 3), g_get_real_time () / G_USEC_PER_SEC,
                                    message_id);
  PQclear (claimed);

  sent = ts_smtp_send (self->settings, recipient, message, self->cancellable, &error);
  if (sent)
    {
      if (!call (conn, "SELECT ts_mail_sent ($1::bigint, $2)", 2, (const char *[]) { id, message_id })
          || !command_ok (conn, "COMMIT"))
        {
          /* Taken by the SMTP server but not marked: it will be sent again
           * (at least once, never lost). */
          command_ok (conn, "ROLLBACK");
          return FALSE;
        }
      g_atomic_int_inc (&self->sent);
      return TRUE;
    }
  else
    {
      g_autofree char *base = g_strdup_printf ("%u", self->retry_seconds);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* stopping: left as it was, for whichever server runs next */
          command_ok (conn, "ROLLBACK");
          return FALSE;
        }
      g_message ("Mail: message %s not sent (%s); it waits and is tried again", id, error->message);
      if (!call (conn, "SELECT ts_mail_failed ($1::bigint, $2, $3::integer)", 3,
                 (const char *[]) { id, error->message, base }))
        command_ok (conn, "ROLLBACK");
      else
        command_ok (conn, "COMMIT");
      /* The SMTP server is likely down for the others too: wait for the
       * next round rather than try every message now. */
      return FALSE;
    }
}

static gpointer
run (gpointer data)
{
  TsMailQueue *self = data;
  PGconn *conn = NULL;

  while (!is_stopping (self))
    {
      if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
        {
          g_clear_pointer (&conn, PQfinish);
          conn = connect_and_listen (self);
          if (conn == NULL)
            {
              wait_for_work (self, NULL, RECONNECT_SECONDS);
              continue;
            }
        }
      while (!is_stopping (self) && send_one (self, conn))
        ;
      if (!is_stopping (self) && !wait_for_work (self, conn, POLL_SECONDS))
        g_clear_pointer (&conn, PQfinish);
    }
  g_clear_pointer (&conn, PQfinish);
  return NULL;
}

static void
ts_mail_queue_finalize (GObject *object)
{
  TsMailQueue *self = TS_MAIL_QUEUE (object);

  ts_mail_queue_stop (self);
  g_free (self->conninfo);
  ts_smtp_settings_free (self->settings);
  g_clear_object (&self->cancellable);
  if (self->wake_fds[0] >= 0)
    {
      close (self->wake_fds[0]);
      close (self->wake_fds[1]);
    }
  G_OBJECT_CLASS (ts_mail_queue_parent_class)->finalize (object);
}

static void
ts_mail_queue_class_init (TsMailQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_mail_queue_finalize;
}

static void
ts_mail_queue_init (TsMailQueue *self)
{
  g_autoptr(GError) error = NULL;

  self->cancellable = g_cancellable_new ();
  if (!g_unix_open_pipe (self->wake_fds, FD_CLOEXEC, &error)
      || !g_unix_set_fd_nonblocking (self->wake_fds[0], TRUE, &error)
      || !g_unix_set_fd_nonblocking (self->wake_fds[1], TRUE, &error))
    g_error ("Mail: cannot make a pipe: %s", error->message);
}

TsMailQueue *
ts_mail_queue_new (const char           *conninfo,
                   const TsSmtpSettings *settings,
                   guint                 retry_seconds)
{
  TsMailQueue *self = g_object_new (TS_TYPE_MAIL_QUEUE, NULL);

  self->conninfo = g_strdup (conninfo);
  self->settings = ts_smtp_settings_copy (settings);
  self->retry_seconds = MAX (retry_seconds, 1);
  return self;
}

void
ts_mail_queue_start (TsMailQueue *self)
{
  g_return_if_fail (TS_IS_MAIL_QUEUE (self));
  g_return_if_fail (self->thread == NULL);

  if (self->settings->host == NULL || self->settings->host[0] == '\0' || self->settings->from == NULL)
    {
      /* Said once: the queue keeps every message until a server with
       * smtp-host and mail-from set sends it. */
      g_message ("Mail: smtp-host or mail-from is not set; mail waits in the queue until a server with them sends it");
      return;
    }
  self->thread = g_thread_new ("tessera-mail", run, self);
}

void
ts_mail_queue_wake (TsMailQueue *self)
{
  g_return_if_fail (TS_IS_MAIL_QUEUE (self));

  if (write (self->wake_fds[1], "w", 1) < 0 && errno != EAGAIN)
    g_warning ("Mail: cannot wake the sender: %s", g_strerror (errno));
}

void
ts_mail_queue_stop (TsMailQueue *self)
{
  g_return_if_fail (TS_IS_MAIL_QUEUE (self));

  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->stopping, TRUE);
  g_cancellable_cancel (self->cancellable);
  ts_mail_queue_wake (self);
  g_thread_join (g_steal_pointer (&self->thread));
}

guint
ts_mail_queue_get_sent (TsMailQueue *self)
{
  g_return_val_if_fail (TS_IS_MAIL_QUEUE (self), 0);

  return (guint) g_atomic_int_get (&self->sent);
}
