/* ts-live.c — LISTEN tessera_seats and fan the payloads out over WebSockets
 *
 * The LISTEN connection is one non-blocking libpq connection watched on the
 * main loop through its socket (PQsocket): made in a thread of GIO's pool
 * (ts_db_connect_as: with the pool's connect timeout for each host of a
 * list, and the primary among them), then PQsendQuery for the LISTEN, then
 * PQconsumeInput and PQnotifies whenever the socket is readable.  If it
 * breaks it is made again with back-off, and every subscriber is then told
 * to reload its map, since notifications sent meanwhile were lost.
 *
 * A viewer is one WebSocket.  The upgrade is refused (401) unless the bearer
 * token names a live session; each subscription is checked in a database
 * worker under the caller's own context (ts_performance_viewable), so the
 * rules that guard a performance's sales map guard its updates too (P7).
 * What was granted is asked again at once when it may have changed: the
 * same connection LISTENs on tessera_access, where migration 018's triggers
 * name the employee whose session or level changed and the performance
 * whose sellers changed; a timer fires when the session expires or a
 * sellers' window closes; and every minute, everything is asked again.
 * Payloads are read only for their performance_id and forwarded as they
 * came, never re-serialized.
 */
#include <string.h>

#include <glib-unix.h>

#include "ts-error.h"
#include "ts-http-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-request.h"
#include "ts-validate.h"
#include "ts-live.h"

#define KEEPALIVE_SECONDS       30     /* a ping keeps NAT and proxies from dropping an idle feed */
#define BACKOFF_FIRST_MS        100
#define BACKOFF_MAX_MS          10000
#define MAX_MESSAGE_BYTES       1024   /* {"subscribe": 2147483647} is 25 */
#define MAX_SUBSCRIPTIONS       64     /* performances per connection */
#define MAX_CHECKS_IN_FLIGHT    8      /* subscriptions being checked, per connection */
#define RECHECK_SECONDS         60     /* the safety net: what no notification says (a resigned date) */
#define DEADLINE_MARGIN_MS      20     /* a recheck just after a session expires or a window closes */
#define DEADLINE_MIN_MS         50
#define DEADLINE_MAX_MS         (3600 * 1000)

typedef enum
{
  LISTENER_WAITING,     /* no connection: a retry is scheduled, or we stopped */
  LISTENER_CONNECTING,  /* a thread connects */
  LISTENER_STARTING,    /* LISTEN sent, its result not read yet */
  LISTENER_LISTENING,
} ListenerState;

/* One WebSocket.  Reference-counted: a subscription being checked in a
 * worker keeps it alive after the socket closed. */
typedef struct
{
  TsLive                  *live;         /* NULL once dropped */
  SoupWebsocketConnection *ws;           /* NULL once dropped */
  char                    *token_hash;
  char                    *peer;
  GHashTable              *subscribed;   /* performance ids, as GINT_TO_POINTER */
  GHashTable              *wanted;       /* subscribed, or asked for and being checked */
  guint                    checking;     /* subscriptions being checked */
  gboolean                 rechecking;
  gboolean                 recheck_again; /* asked for while a recheck was out */
  gint64                   employee_id;  /* whose session: access changes name it */
  guint                    epoch;        /* counts the access changes that concern it */
  GSource                 *deadline;     /* a recheck when the session expires or a window closes */
  gint64                   deadline_at;  /* g_get_real_time () of that, 0: none */
} Viewer;

struct _TsLive
{
  GObject        parent_instance;

  char          *conninfo;
  TsDb          *db;
  TsProxyTrust  *proxy_trust;   /* whose X-Forwarded-For names the viewer */
  gboolean       verbose;
  gboolean       stopped;
  GMainContext  *context;
  char          *path;

  /* the LISTEN connection */
  PGconn        *conn;
  ListenerState  state;
  GSource       *watch;            /* on PQsocket () */
  int            watch_fd;
  GIOCondition   watch_condition;
  GSource       *timer;            /* the retry after back-off */
  guint          attempt;          /* counts connections asked for: a late one is dropped */
  guint          backoff_ms;
  guint          failures;         /* attempts failed since the last LISTEN */
  gboolean       lost;             /* was listening, is reconnecting */
  char          *last_notice;      /* the server's last word ("terminating connection …") */

  GSource       *recheck_timer;
  GHashTable    *viewers;          /* Viewer*, owning a reference */
  GHashTable    *subscriptions;    /* performance id → GHashTable set of Viewer* */
};

G_DEFINE_FINAL_TYPE (TsLive, ts_live, G_TYPE_OBJECT)

static void listener_connect (TsLive *self);
static void viewer_recheck (TsLive *self, Viewer *viewer);

/* Viewers ------------------------------------------------------------------- */

static void
viewer_clear (gpointer data)
{
  Viewer *viewer = data;

  if (viewer->deadline != NULL)
    g_source_destroy (viewer->deadline);
  g_clear_pointer (&viewer->deadline, g_source_unref);
  g_clear_object (&viewer->ws);
  g_free (viewer->token_hash);
  g_free (viewer->peer);
  g_hash_table_unref (viewer->subscribed);
  g_hash_table_unref (viewer->wanted);
}

static Viewer *
viewer_ref (Viewer *viewer)
{
  return g_rc_box_acquire (viewer);
}

static void
viewer_unref (Viewer *viewer)
{
  g_rc_box_release_full (viewer, viewer_clear);
}

static gpointer
performance_key (gint64 performance_id)
{
  /* ids are positive 32-bit integers (checked on the way in) */
  return GINT_TO_POINTER ((int) performance_id);
}

static void
viewer_send (Viewer     *viewer,
             const char *text)
{
  if (viewer->ws != NULL
      && soup_websocket_connection_get_state (viewer->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (viewer->ws, text);
}

static void
viewer_send_json (Viewer   *viewer,
                  JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  viewer_send (viewer, text);
}

static gboolean
viewer_is_open (Viewer *viewer)
{
  return viewer->ws != NULL && soup_websocket_connection_get_state (viewer->ws) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Closes once: answers that come back after the close began change nothing. */
static void
viewer_close (Viewer     *viewer,
              gushort     code,
              const char *reason)
{
  if (viewer_is_open (viewer))
    soup_websocket_connection_close (viewer->ws, code, reason);
}

/* {"subscribed": N} or {"unsubscribed": N} */
static void
viewer_send_answer (Viewer     *viewer,
                    const char *member,
                    gint64      performance_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, performance_id);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  viewer_send_json (viewer, node);
}

/* {"error": message, "code": wire name, "performance_id": N}; the id only
 * when the message named one. */
static void
viewer_send_error (Viewer       *viewer,
                   const GError *error,
                   gint64        performance_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  TsErrorCode code = error->domain == TS_ERROR ? (TsErrorCode) error->code : TS_ERROR_INTERNAL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, ts_error_code_to_string (code));
  if (performance_id > 0)
    {
      json_builder_set_member_name (builder, "performance_id");
      json_builder_add_int_value (builder, performance_id);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  viewer_send_json (viewer, node);
}

static void
subscription_add (TsLive *self,
                  Viewer *viewer,
                  gint64  performance_id)
{
  gpointer key = performance_key (performance_id);
  GHashTable *viewers = g_hash_table_lookup (self->subscriptions, key);

  if (viewers == NULL)
    {
      viewers = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (self->subscriptions, key, viewers);
    }
  g_hash_table_add (viewers, viewer);
  g_hash_table_add (viewer->subscribed, key);
}

static void
subscription_remove (TsLive   *self,
                     Viewer   *viewer,
                     gpointer  key)
{
  GHashTable *viewers = g_hash_table_lookup (self->subscriptions, key);

  if (viewers != NULL && g_hash_table_remove (viewers, viewer) && g_hash_table_size (viewers) == 0)
    g_hash_table_remove (self->subscriptions, key);
}

/* Forgets a viewer whose socket closed (or that we close): out of every
 * subscription, no more signals.  Its last reference may go with it. */
static void
viewer_drop (TsLive *self,
             Viewer *viewer)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, viewer->subscribed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    subscription_remove (self, viewer, key);
  g_hash_table_remove_all (viewer->subscribed);
  g_hash_table_remove_all (viewer->wanted);

  if (self->verbose)
    g_message ("%s live: closed", viewer->peer ? viewer->peer : "-");
  if (viewer->ws != NULL)
    g_signal_handlers_disconnect_by_data (viewer->ws, viewer);
  g_clear_object (&viewer->ws);
  if (viewer->deadline != NULL)
    g_source_destroy (viewer->deadline);
  g_clear_pointer (&viewer->deadline, g_source_unref);
  viewer->live = NULL;
  g_hash_table_remove (self->viewers, viewer);
}

/* Sends text to every viewer of a set.  A send can fail and close its
 * connection at once, which would change the set under our feet: send to a
 * copy. */
static void
send_to_all (GHashTable *viewers,
             const char *text)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) viewer_unref);
  GHashTableIter iter;
  gpointer viewer;

  g_hash_table_iter_init (&iter, viewers);
  while (g_hash_table_iter_next (&iter, &viewer, NULL))
    g_ptr_array_add (targets, viewer_ref (viewer));
  for (guint i = 0; i < targets->len; i++)
    viewer_send (g_ptr_array_index (targets, i), text);
}

/* The listener -------------------------------------------------------------- */

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
listener_close (TsLive *self)
{
  clear_source (&self->watch);
  clear_source (&self->timer);
  g_clear_pointer (&self->conn, PQfinish);
  self->state = LISTENER_WAITING;
}

static gboolean
retry_due (gpointer user_data)
{
  TsLive *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  listener_connect (self);
  return G_SOURCE_REMOVE;
}

static void
start_timer (TsLive      *self,
             guint        interval_ms,
             GSourceFunc  func)
{
  clear_source (&self->timer);
  self->timer = g_timeout_source_new (interval_ms);
  g_source_set_callback (self->timer, func, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* libpq's messages span lines ("server closed the connection
 * unexpectedly\n\tThis probably means…"): one line for the log. */
static char *
one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (line, "%s%s", line->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Drops the connection and tries again later, saying so in the log. */
static void
listener_fail (TsLive     *self,
               const char *reason)
{
  g_autofree char *why = one_line (reason != NULL ? reason
                                   : self->conn != NULL ? PQerrorMessage (self->conn)
                                   : "out of memory");
  g_autofree char *notice = self->last_notice ? one_line (self->last_notice) : NULL;
  gboolean was_listening = self->state == LISTENER_LISTENING;

  g_clear_pointer (&self->last_notice, g_free);
  listener_close (self);
  if (self->stopped)
    return;

  if (was_listening)
    self->lost = TRUE;
  else
    self->failures++;
  if (was_listening)
    g_message ("Live updates: lost the LISTEN connection (%s%s%s); reconnecting in %u ms",
               why, notice ? "; " : "", notice ? notice : "", self->backoff_ms);
  else if (self->failures == 1 || self->verbose)
    g_message ("Live updates: cannot LISTEN (%s); retrying in %u ms, then with back-off up to %u s",
               why, self->backoff_ms, BACKOFF_MAX_MS / 1000);

  start_timer (self, self->backoff_ms, retry_due);
  self->backoff_ms = MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
}

static gboolean listener_ready (int fd, GIOCondition condition, gpointer user_data);

/* Watches the connection's socket. */
static void
listener_watch (TsLive       *self,
                GIOCondition  condition)
{
  int fd = PQsocket (self->conn);

  if (fd < 0)
    {
      listener_fail (self, NULL);
      return;
    }
  if (self->watch != NULL && self->watch_fd == fd && self->watch_condition == condition)
    return;
  clear_source (&self->watch);
  self->watch = g_unix_fd_source_new (fd, condition);
  self->watch_fd = fd;
  self->watch_condition = condition;
  g_source_set_callback (self->watch, G_SOURCE_FUNC (listener_ready), self, NULL);
  g_source_attach (self->watch, self->context);
}

static void
listener_notice (void       *user_data,
                 const char *message)
{
  TsLive *self = user_data;

  g_free (self->last_notice);
  self->last_notice = g_strdup (message);
}

static void listener_send_listen (TsLive *self);

typedef struct
{
  char  *conninfo;
  guint  attempt;
} Connecting;

static void
connecting_free (Connecting *connecting)
{
  g_free (connecting->conninfo);
  g_free (connecting);
}

/* Blocking, in a thread: libpq applies connect_timeout to each host of a
 * list only when it blocks.  Driven by PQconnectPoll on the main loop, a
 * first host that never answers (its machine gone, behind TCP) would hold
 * every attempt until a timeout of ours, and the next attempt would start
 * at the same host: never reaching the promoted standby. */
static void
connect_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Connecting *connecting = task_data;
  GError *error = NULL;
  PGconn *conn = ts_db_connect_as (connecting->conninfo, TS_LIVE_APPLICATION_NAME, &error);

  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  TsLive *self = TS_LIVE (source);
  Connecting *connecting = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  /* stopped, or given up meanwhile */
  if (self->stopped || self->state != LISTENER_CONNECTING || connecting->attempt != self->attempt)
    {
      g_clear_pointer (&conn, PQfinish);
      return;
    }
  if (conn == NULL)
    {
      listener_fail (self, error->message);
      return;
    }
  self->conn = conn;
  PQsetNoticeProcessor (self->conn, listener_notice, self);
  listener_send_listen (self);
}

static void
listener_connect (TsLive *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, connected, NULL);
  Connecting *connecting = g_new0 (Connecting, 1);

  listener_close (self);
  connecting->conninfo = g_strdup (self->conninfo);
  connecting->attempt = ++self->attempt;
  g_task_set_task_data (task, connecting, (GDestroyNotify) connecting_free);
  self->state = LISTENER_CONNECTING;
  g_task_run_in_thread (task, connect_in_thread);
}

/* Sends what libpq has buffered and watches for input (and for room to send
 * the rest, if any).  FALSE when the connection failed. */
static gboolean
listener_flush (TsLive *self)
{
  int pending = PQflush (self->conn);

  if (pending < 0)
    {
      listener_fail (self, NULL);
      return FALSE;
    }
  listener_watch (self, pending > 0 ? G_IO_IN | G_IO_OUT : G_IO_IN);
  return self->conn != NULL;
}

static void
listener_send_listen (TsLive *self)
{
  /* two statements: the simple protocol (PQsendQuery), never with input */
  if (PQsetnonblocking (self->conn, 1) != 0
      || !PQsendQuery (self->conn, "LISTEN " TS_LIVE_CHANNEL "; LISTEN " TS_LIVE_ACCESS_CHANNEL))
    {
      listener_fail (self, NULL);
      return;
    }
  self->state = LISTENER_STARTING;
  listener_flush (self);
}

/* LISTEN is in place: whatever was published while we were not listening
 * is lost, so everyone subscribed reloads, and every connection's access is
 * asked again (a sign-out may have been missed). */
static void
listener_started (TsLive *self)
{
  GHashTableIter iter;
  gpointer key, viewers;
  gboolean was_lost;

  if (self->failures > 0)
    g_message ("Live updates: listening again after %u failed attempt%s",
               self->failures, self->failures == 1 ? "" : "s");
  else if (self->lost)
    g_message ("Live updates: listening again");
  was_lost = self->lost || self->failures > 0;
  self->state = LISTENER_LISTENING;
  self->lost = FALSE;
  self->failures = 0;
  self->backoff_ms = BACKOFF_FIRST_MS;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, &key, &viewers))
    {
      g_autofree char *reload = g_strdup_printf ("{\"performance_id\": %d, \"reload\": true}",
                                                 GPOINTER_TO_INT (key));

      send_to_all (viewers, reload);
    }
  if (was_lost)
    ts_live_recheck (self);
}

/* The id a payload names in member (performance_id, employee_id); the rest
 * is the clients' business. */
static gboolean
payload_id (const char *payload,
            const char *name,
            gint64     *out_id)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *member;

  if (!json_parser_load_from_data (parser, payload, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  member = json_object_get_member (json_node_get_object (root), name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    return FALSE;
  *out_id = json_node_get_int (member);
  return *out_id > 0 && *out_id <= G_MAXINT32;
}

/* An access change (migration 018): whoever it may concern is asked again
 * now — the viewers of that employee, or those who follow or asked for that
 * performance. */
static void
dispatch_access (TsLive     *self,
                 const char *payload)
{
  g_autoptr(GPtrArray) concerned = g_ptr_array_new_with_free_func ((GDestroyNotify) viewer_unref);
  gint64 employee_id = 0, performance_id = 0;
  GHashTableIter iter;
  gpointer item;

  if (!payload_id (payload, "employee_id", &employee_id) && !payload_id (payload, "performance_id", &performance_id))
    {
      g_message ("Live updates: ignored an access notification that names nothing: %.200s", payload);
      return;
    }
  g_hash_table_iter_init (&iter, self->viewers);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      Viewer *viewer = item;

      if ((employee_id > 0 && viewer->employee_id == employee_id)
          || (performance_id > 0 && g_hash_table_contains (viewer->wanted, performance_key (performance_id))))
        g_ptr_array_add (concerned, viewer_ref (viewer));
    }
  for (guint i = 0; i < concerned->len; i++)
    {
      Viewer *viewer = g_ptr_array_index (concerned, i);

      viewer->epoch++;
      viewer_recheck (self, viewer);
    }
}

static void
dispatch (TsLive     *self,
          const char *channel,
          const char *payload)
{
  GHashTable *viewers;
  gint64 performance_id = 0;

  if (g_str_equal (channel, TS_LIVE_ACCESS_CHANNEL))
    {
      dispatch_access (self, payload);
      return;
    }
  if (!g_str_equal (channel, TS_LIVE_CHANNEL))
    return;
  if (!payload_id (payload, "performance_id", &performance_id))
    {
      g_message ("Live updates: ignored a notification without a performance_id: %.200s", payload);
      return;
    }
  viewers = g_hash_table_lookup (self->subscriptions, performance_key (performance_id));
  if (viewers != NULL)
    send_to_all (viewers, payload);
}

static void
listener_read (TsLive       *self,
               GIOCondition  condition)
{
  PGnotify *notify;

  if ((condition & G_IO_OUT) && !listener_flush (self))
    return;
  if (!PQconsumeInput (self->conn))
    {
      listener_fail (self, NULL);
      return;
    }
  while (!PQisBusy (self->conn))
    {
      g_autoptr(PGresult) result = PQgetResult (self->conn);

      if (result == NULL)
        {
          /* both LISTENs are in place */
          if (self->state == LISTENER_STARTING)
            listener_started (self);
          break;
        }
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          listener_fail (self, PQresultErrorMessage (result));
          return;
        }
    }
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      dispatch (self, notify->relname, notify->extra);
      PQfreemem (notify);
    }
  if (PQstatus (self->conn) == CONNECTION_BAD)
    listener_fail (self, NULL);
}

static gboolean
listener_ready (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  TsLive *self = user_data;

  switch (self->state)
    {
    case LISTENER_STARTING:
    case LISTENER_LISTENING:
      listener_read (self, condition);
      break;
    case LISTENER_WAITING:
    case LISTENER_CONNECTING:
    default:
      break;
    }
  /* (a source replaced meanwhile has been destroyed; this answer is then moot) */
  return G_SOURCE_CONTINUE;
}

/* Subscriptions ------------------------------------------------------------- */

/* A question for a worker: may this viewer's session still view these
 * performances?  One when it subscribes; all it follows when rechecked. */
typedef struct
{
  TsLive   *live;
  Viewer   *viewer;
  char     *token_hash;
  GArray   *performance_ids;   /* gint64 */
  gboolean  recheck;
  guint     epoch;             /* the viewer's when asked */
  GArray   *refused;           /* gint64: those it may not view */
  gint64    employee_id;       /* the session's */
  gint64    until;             /* g_get_real_time () when the answer may change by the clock; 0: never */
} Check;

static Check *
check_new (TsLive *self,
           Viewer *viewer,
           gboolean recheck)
{
  Check *check = g_new0 (Check, 1);

  check->live = g_object_ref (self);
  check->viewer = viewer_ref (viewer);
  check->token_hash = g_strdup (viewer->token_hash);
  check->performance_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  check->recheck = recheck;
  check->epoch = viewer->epoch;
  check->refused = g_array_new (FALSE, FALSE, sizeof (gint64));
  return check;
}

static void
check_free (Check *check)
{
  g_object_unref (check->live);
  viewer_unref (check->viewer);
  g_free (check->token_hash);
  g_array_unref (check->performance_ids);
  g_array_unref (check->refused);
  g_free (check);
}

/* C4: Scanner and No Access see no sales map, so no live update either. */
static gboolean
level_may_view (TsRequest  *req,
                GError    **error)
{
  if (ts_request_is_master (req) || req->level >= TS_LEVEL_STAFF)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
               "Live seat updates are for the Staff level and above");  /* C4 */
  return FALSE;
}

/* In a worker: the session again (it may have ended since the upgrade), the
 * caller's context, then the question the sales map asks (M6, M7). */
static gboolean
check_viewable (PGconn   *conn,
                gpointer  data,
                GError  **error)
{
  Check *check = data;
  g_autoptr(TsRequest) req = ts_request_new ();
  g_autoptr(GString) ids = g_string_new ("{");
  const char *params[1];
  g_autoptr(PGresult) result = NULL;

  /* an array parameter of our own integers (checked on the way in) */
  for (guint i = 0; i < check->performance_ids->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (check->performance_ids, gint64, i));
  g_string_append_c (ids, '}');
  params[0] = ids->str;

  req->token_hash = g_strdup (check->token_hash);
  if (!ts_db_begin (conn, error) || !ts_request_resolve_session (req, conn, error))
    return FALSE;
  if (!req->signed_in)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_UNAUTHORIZED,
                   "The session has expired or was signed out: sign in again");
      return FALSE;
    }
  check->employee_id = req->employee_id;
  if (!level_may_view (req, error) || !ts_request_apply_context (req, conn, error))
    return FALSE;
  result = ts_pg_exec (conn,
                       "SELECT id FROM unnest ($1::integer[]) AS id"
                       " WHERE NOT coalesce (ts_performance_viewable (id), false)",
                       1, params, error);
  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 id = g_ascii_strtoll (ts_pg_value (result, row, 0), NULL, 10);

      g_array_append_val (check->refused, id);
    }

  /* when to ask again by the clock: the session's expiry, or the first
   * sellers' window to close (the periodic recheck is only a safety net) */
  {
    g_autoptr(PGresult) until = NULL;
    const char *until_params[] = { ids->str, check->token_hash };

    until = ts_pg_exec (conn,
                        "SELECT (extract (epoch FROM least ((SELECT expires_at FROM ts_session_resolve ($2)),"
                        "                                   ts_live_until ($1::integer[]))) * 1000000)::bigint",
                        2, until_params, error);
    if (until == NULL)
      return FALSE;
    check->until = ts_pg_value (until, 0, 0) ? g_ascii_strtoll (ts_pg_value (until, 0, 0), NULL, 10) : 0;
  }
  return ts_pg_exec_simple (conn, "COMMIT", error);
}

/* Not found and not allowed read alike, as the sales routes answer them: no
 * one learns what other outlets have scheduled (E1). */
static void
set_not_viewable (GError **error,
                  gint64   performance_id,
                  gboolean any_more)
{
  g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND,
               any_more ? "You may no longer view the seats of performance %" G_GINT64_FORMAT
                        : "There is no performance %" G_GINT64_FORMAT " whose seats you may view",
               performance_id);
}

static gboolean
deadline_due (gpointer user_data)
{
  Viewer *viewer = user_data;

  g_clear_pointer (&viewer->deadline, g_source_unref);
  viewer->deadline_at = 0;
  if (viewer->live != NULL)
    viewer_recheck (viewer->live, viewer);
  return G_SOURCE_REMOVE;
}

/* Asks again at until (wall-clock microseconds; 0: no such moment).  A
 * recheck replaces the moment; a new subscription may only bring it closer. */
static void
viewer_set_deadline (TsLive  *self,
                     Viewer  *viewer,
                     gint64   until,
                     gboolean replace)
{
  gint64 delay_ms;

  if (!replace && (until == 0 || (viewer->deadline_at != 0 && viewer->deadline_at <= until)))
    return;
  if (viewer->deadline != NULL)
    g_source_destroy (viewer->deadline);
  g_clear_pointer (&viewer->deadline, g_source_unref);
  viewer->deadline_at = until;
  if (until == 0)
    return;
  delay_ms = CLAMP ((until - g_get_real_time ()) / 1000 + DEADLINE_MARGIN_MS, DEADLINE_MIN_MS, DEADLINE_MAX_MS);
  viewer->deadline = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (viewer->deadline, deadline_due, viewer_ref (viewer), (GDestroyNotify) viewer_unref);
  g_source_attach (viewer->deadline, self->context);
}

/* A recheck's answer: what may no longer be viewed stops at once. */
static void
recheck_answered (TsLive *self,
                  Viewer *viewer,
                  Check  *check)
{
  for (guint i = 0; i < check->refused->len; i++)
    {
      gint64 performance_id = g_array_index (check->refused, gint64, i);
      gpointer key = performance_key (performance_id);
      g_autoptr(GError) error = NULL;

      g_hash_table_remove (viewer->wanted, key);
      if (!g_hash_table_remove (viewer->subscribed, key))
        continue;
      subscription_remove (self, viewer, key);
      set_not_viewable (&error, performance_id, TRUE);
      viewer_send_error (viewer, error, performance_id);
    }
  viewer_set_deadline (self, viewer, check->until, TRUE);
}

/* A subscription's answer. */
static void
subscribe_answered (TsLive *self,
                    Viewer *viewer,
                    Check  *check)
{
  gint64 performance_id = g_array_index (check->performance_ids, gint64, 0);
  gpointer key = performance_key (performance_id);
  g_autoptr(GError) error = NULL;

  if (!g_hash_table_contains (viewer->wanted, key))
    return;   /* unsubscribed meanwhile */
  if (check->refused->len > 0)
    {
      g_hash_table_remove (viewer->wanted, key);
      set_not_viewable (&error, performance_id, FALSE);
      viewer_send_error (viewer, error, performance_id);
      return;
    }
  /* Subscribed before the answer is sent, and both in this one main-loop
   * turn: no update can come before {"subscribed"}. */
  subscription_add (self, viewer, performance_id);
  viewer_send_answer (viewer, "subscribed", performance_id);
  viewer_set_deadline (self, viewer, check->until, FALSE);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;
  TsLive *self = check->live;
  Viewer *viewer = check->viewer;
  gint64 asked = check->recheck ? 0 : g_array_index (check->performance_ids, gint64, 0);
  g_autoptr(GError) error = NULL;
  gboolean ok = ts_db_run_finish (TS_DB (source), result, &error);

  if (check->recheck)
    viewer->rechecking = FALSE;
  else
    viewer->checking--;

  /* closed or stopped meanwhile: nobody is waiting */
  if (self->stopped || viewer->live == NULL)
    ;
  else if (g_error_matches (error, TS_ERROR, TS_ERROR_UNAUTHORIZED)
           || g_error_matches (error, TS_ERROR, TS_ERROR_FORBIDDEN))
    {
      /* a session that ended, or whose level no longer sees sales maps
       * (C4), cannot go on watching */
      g_hash_table_remove (viewer->wanted, performance_key (asked));
      viewer_send_error (viewer, error, asked);
      viewer_close (viewer, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                    error->code == TS_ERROR_UNAUTHORIZED ? "The session has ended" : "No longer allowed");
    }
  else if (!ok)
    {
      if (ts_http_error_status (error) >= 500 && !g_error_matches (error, TS_ERROR, TS_ERROR_UNAVAILABLE))
        g_warning ("live: checking what %s may view: %s", viewer->peer ? viewer->peer : "-", error->message);
      /* a recheck that could not be made keeps what was granted */
      if (!check->recheck)
        {
          g_hash_table_remove (viewer->wanted, performance_key (asked));
          viewer_send_error (viewer, error, asked);
        }
    }
  else if (check->recheck)
    recheck_answered (self, viewer, check);
  else
    subscribe_answered (self, viewer, check);

  if (ok && check->employee_id > 0)
    viewer->employee_id = check->employee_id;
  /* access changed while the question was out (its answer may be stale),
   * or a recheck was asked for meanwhile */
  if (check->epoch != viewer->epoch || (check->recheck && viewer->recheck_again))
    {
      viewer->recheck_again = FALSE;
      viewer_recheck (self, viewer);
    }
  check_free (check);
}

static void
viewer_subscribe (TsLive *self,
                  Viewer *viewer,
                  gint64  performance_id)
{
  gpointer key = performance_key (performance_id);
  g_autoptr(GError) error = NULL;
  Check *check;

  if (g_hash_table_contains (viewer->subscribed, key))
    {
      viewer_send_answer (viewer, "subscribed", performance_id);
      return;
    }
  if (!g_hash_table_contains (viewer->wanted, key) && g_hash_table_size (viewer->wanted) >= MAX_SUBSCRIPTIONS)
    g_set_error (&error, TS_ERROR, TS_ERROR_LIMIT,
                 "A connection follows at most %d performances: unsubscribe from one first",
                 MAX_SUBSCRIPTIONS);
  else if (viewer->checking >= MAX_CHECKS_IN_FLIGHT)
    g_set_error (&error, TS_ERROR, TS_ERROR_LIMIT,
                 "Too many subscriptions waiting for an answer: wait for them first");
  if (error != NULL)
    {
      viewer_send_error (viewer, error, performance_id);
      return;
    }

  g_hash_table_add (viewer->wanted, key);
  check = check_new (self, viewer, FALSE);
  g_array_append_val (check->performance_ids, performance_id);
  viewer->checking++;
  ts_db_run_async (self->db, check_viewable, check, NULL, check_done, check);
}

static void
viewer_unsubscribe (TsLive *self,
                    Viewer *viewer,
                    gint64  performance_id)
{
  gpointer key = performance_key (performance_id);

  g_hash_table_remove (viewer->wanted, key);
  if (g_hash_table_remove (viewer->subscribed, key))
    subscription_remove (self, viewer, key);
  viewer_send_answer (viewer, "unsubscribed", performance_id);
}

/* {"subscribe": N} or {"unsubscribe": N}, N a performance id. */
static gboolean
parse_command (SoupWebsocketDataType   type,
               GBytes                 *message,
               gboolean               *out_subscribe,
               gint64                 *out_performance_id,
               GError                **error)
{
  static const char * const members[] = { "subscribe", "unsubscribe", NULL };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;
  JsonObject *object;
  gboolean subscribe_present = FALSE, unsubscribe_present = FALSE;
  gint64 subscribe = 0, unsubscribe = 0;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !g_utf8_validate (data, (gssize) size, NULL)
      || !json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "Send a JSON object: {\"subscribe\": id} or {\"unsubscribe\": id}");
      return FALSE;
    }
  object = json_node_get_object (root);
  if (!ts_json_check_members (object, members, error)
      || !ts_json_get_int (object, "subscribe", FALSE, &subscribe, &subscribe_present, error)
      || !ts_json_get_int (object, "unsubscribe", FALSE, &unsubscribe, &unsubscribe_present, error))
    return FALSE;
  if (subscribe_present == unsubscribe_present)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "Send either {\"subscribe\": id} or {\"unsubscribe\": id}");
      return FALSE;
    }
  *out_subscribe = subscribe_present;
  *out_performance_id = subscribe_present ? subscribe : unsubscribe;
  if (*out_performance_id < 1 || *out_performance_id > G_MAXINT32)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "%s: must be a performance id", subscribe_present ? "subscribe" : "unsubscribe");
      return FALSE;
    }
  return TRUE;
}

static void
viewer_message (SoupWebsocketConnection *ws,
                gint                     type,
                GBytes                  *message,
                gpointer                 user_data)
{
  Viewer *viewer = user_data;
  g_autoptr(GError) error = NULL;
  gboolean subscribe = FALSE;
  gint64 performance_id = 0;

  if (viewer->live == NULL)
    return;
  if (!parse_command (type, message, &subscribe, &performance_id, &error))
    viewer_send_error (viewer, error, 0);
  else if (subscribe)
    viewer_subscribe (viewer->live, viewer, performance_id);
  else
    viewer_unsubscribe (viewer->live, viewer, performance_id);
}

static void
viewer_closed (SoupWebsocketConnection *ws,
               gpointer                 user_data)
{
  Viewer *viewer = user_data;

  if (viewer->live != NULL)
    viewer_drop (viewer->live, viewer);
}

/* The WebSocket endpoint --------------------------------------------------- */

/* SHA-256 hex of the bearer token, from the Authorization header or, for
 * clients that cannot set headers on an upgrade, the token query parameter. */
static char *
token_hash_of (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *token = NULL;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    {
      token = auth + 7;
      while (*token == ' ')
        token++;
    }
  else if (query != NULL)
    token = g_hash_table_lookup (query, "token");

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static void
respond_error (SoupServerMessage *msg,
               const GError      *error)
{
  g_autoptr(JsonNode) body = ts_http_error_body (error);
  char *text = json_to_string (body, FALSE);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, ts_http_error_status (error), NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

typedef struct
{
  TsLive            *live;
  SoupServerMessage *msg;
  TsRequest         *request;
  gulong             disconnected_id;
  gboolean           gone;           /* libsoup let go of the message meanwhile */
} Upgrade;

static void
upgrade_gone (SoupServerMessage *msg,
              gpointer           data)
{
  ((Upgrade *) data)->gone = TRUE;
}

static gboolean
resolve_upgrade (PGconn   *conn,
                 gpointer  data,
                 GError  **error)
{
  Upgrade *upgrade = data;

  return ts_db_begin (conn, error)
         && ts_request_resolve_session (upgrade->request, conn, error)
         && ts_pg_exec_simple (conn, "COMMIT", error);
}

static void
upgrade_resolved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Upgrade *upgrade = user_data;
  g_autoptr(GError) error = NULL;

  if (ts_db_run_finish (TS_DB (source), result, &error) && !upgrade->request->signed_in)
    g_set_error (&error, TS_ERROR, TS_ERROR_UNAUTHORIZED,
                 "The session has expired or was signed out: sign in again");
  else if (error == NULL)
    level_may_view (upgrade->request, &error);
  if (error != NULL)
    respond_error (upgrade->msg, error);
  else
    /* websocket_opened reads it: access changes name the employee */
    g_object_set_data (G_OBJECT (upgrade->msg), "tessera-live-employee",
                       GINT_TO_POINTER ((int) upgrade->request->employee_id));
  if (upgrade->live->verbose)
    g_message ("%s GET %s → %s", upgrade->request->peer ? upgrade->request->peer : "-",
               upgrade->live->path, error ? error->message : "upgrading");

  /* Without an error status, libsoup now completes the handshake and calls
   * websocket_opened — unless the connection ended while the session was
   * being checked (the client left, a timeout, the server stopping). */
  g_signal_handler_disconnect (upgrade->msg, upgrade->disconnected_id);
  if (!upgrade->gone)
    soup_server_message_unpause (upgrade->msg);
  g_object_unref (upgrade->msg);
  g_object_unref (upgrade->live);
  ts_request_free (upgrade->request);
  g_free (upgrade);
}

/* Runs when the request's headers have arrived, before libsoup would accept
 * the handshake: the session is checked now, so an upgrade without a valid
 * one is refused with 401 and never becomes a WebSocket. */
static void
live_early_handler (SoupServer        *http,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  TsLive *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) handshake_error = NULL;
  g_autofree char *token_hash = NULL;
  guint status = 0;   /* when not the error's own */
  Upgrade *upgrade;

  if (!g_str_equal (path, self->path))
    {
      g_autofree char *quoted = ts_validate_quote (path);

      g_set_error (&error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such API endpoint: %s", quoted);
    }
  else if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      g_set_error (&error, TS_ERROR, TS_ERROR_INVALID, "%s is a WebSocket: GET it with an upgrade", path);
      status = 405;
    }
  else if (self->stopped)
    g_set_error (&error, TS_ERROR, TS_ERROR_UNAVAILABLE, "The server is stopping");
  else if (soup_message_headers_get_content_length (headers) > 0
           || soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_set_error (&error, TS_ERROR, TS_ERROR_INVALID, "A WebSocket upgrade has no body");
  else if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &handshake_error))
    g_set_error (&error, TS_ERROR, TS_ERROR_INVALID, "%s is a WebSocket: %s", path, handshake_error->message);
  else if ((token_hash = token_hash_of (msg, query)) == NULL)
    g_set_error (&error, TS_ERROR, TS_ERROR_UNAUTHORIZED, "Sign in first");

  if (error != NULL)
    {
      respond_error (msg, error);
      if (status != 0)
        soup_server_message_set_status (msg, status, NULL);
      if (self->verbose)
        g_message ("GET %s → %s", path, error->message);
      return;
    }

  upgrade = g_new0 (Upgrade, 1);
  upgrade->live = g_object_ref (self);
  upgrade->msg = g_object_ref (msg);
  upgrade->request = ts_request_new ();
  upgrade->request->token_hash = g_steal_pointer (&token_hash);
  upgrade->request->peer = ts_proxy_trust_client_address (self->proxy_trust, msg);

  /* Paused here, libsoup reads nothing more until the session is known. */
  upgrade->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (upgrade_gone), upgrade);
  soup_server_message_pause (msg);
  ts_db_run_async (self->db, resolve_upgrade, upgrade, NULL, upgrade_resolved, upgrade);
}

static void
websocket_opened (SoupServer              *http,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  TsLive *self = user_data;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  Viewer *viewer;

  if (self->stopped)
    {
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is stopping");
      return;
    }

  uri = g_uri_ref (soup_server_message_get_uri (msg));
  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  viewer = g_rc_box_new0 (Viewer);
  viewer->live = self;
  viewer->ws = g_object_ref (ws);
  viewer->token_hash = token_hash_of (msg, query);   /* checked by live_early_handler */
  viewer->peer = ts_proxy_trust_client_address (self->proxy_trust, msg);
  viewer->subscribed = g_hash_table_new (NULL, NULL);
  viewer->wanted = g_hash_table_new (NULL, NULL);
  viewer->employee_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), "tessera-live-employee"));

  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_SECONDS);
  soup_websocket_connection_set_max_incoming_payload_size (ws, MAX_MESSAGE_BYTES);
  g_signal_connect (ws, "message", G_CALLBACK (viewer_message), viewer);
  g_signal_connect (ws, "closed", G_CALLBACK (viewer_closed), viewer);
  g_hash_table_add (self->viewers, viewer);
  if (self->verbose)
    g_message ("%s live: open", viewer->peer ? viewer->peer : "-");
  /* at once: the session may have ended since the upgrade was granted, and
   * its expiry sets when to ask next */
  viewer_recheck (self, viewer);
}

/* Rechecking ---------------------------------------------------------------- */

static gboolean
recheck_due (gpointer user_data)
{
  ts_live_recheck (TS_LIVE (user_data));
  return G_SOURCE_CONTINUE;
}

/* GObject ------------------------------------------------------------------- */

static void
ts_live_dispose (GObject *object)
{
  TsLive *self = TS_LIVE (object);

  ts_live_stop (self);
  g_clear_object (&self->db);
  g_clear_object (&self->proxy_trust);
  G_OBJECT_CLASS (ts_live_parent_class)->dispose (object);
}

static void
ts_live_finalize (GObject *object)
{
  TsLive *self = TS_LIVE (object);

  g_hash_table_unref (self->subscriptions);
  g_hash_table_unref (self->viewers);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->conninfo);
  g_free (self->path);
  g_free (self->last_notice);
  G_OBJECT_CLASS (ts_live_parent_class)->finalize (object);
}

static void
ts_live_class_init (TsLiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_live_dispose;
  object_class->finalize = ts_live_finalize;
}

static void
ts_live_init (TsLive *self)
{
  self->backoff_ms = BACKOFF_FIRST_MS;
  self->viewers = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) viewer_unref, NULL);
  self->subscriptions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
}

TsLive *
ts_live_new (const char *conninfo,
             TsDb       *db,
             gboolean    verbose)
{
  TsLive *self;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (TS_IS_DB (db), NULL);

  self = g_object_new (TS_TYPE_LIVE, NULL);
  self->conninfo = g_strdup (conninfo);
  self->db = g_object_ref (db);
  self->verbose = verbose;
  self->context = g_main_context_ref_thread_default ();
  listener_connect (self);

  self->recheck_timer = g_timeout_source_new_seconds (RECHECK_SECONDS);
  g_source_set_callback (self->recheck_timer, recheck_due, self, NULL);
  g_source_attach (self->recheck_timer, self->context);
  return self;
}

void
ts_live_set_proxy_trust (TsLive       *self,
                         TsProxyTrust *trust)
{
  g_set_object (&self->proxy_trust, trust);
}

void
ts_live_attach (TsLive     *self,
                SoupServer *http,
                const char *path)
{
  g_return_if_fail (TS_IS_LIVE (self));
  g_return_if_fail (self->path == NULL);

  self->path = g_strdup (path);
  soup_server_add_early_handler (http, path, live_early_handler, g_object_ref (self), g_object_unref);
  soup_server_add_websocket_handler (http, path, NULL, NULL, websocket_opened, g_object_ref (self), g_object_unref);
}

/* Says "going away" on every WebSocket.  Stopping, the viewers are dropped
 * at once (the main loop may not run again); otherwise each goes when its
 * close completes, as any other. */
static void
close_viewers (TsLive *self)
{
  g_autoptr(GPtrArray) viewers = g_ptr_array_new_with_free_func ((GDestroyNotify) viewer_unref);
  GHashTableIter iter;
  gpointer viewer;

  g_hash_table_iter_init (&iter, self->viewers);
  while (g_hash_table_iter_next (&iter, &viewer, NULL))
    g_ptr_array_add (viewers, viewer_ref (viewer));
  for (guint i = 0; i < viewers->len; i++)
    {
      Viewer *v = g_ptr_array_index (viewers, i);
      g_autoptr(SoupWebsocketConnection) ws = v->ws ? g_object_ref (v->ws) : NULL;

      if (self->stopped)
        viewer_drop (self, v);
      if (ws != NULL && soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         self->stopped ? "The server is stopping" : "Reconnect");
    }
}

void
ts_live_stop (TsLive *self)
{
  g_return_if_fail (TS_IS_LIVE (self));

  self->stopped = TRUE;
  clear_source (&self->recheck_timer);
  listener_close (self);
  close_viewers (self);
}

void
ts_live_disconnect_all (TsLive *self)
{
  g_return_if_fail (TS_IS_LIVE (self));

  close_viewers (self);
}

/* Asks a viewer's session and subscriptions again, unless a question is
 * already out (its answer is then checked against the viewer's epoch). */
static void
viewer_recheck (TsLive *self,
                Viewer *viewer)
{
  GHashTableIter ids;
  gpointer key;
  Check *check;

  if (self->stopped || viewer->live == NULL || !viewer_is_open (viewer))
    return;
  if (viewer->rechecking)
    {
      viewer->recheck_again = TRUE;
      return;
    }
  check = check_new (self, viewer, TRUE);
  g_hash_table_iter_init (&ids, viewer->subscribed);
  while (g_hash_table_iter_next (&ids, &key, NULL))
    {
      gint64 id = GPOINTER_TO_INT (key);

      g_array_append_val (check->performance_ids, id);
    }
  viewer->rechecking = TRUE;
  ts_db_run_async (self->db, check_viewable, check, NULL, check_done, check);
}

void
ts_live_recheck (TsLive *self)
{
  g_autoptr(GPtrArray) viewers = g_ptr_array_new_with_free_func ((GDestroyNotify) viewer_unref);
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (TS_IS_LIVE (self));

  /* every connection, subscribed or not: a session that ended is closed */
  g_hash_table_iter_init (&iter, self->viewers);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_ptr_array_add (viewers, viewer_ref (item));
  for (guint i = 0; i < viewers->len; i++)
    viewer_recheck (self, g_ptr_array_index (viewers, i));
}

gboolean
ts_live_is_listening (TsLive *self)
{
  g_return_val_if_fail (TS_IS_LIVE (self), FALSE);
  return self->state == LISTENER_LISTENING;
}

guint
ts_live_get_n_connections (TsLive *self)
{
  g_return_val_if_fail (TS_IS_LIVE (self), 0);
  return g_hash_table_size (self->viewers);
}

guint
ts_live_get_n_subscribers (TsLive *self,
                           gint64  performance_id)
{
  GHashTable *viewers;

  g_return_val_if_fail (TS_IS_LIVE (self), 0);
  if (performance_id < 1 || performance_id > G_MAXINT32)
    return 0;
  viewers = g_hash_table_lookup (self->subscriptions, performance_key (performance_id));
  return viewers ? g_hash_table_size (viewers) : 0;
}
