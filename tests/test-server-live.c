/* test-server-live.c — live seat updates: GET /api/v1/live, the LISTEN
 * connection and the fan-out (TsLive); built a second time with
 * TS_TEST_LIVE_CLIENT for the client's side (TsLiveClient).
 *
 * Notifications are published by hand here with pg_notify, exactly as the
 * selling transactions of migration 009 publish them. */
#include <string.h>

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-test-client.h"
#ifdef TS_TEST_LIVE_CLIENT
#include "ts-live-client.h"
#endif

static TsTestServer *server;
static PGconn *owner;   /* publishes notifications */
static char *master, *uth_boxoffice, *ath_boxoffice;
static gint64 uth_performance, ath_performance;

/* Waiting on the shared main context ---------------------------------------- */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
pause_ms (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, set_flag, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

#ifndef TS_TEST_LIVE_CLIENT

/* A WebSocket peer, as a client would be ------------------------------------ */

typedef struct
{
  SoupWebsocketConnection *ws;
  GQueue                   messages;   /* char*, oldest first */
  gboolean                 closed;
} Peer;

static void
peer_message (SoupWebsocketConnection *ws,
              gint                     type,
              GBytes                  *message,
              gpointer                 user_data)
{
  Peer *peer = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  g_queue_push_tail (&peer->messages, g_strndup (data, size));
}

static void
peer_closed (SoupWebsocketConnection *ws,
             gpointer                 user_data)
{
  ((Peer *) user_data)->closed = TRUE;
}

/* NULL (and the HTTP status) when the upgrade is refused. */
static Peer *
peer_connect_full (const char *token,
                   gboolean    in_query,
                   guint      *out_status)
{
  static SoupSession *session = NULL;
  g_autofree char *escaped = token ? g_uri_escape_string (token, NULL, FALSE) : NULL;
  g_autofree char *url = in_query && token
                         ? g_strdup_printf ("%s/api/v1/live?token=%s", ts_test_server_get_url (server), escaped)
                         : g_strdup_printf ("%s/api/v1/live", ts_test_server_get_url (server));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  Peer *peer;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);
  if (token != NULL && !in_query)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ws = soup_session_websocket_connect_finish (session, result, &error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  if (ws == NULL)
    return NULL;

  peer = g_new0 (Peer, 1);
  peer->ws = ws;
  g_queue_init (&peer->messages);
  g_signal_connect (ws, "message", G_CALLBACK (peer_message), peer);
  g_signal_connect (ws, "closed", G_CALLBACK (peer_closed), peer);
  return peer;
}

static Peer *
peer_connect (const char *token)
{
  guint status = 0;
  Peer *peer = peer_connect_full (token, FALSE, &status);

  if (peer == NULL)
    g_error ("The WebSocket upgrade was refused: HTTP %u", status);
  return peer;
}

static gboolean
peer_has_message (gpointer data)
{
  Peer *peer = data;

  return !g_queue_is_empty (&peer->messages) || peer->closed;
}

static gboolean
peer_is_closed (gpointer data)
{
  return ((Peer *) data)->closed;
}

/* The next message, or NULL after timeout_ms (or when closed). */
static char *
peer_next (Peer  *peer,
           guint  timeout_ms)
{
  ts_test_wait_until (peer_has_message, peer, timeout_ms);
  return g_queue_pop_head (&peer->messages);
}

static void
peer_send (Peer       *peer,
           const char *text)
{
  soup_websocket_connection_send_text (peer->ws, text);
}

static void
peer_expect (Peer       *peer,
             const char *expected)
{
  g_autofree char *message = peer_next (peer, 5000);

  if (message == NULL)
    g_error ("Expected %s, got nothing%s", expected, peer->closed ? " (closed)" : "");
  g_assert_cmpstr (message, ==, expected);
}

static void
peer_expect_silence (Peer  *peer,
                     guint  ms)
{
  g_autofree char *message = NULL;

  pause_ms (ms);
  message = g_queue_pop_head (&peer->messages);
  if (message != NULL)
    g_error ("Expected no message, got %s", message);
}

/* An error answer: its code and, when not 0, the performance it names. */
static void
peer_expect_error (Peer       *peer,
                   const char *code,
                   gint64      performance_id)
{
  g_autofree char *message = peer_next (peer, 5000);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (message == NULL)
    g_error ("Expected an error %s, got nothing", code);
  node = json_from_string (message, NULL);
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "error"))
    g_error ("Expected an error %s, got %s", code, message);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), !=, "");
  g_assert_cmpint (json_object_get_int_member_with_default (object, "performance_id", 0), ==, performance_id);
}

static void
peer_send_subscribe (Peer   *peer,
                     gint64  performance_id)
{
  g_autofree char *command = g_strdup_printf ("{\"subscribe\": %" G_GINT64_FORMAT "}", performance_id);

  peer_send (peer, command);
}

static void
peer_subscribe (Peer   *peer,
                gint64  performance_id)
{
  g_autofree char *answer = g_strdup_printf ("{\"subscribed\":%" G_GINT64_FORMAT "}", performance_id);

  peer_send_subscribe (peer, performance_id);
  peer_expect (peer, answer);
}

static void
peer_free (Peer *peer)
{
  if (peer == NULL)
    return;
  if (!peer->closed && soup_websocket_connection_get_state (peer->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (peer->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      ts_test_wait_until (peer_is_closed, peer, 5000);
    }
  g_signal_handlers_disconnect_by_data (peer->ws, peer);
  g_object_unref (peer->ws);
  g_queue_clear_full (&peer->messages, g_free);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

#endif

/* Publishing ---------------------------------------------------------------- */

static void
publish (const char *payload)
{
  const char *params[] = { payload };
  PGresult *result = PQexecParams (owner, "SELECT pg_notify ('tessera_seats', $1)",
                                   1, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("pg_notify: %s", PQerrorMessage (owner));
  PQclear (result);
}

static char *
seats_payload (gint64      performance_id,
               const char *guid,
               const char *state)
{
  return g_strdup_printf ("{\"performance_id\": %" G_GINT64_FORMAT ", \"seats\": "
                          "[{\"guid\": \"%s\", \"state\": \"%s\", \"letter\": null}], "
                          "\"ga\": [{\"area\": \"Floor#1\", \"taken\": 3, \"capacity\": 100}]}",
                          performance_id, guid, state);
}

static TsLive *
live (void)
{
  return ts_server_get_live (ts_test_server_get_server (server));
}

typedef struct
{
  gint64 performance_id;
  guint  count;
} Subscribers;

static gboolean
subscribers_are (gpointer data)
{
  Subscribers *expected = data;

  return ts_live_get_n_subscribers (live (), expected->performance_id) == expected->count;
}

static gboolean
listening (gpointer data)
{
  return ts_live_is_listening (live ());
}

#ifndef TS_TEST_LIVE_CLIENT

/* The server side ------------------------------------------------------------ */

static void
sign_out (const char *token)
{
  g_autoptr(JsonNode) none = ts_test_expect (server, "DELETE", "/api/v1/session", token, NULL, 204);
}

static void
test_upgrade_refused (void)
{
  guint status = 0;
  g_autoptr(JsonNode) plain = NULL;

  g_assert_null (peer_connect_full (NULL, FALSE, &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (peer_connect_full ("not-a-token", FALSE, &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (peer_connect_full ("not-a-token", TRUE, &status));
  g_assert_cmpuint (status, ==, 401);

  /* a signed-out session is no session */
  {
    g_autofree char *token = ts_test_sign_in (server, "UTH", "staff", "staff-password");

    sign_out (token);
    g_assert_null (peer_connect_full (token, FALSE, &status));
    g_assert_cmpuint (status, ==, 401);
  }

  /* not an upgrade: said in JSON like every other error */
  ts_test_expect_error (server, "GET", "/api/v1/live", uth_boxoffice, NULL, 400, "invalid_input", "WebSocket");
  plain = ts_test_expect (server, "POST", "/api/v1/live", uth_boxoffice, "{}", 405);
  ts_test_expect_error (server, "GET", "/api/v1/live/more", uth_boxoffice, NULL, 404, "not_found", NULL);
}

static void
test_deliver_to_subscribers_only (void)
{
  g_autoptr(Peer) uth = peer_connect (uth_boxoffice);
  g_autoptr(Peer) ath = NULL;
  g_autoptr(Peer) all = peer_connect (master);
  g_autofree char *first = seats_payload (uth_performance, "A-1", "sold");
  g_autofree char *second = seats_payload (ath_performance, "B-7", "held");
  guint status = 0;

  /* the token may come in the query too, for clients that cannot set headers */
  ath = peer_connect_full (ath_boxoffice, TRUE, &status);
  g_assert_nonnull (ath);
  g_assert_cmpuint (status, ==, 101);

  peer_subscribe (uth, uth_performance);
  peer_subscribe (ath, ath_performance);
  peer_subscribe (all, uth_performance);      /* the Master User sees every performance */
  peer_subscribe (all, ath_performance);
  peer_subscribe (all, ath_performance);      /* again: answered, not doubled */

  publish (first);
  peer_expect (uth, first);                   /* forwarded as published, byte for byte */
  peer_expect (all, first);
  publish (second);
  peer_expect (ath, second);                  /* the first message ath sees: never uth's */
  peer_expect (all, second);
  peer_expect_silence (all, 100);             /* once, though subscribed twice */
  peer_expect_silence (uth, 0);

  /* a notification nobody follows, and one that is not ours to parse */
  publish ("{\"performance_id\": 999999, \"reload\": true}");
  publish ("not json");
  peer_expect_silence (uth, 100);
  g_assert_true (ts_live_is_listening (live ()));
}

static void
test_subscribe_refused (void)
{
  g_autoptr(Peer) ath = peer_connect (ath_boxoffice);

  /* another outlet's performance that it may not sell (M6, M7), and one that
   * does not exist, read alike */
  peer_send_subscribe (ath, uth_performance);
  peer_expect_error (ath, "not_found", uth_performance);
  peer_send_subscribe (ath, 2000000000);
  peer_expect_error (ath, "not_found", 2000000000);

  /* and so it gets nothing of it */
  {
    g_autofree char *payload = seats_payload (uth_performance, "A-2", "cart");

    publish (payload);
    peer_expect_silence (ath, 100);
  }

  /* messages that are not commands */
  peer_send (ath, "hello");
  peer_expect_error (ath, "invalid_input", 0);
  peer_send (ath, "{\"subscribe\": \"12\"}");
  peer_expect_error (ath, "invalid_input", 0);
  peer_send (ath, "{\"subscribe\": 0}");
  peer_expect_error (ath, "invalid_input", 0);
  peer_send (ath, "{\"subscribe\": 1, \"unsubscribe\": 2}");
  peer_expect_error (ath, "invalid_input", 0);
  peer_send (ath, "{\"watch\": 1}");
  peer_expect_error (ath, "invalid_input", 0);
  soup_websocket_connection_send_binary (ath->ws, "{}", 2);
  peer_expect_error (ath, "invalid_input", 0);

  /* still open and working */
  peer_subscribe (ath, ath_performance);
}

static void
test_unsubscribe (void)
{
  g_autoptr(Peer) uth = peer_connect (uth_boxoffice);
  g_autofree char *payload = seats_payload (uth_performance, "A-3", "available");
  g_autofree char *command = g_strdup_printf ("{\"unsubscribe\": %" G_GINT64_FORMAT "}", uth_performance);
  g_autofree char *answer = g_strdup_printf ("{\"unsubscribed\":%" G_GINT64_FORMAT "}", uth_performance);

  peer_subscribe (uth, uth_performance);
  peer_send (uth, command);
  peer_expect (uth, answer);
  publish (payload);
  peer_expect_silence (uth, 150);
}

static void
owner_exec (const char *sql)
{
  PGresult *result = PQexec (owner, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (owner));
  PQclear (result);
}

/* Closed with 1008 and an error of that code, within two seconds of when. */
static void
expect_closed_soon (Peer       *peer,
                    const char *code,
                    gint64      since,
                    const char *why)
{
  gint64 waited;

  if (!ts_test_wait_until (peer_is_closed, peer, 2000))
    g_error ("The WebSocket was still open 2 s after %s", why);
  waited = (g_get_monotonic_time () - since) / 1000;
  g_test_message ("closed %" G_GINT64_FORMAT " ms after %s", waited, why);
  g_assert_cmpint (waited, <, 2000);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (peer->ws), ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  peer_expect_error (peer, code, 0);
}

/* Sign-out ends the feed at once, not at the next periodic recheck: the
 * session's end is published on tessera_access (migration 018). */
static void
test_session_ended (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autofree char *idle_token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(Peer) peer = peer_connect (token);
  g_autoptr(Peer) idle = peer_connect (idle_token);
  g_autofree char *payload = seats_payload (uth_performance, "S-1", "sold");
  gint64 since;

  peer_subscribe (peer, uth_performance);
  since = g_get_monotonic_time ();
  sign_out (token);
  expect_closed_soon (peer, "unauthorized", since, "sign-out");
  publish (payload);
  peer_expect_silence (peer, 100);

  /* a connection that follows nothing is closed too */
  since = g_get_monotonic_time ();
  sign_out (idle_token);
  expect_closed_soon (idle, "unauthorized", since, "sign-out of an idle connection");
}

/* Every way a session ends or loses the right to view, done through the API
 * by an administrator, closes the employee's feeds within two seconds (C4,
 * C6): lock, a password set by the administrator, the level lowered to
 * Scanner or No Access, a resignation; and the session's own expiry. */
static void
test_access_ends_at_once (void)
{
  g_autofree char *admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  g_autofree char *employees = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT "/employees",
                                                ts_test_outlet_id (server, "UTH"));
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", employees, admin,
      "{\"login\": \"live-agent\", \"password\": \"live-password-1\", \"level\": \"box_office\","
      " \"person\": {\"last_name\": \"Agent\", \"first_name\": \"Live\"}}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *record = g_strdup_printf ("/api/v1/employees/%" G_GINT64_FORMAT, id);
  g_autofree char *lock = g_strdup_printf ("/api/v1/employees/%" G_GINT64_FORMAT "/lock", id);
  g_autofree char *unlock = g_strdup_printf ("/api/v1/employees/%" G_GINT64_FORMAT "/unlock", id);
  const struct
  {
    const char *why;
    const char *method;
    const char *path;
    const char *body;
    const char *code;          /* of the error before the close */
    const char *undo;          /* body of a PATCH of the record that puts it back */
  } causes[] = {
    { "a lock", "POST", lock, NULL, "unauthorized", NULL },
    { "a password set by an administrator", "PATCH", record, "{\"password\": \"live-password-2\"}", "unauthorized", NULL },
    { "the level lowered to Scanner", "PATCH", record, "{\"level\": \"scanner\"}", "forbidden",
      "{\"level\": \"box_office\"}" },
    { "the level lowered to No Access", "PATCH", record, "{\"level\": \"no_access\"}", "unauthorized",
      "{\"level\": \"box_office\"}" },
    { "a resignation", "PATCH", record, "{\"resigned_on\": \"2020-01-31\"}", "unauthorized",
      "{\"resigned_on\": null}" },
  };
  const char *password = "live-password-1";

  for (guint i = 0; i < G_N_ELEMENTS (causes); i++)
    {
      g_autofree char *token = ts_test_sign_in (server, "UTH", "live-agent", password);
      g_autoptr(Peer) peer = peer_connect (token);
      gint64 since;

      peer_subscribe (peer, uth_performance);
      since = g_get_monotonic_time ();
      json_node_unref (ts_test_expect (server, causes[i].method, causes[i].path, admin, causes[i].body, 200));
      expect_closed_soon (peer, causes[i].code, since, causes[i].why);
      if (causes[i].undo != NULL)
        json_node_unref (ts_test_expect (server, "PATCH", record, admin, causes[i].undo, 200));
      if (g_str_equal (causes[i].path, lock))
        json_node_unref (ts_test_expect (server, "POST", unlock, admin, NULL, 200));
      if (causes[i].body != NULL && strstr (causes[i].body, "password") != NULL)
        password = "live-password-2";
    }

  /* C4: Scanner and No Access get no feed at all */
  {
    guint status = 0;
    g_autofree char *token = NULL;

    json_node_unref (ts_test_expect (server, "PATCH", record, admin, "{\"level\": \"scanner\"}", 200));
    token = ts_test_sign_in (server, "UTH", "live-agent", password);
    g_assert_null (peer_connect_full (token, FALSE, &status));
    g_assert_cmpuint (status, ==, 403);
    json_node_unref (ts_test_expect (server, "PATCH", record, admin, "{\"level\": \"box_office\"}", 200));
  }

  /* the session expires: the feed stops then, not a minute later */
  {
    g_autofree char *token = ts_test_sign_in (server, "UTH", "live-agent", password);
    g_autoptr(Peer) peer = peer_connect (token);
    g_autofree char *expire = g_strdup_printf ("UPDATE session SET expires_at = now () + interval '1500 milliseconds'"
                                               " WHERE employee_id = %" G_GINT64_FORMAT " AND ended_at IS NULL", id);
    gint64 since;

    peer_subscribe (peer, uth_performance);
    owner_exec (expire);
    since = g_get_monotonic_time () + 1500 * 1000;
    pause_ms (1000);
    g_assert_false (peer->closed);
    expect_closed_soon (peer, "unauthorized", since, "the session's expiry");
  }
}

static void
test_dropped_connection (void)
{
  g_autoptr(Peer) stays = peer_connect (uth_boxoffice);
  Peer *drops = peer_connect (uth_boxoffice);
  g_autofree char *payload = seats_payload (uth_performance, "A-4", "sold");
  Subscribers one = { uth_performance, 1 };
  guint before = ts_live_get_n_connections (live ());

  peer_subscribe (stays, uth_performance);
  peer_subscribe (drops, uth_performance);
  g_assert_cmpuint (ts_live_get_n_subscribers (live (), uth_performance), ==, 2);

  /* gone without a goodbye, as a laptop that loses its network */
  g_io_stream_close (soup_websocket_connection_get_io_stream (drops->ws), NULL, NULL);
  g_assert_true (ts_test_wait_until (subscribers_are, &one, 5000));
  g_assert_cmpuint (ts_live_get_n_connections (live ()), ==, before - 1);
  peer_free (drops);

  publish (payload);
  peer_expect (stays, payload);
}

static void
expect_seat (Peer       *peer,
             const char *guid,
             const char *state,
             const char *letter)
{
  g_autofree char *message = peer_next (peer, 5000);
  g_autoptr(JsonNode) node = message ? json_from_string (message, NULL) : NULL;
  JsonObject *object, *seat;
  JsonArray *seats;

  if (node == NULL)
    g_error ("Expected a change of seat %s, got %s", guid, message ? message : "nothing");
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "performance_id"), ==, uth_performance);
  seats = json_object_get_array_member (object, "seats");
  g_assert_cmpuint (json_array_get_length (seats), ==, 1);
  seat = json_array_get_object_element (seats, 0);
  g_assert_cmpstr (json_object_get_string_member (seat, "guid"), ==, guid);
  g_assert_cmpstr (json_object_get_string_member (seat, "state"), ==, state);
  g_assert_cmpstr (json_object_get_string_member_with_default (seat, "letter", NULL), ==, letter);
}

/* End to end with migration 009's triggers: a claim is published by the
 * transaction that writes it, when it commits, and never if it rolls back. */
static void
test_published_by_claims (void)
{
  g_autoptr(Peer) uth = peer_connect (uth_boxoffice);
  g_autofree char *hold = g_strdup_printf (
      "INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)"
      " VALUES (%" G_GINT64_FORMAT ", 'E2E-1', 'held', %" G_GINT64_FORMAT ", 'c')",
      uth_performance, ts_test_outlet_id (server, "UTH"));
  g_autofree char *rolled_back = g_strdup_printf ("BEGIN; %s; ROLLBACK", hold);
  g_autofree char *release = g_strdup_printf (
      "DELETE FROM seat_claim WHERE performance_id = %" G_GINT64_FORMAT " AND seat_guid = 'E2E-1'",
      uth_performance);

  peer_subscribe (uth, uth_performance);
  owner_exec (rolled_back);
  peer_expect_silence (uth, 150);
  owner_exec (hold);
  expect_seat (uth, "E2E-1", "held", "c");
  owner_exec (release);
  expect_seat (uth, "E2E-1", "available", NULL);
}

/* Granted once is not granted for ever: sessions end and sales windows
 * close (E4, M6), and the periodic recheck stops what may no longer be seen. */
static void
test_recheck (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(Peer) ath = peer_connect (ath_boxoffice);
  g_autoptr(Peer) uth = peer_connect (token);
  g_autofree char *payload = seats_payload (uth_performance, "R-1", "sold");
  g_autofree char *open_window = g_strdup_printf (
      "UPDATE performance SET allow_other_outlets = true, outlets_on_sale = now () - interval '1 day'"
      " WHERE id = %" G_GINT64_FORMAT, uth_performance);
  g_autofree char *close_window = g_strdup_printf (
      "UPDATE performance SET outlets_off_sale = now () - interval '1 minute'"
      " WHERE id = %" G_GINT64_FORMAT, uth_performance);
  g_autofree char *restore = g_strdup_printf (
      "UPDATE performance SET allow_other_outlets = false, outlets_on_sale = NULL, outlets_off_sale = NULL"
      " WHERE id = %" G_GINT64_FORMAT, uth_performance);

  /* UTH lets every outlet sell the performance, and the window is open */
  owner_exec (open_window);
  peer_subscribe (ath, uth_performance);
  peer_subscribe (uth, uth_performance);
  ts_live_recheck (live ());
  peer_expect_silence (ath, 200);
  publish (payload);
  peer_expect (ath, payload);
  peer_expect (uth, payload);

  /* the other outlets' window closes; the manager signs out elsewhere */
  owner_exec (close_window);
  sign_out (token);
  ts_live_recheck (live ());
  peer_expect_error (ath, "not_found", uth_performance);
  peer_expect_error (uth, "unauthorized", 0);
  g_assert_true (ts_test_wait_until (peer_is_closed, uth, 5000));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (uth->ws), ==,
                    SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  publish (payload);
  peer_expect_silence (ath, 150);

  owner_exec (restore);
}

typedef struct
{
  const char *why;
  const char *change;          /* PATCH body of the performance, by its owner */
  gint64      delay_ms;        /* the change takes effect this much later (a window that closes) */
} AccessChange;

/* E3, E4: the owning outlet takes back the right to view its performance —
 * allowed at other outlets no more, another list of outlets, cancelled, or
 * the other outlets' window closes by the clock — and the other outlet's
 * updates of it stop within two seconds (at once, or of the closing time). */
static void
test_permission_change_stops_at_once (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(Peer) ath = peer_connect (ath_boxoffice);
  g_autofree char *url = g_strdup_printf ("/api/v1/performances/%" G_GINT64_FORMAT, uth_performance);
  g_autofree char *payload = seats_payload (uth_performance, "P-1", "sold");
  g_autofree char *tix_only = g_strdup_printf ("{\"permitted_outlets\": [%" G_GINT64_FORMAT "]}",
                                               ts_test_outlet_id (server, "TIX"));
  g_autoptr(GDateTime) soon = NULL;
  g_autofree char *closes_soon = NULL;
  AccessChange changes[] = {
    { "allow_other_outlets turned off", "{\"allow_other_outlets\": false}", 0 },
    { "the outlet taken off the list", tix_only, 0 },
    { "the performance cancelled", "{\"status\": \"cancelled\"}", 0 },
    { "the other outlets' window closing", NULL, 1500 },
  };
  const char *reopen = "{\"allow_other_outlets\": true, \"status\": \"scheduled\", \"permitted_outlets\": null,"
                       " \"outlets_on_sale\": \"2020-01-01T00:00:00Z\", \"outlets_off_sale\": null}";

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      gint64 since;

      json_node_unref (ts_test_expect (server, "PATCH", url, manager, reopen, 200));
      peer_subscribe (ath, uth_performance);
      publish (payload);
      peer_expect (ath, payload);

      if (changes[i].change == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *when = NULL;

          soon = g_date_time_add_seconds (now, changes[i].delay_ms / 1000.0);
          when = g_date_time_format_iso8601 (soon);
          closes_soon = g_strdup_printf ("{\"outlets_off_sale\": \"%s\"}", when);
          changes[i].change = closes_soon;
        }
      json_node_unref (ts_test_expect (server, "PATCH", url, manager, changes[i].change, 200));
      since = g_get_monotonic_time () + changes[i].delay_ms * 1000;
      if (changes[i].delay_ms > 0)
        {
          /* still open until then */
          pause_ms ((guint) changes[i].delay_ms - 700);
          publish (payload);
          peer_expect (ath, payload);
        }
      if (!ts_test_wait_until (peer_has_message, ath, 2000 + (guint) changes[i].delay_ms))
        g_error ("Updates still flowed 2 s after %s", changes[i].why);
      g_test_message ("stopped %" G_GINT64_FORMAT " ms after %s", (g_get_monotonic_time () - since) / 1000,
                      changes[i].why);
      g_assert_cmpint (g_get_monotonic_time () - since, <, 2000 * 1000);
      peer_expect_error (ath, "not_found", uth_performance);
      g_assert_false (ath->closed);
      publish (payload);
      peer_expect_silence (ath, 100);
    }

  json_node_unref (ts_test_expect (server, "PATCH", url, manager,
                                   "{\"allow_other_outlets\": false, \"outlets_on_sale\": null, \"outlets_off_sale\": null,"
                                   " \"status\": \"scheduled\"}", 200));
}

static void
terminate_listener (void)
{
  PGconn *app = PQconnectdb (ts_test_server_get_app_conninfo (server));
  const char *params[] = { TS_LIVE_APPLICATION_NAME };
  PGresult *result;

  /* The owner role may not signal the application role's backends; the
   * application role may signal its own. */
  if (PQstatus (app) != CONNECTION_OK)
    g_error ("app connection: %s", PQerrorMessage (app));
  result = PQexecParams (app, "SELECT count (*) FILTER (WHERE pg_terminate_backend (pid)) "
                         "  FROM pg_stat_activity WHERE application_name = $1",
                         1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("pg_terminate_backend: %s", PQerrorMessage (app));
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "1");
  PQclear (result);
  PQfinish (app);
}

static void
test_listener_reconnects (void)
{
  g_autoptr(Peer) uth = peer_connect (uth_boxoffice);
  g_autofree char *reload = g_strdup_printf ("{\"performance_id\": %" G_GINT64_FORMAT ", \"reload\": true}",
                                             uth_performance);
  g_autofree char *payload = seats_payload (uth_performance, "A-5", "held");

  peer_subscribe (uth, uth_performance);
  g_assert_true (ts_live_is_listening (live ()));

  terminate_listener ();
  /* notifications published while it was away are lost: the subscribers
   * are told to reload once it listens again */
  peer_expect (uth, reload);
  g_assert_true (ts_live_is_listening (live ()));
  publish (payload);
  peer_expect (uth, payload);

  /* and again: the back-off starts afresh after a success */
  terminate_listener ();
  peer_expect (uth, reload);
  publish (payload);
  peer_expect (uth, payload);
}

#else

/* The client side (TsLiveClient) -------------------------------------------- */

/* What the client says of its connection (its "connected" property). */
static gboolean
is_connected (TsLiveClient *client)
{
  gboolean connected = FALSE;

  g_object_get (client, "connected", &connected, NULL);
  return connected;
}

typedef struct
{
  GPtrArray *changes;      /* JsonNode of each "seats-changed" */
  GArray    *subscribed;   /* gint64 */
  GArray    *failed;       /* gint64 */
  GQuark     failure_domain;
  int        failure_code;
} Events;

static void
on_seats_changed (TsLiveClient *client,
                  gint64        performance_id,
                  JsonNode     *payload,
                  Events       *events)
{
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (payload), "performance_id"), ==, performance_id);
  g_ptr_array_add (events->changes, json_node_ref (payload));
}

static void
on_subscribed (TsLiveClient *client,
               gint64        performance_id,
               Events       *events)
{
  g_array_append_val (events->subscribed, performance_id);
}

static void
on_failed (TsLiveClient *client,
           gint64        performance_id,
           GError       *error,
           Events       *events)
{
  g_array_append_val (events->failed, performance_id);
  events->failure_domain = error->domain;
  events->failure_code = error->code;
}

static gboolean
has_changes (gpointer data)
{
  return ((Events *) data)->changes->len > 0;
}

static gboolean
has_subscribed (gpointer data)
{
  return ((Events *) data)->subscribed->len > 0;
}

static gboolean
has_failed (gpointer data)
{
  return ((Events *) data)->failed->len > 0;
}

static void
events_clear (Events *events)
{
  g_ptr_array_set_size (events->changes, 0);
  g_array_set_size (events->subscribed, 0);
  g_array_set_size (events->failed, 0);
}

static void
assert_change (Events     *events,
               const char *expected)
{
  g_autoptr(JsonNode) node = json_from_string (expected, NULL);

  g_assert_cmpuint (events->changes->len, >, 0);
  if (!json_node_equal (g_ptr_array_index (events->changes, 0), node))
    {
      g_autofree char *text = json_to_string (g_ptr_array_index (events->changes, 0), FALSE);

      g_error ("Expected the change %s, got %s", expected, text);
    }
}

static TsApiClient *
signed_in_api (const char *outlet,
               const char *login,
               const char *password)
{
  TsApiClient *api = ts_api_client_new (ts_test_server_get_url (server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outlet_id = outlet ? ts_test_outlet_id (server, outlet) : 0;

  ts_api_client_sign_in_async (api, outlet_id, login, password, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ts_api_client_sign_in_finish (api, result, &error));
  g_assert_no_error (error);
  return api;
}

static void
test_client_updates_and_reconnects (void)
{
  g_autoptr(TsApiClient) api = signed_in_api ("UTH", "boxoffice", "boxoffice-password");
  g_autoptr(TsLiveClient) client = ts_live_client_new (api);
  Events events = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref), g_array_new (FALSE, FALSE, sizeof (gint64)),
                    g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0 };
  g_autofree char *payload = seats_payload (uth_performance, "C-1", "sold");
  g_autofree char *later = seats_payload (uth_performance, "C-2", "available");
  g_autofree char *reload = g_strdup_printf ("{\"performance_id\":%" G_GINT64_FORMAT ",\"reload\":true}",
                                             uth_performance);
  Subscribers none = { uth_performance, 0 };

  g_signal_connect (client, "seats-changed", G_CALLBACK (on_seats_changed), &events);
  g_signal_connect (client, "subscribed", G_CALLBACK (on_subscribed), &events);
  g_signal_connect (client, "subscription-failed", G_CALLBACK (on_failed), &events);

  /* connects on the first subscription */
  g_assert_false (is_connected (client));
  ts_live_client_subscribe (client, uth_performance);
  g_assert_true (ts_test_wait_until (has_subscribed, &events, 5000));
  g_assert_cmpint (g_array_index (events.subscribed, gint64, 0), ==, uth_performance);
  g_assert_true (is_connected (client));
  g_assert_true (ts_live_client_is_subscribed (client, uth_performance));

  publish (payload);
  g_assert_true (ts_test_wait_until (has_changes, &events, 5000));
  assert_change (&events, payload);
  events_clear (&events);

  /* not this outlet's to view */
  ts_live_client_subscribe (client, ath_performance);
  g_assert_true (ts_test_wait_until (has_failed, &events, 5000));
  g_assert_cmpint (g_array_index (events.failed, gint64, 0), ==, ath_performance);
  g_assert_true (events.failure_domain == TS_ERROR);
  g_assert_cmpint (events.failure_code, ==, TS_ERROR_NOT_FOUND);
  g_assert_false (ts_live_client_is_subscribed (client, ath_performance));
  events_clear (&events);

  /* the server drops every WebSocket: the client comes back, subscribes
   * again and is told to reload, since it may have missed updates */
  ts_live_disconnect_all (live ());
  g_assert_true (ts_test_wait_until (has_changes, &events, 10000));
  assert_change (&events, reload);
  g_assert_cmpuint (events.subscribed->len, ==, 1);
  g_assert_true (ts_live_client_is_subscribed (client, uth_performance));
  events_clear (&events);
  publish (later);
  g_assert_true (ts_test_wait_until (has_changes, &events, 5000));
  assert_change (&events, later);
  events_clear (&events);

  /* closing (at sign-out) forgets everything and does not come back */
  ts_live_client_close (client);
  g_assert_false (is_connected (client));
  g_assert_true (ts_test_wait_until (subscribers_are, &none, 5000));
  pause_ms (1000);
  g_assert_false (is_connected (client));
  publish (payload);
  pause_ms (100);
  g_assert_cmpuint (events.changes->len, ==, 0);

  g_signal_handlers_disconnect_by_data (client, &events);
  g_ptr_array_unref (events.changes);
  g_array_unref (events.subscribed);
  g_array_unref (events.failed);
}

#endif

/* Setup ---------------------------------------------------------------------- */

static gint64
create_performance (gint64 outlet_id,
                    gint64 map_id)
{
  g_autofree char *sql = g_strdup_printf (
      "WITH e AS (INSERT INTO event (outlet_id, name, map_id)"
      "           VALUES (%" G_GINT64_FORMAT ", 'Live updates', %" G_GINT64_FORMAT ") RETURNING id, outlet_id)"
      " INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit)"
      " SELECT id, outlet_id, now () + interval '30 days', 200, 200 FROM e RETURNING id",
      outlet_id, map_id);
  g_autofree char *id = ts_test_owner_sql (server, sql);

  return g_ascii_strtoll (id, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonNode) map = NULL;
  gint64 map_id;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = ts_test_server_new ();
  owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));
  if (PQstatus (owner) != CONNECTION_OK)
    g_error ("owner connection: %s", PQerrorMessage (owner));
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  {
    g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");

    map = ts_test_expect (server, "POST", "/api/v1/maps", manager,
                          "{\"format\": \"generator\", \"demo\": \"studio\"}", 201);
  }
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (map), "map"), "id");
  uth_performance = create_performance (ts_test_outlet_id (server, "UTH"), map_id);
  ath_performance = create_performance (ts_test_outlet_id (server, "ATH"), map_id);
  g_assert_true (ts_test_wait_until (listening, NULL, 5000));

#ifndef TS_TEST_LIVE_CLIENT
  g_test_add_func ("/live/upgrade-refused", test_upgrade_refused);
  g_test_add_func ("/live/deliver-to-subscribers-only", test_deliver_to_subscribers_only);
  g_test_add_func ("/live/subscribe-refused", test_subscribe_refused);
  g_test_add_func ("/live/unsubscribe", test_unsubscribe);
  g_test_add_func ("/live/session-ended", test_session_ended);
  g_test_add_func ("/live/dropped-connection", test_dropped_connection);
  g_test_add_func ("/live/published-by-claims", test_published_by_claims);
  g_test_add_func ("/live/recheck", test_recheck);
  g_test_add_func ("/live/access-ends-at-once", test_access_ends_at_once);
  g_test_add_func ("/live/permission-change-stops-at-once", test_permission_change_stops_at_once);
  g_test_add_func ("/live/listener-reconnects", test_listener_reconnects);
#else
  g_test_add_func ("/live/client/updates-and-reconnects", test_client_updates_and_reconnects);
#endif

  status = g_test_run ();

  PQfinish (owner);
  g_free (master);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  ts_test_server_free (server);
  return status;
}
