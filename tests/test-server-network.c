/* test-server-network.c — the HTTP edge seen from the wire: what an attacker
 * (or a broken client) can send, and that the server stays up and keeps
 * answering everyone else */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-router.h"
#include "ts-server-config.h"
#include "ts-test-client.h"

static TsTestServer *server;

/* Raw connections ------------------------------------------------------------
 *
 * The server answers on this thread's main context, so a raw client runs in
 * a thread of its own while this one iterates the context. */

typedef struct
{
  GThreadFunc  func;
  gpointer     data;
  gpointer     result;
  gboolean     done;
} Job;

static gpointer
job_thread (gpointer user_data)
{
  Job *job = user_data;

  job->result = job->func (job->data);
  g_atomic_int_set (&job->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs func (data) in a thread while serving; returns what it returned. */
static gpointer
run_client (GThreadFunc func,
            gpointer    data)
{
  Job job = { func, data, NULL, FALSE };
  GThread *thread = g_thread_new ("client", job_thread, &job);

  while (!g_atomic_int_get (&job.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  return job.result;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Serves for a while (lets timers of the server run). */
static void
serve_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint16
server_port (void)
{
  return (guint16) ts_server_get_port (ts_test_server_get_server (server));
}

/* A blocking connection to the server, with a timeout so that a test fails
 * instead of hanging. */
static GSocket *
raw_connect (guint timeout_seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, server_port ());
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_timeout (socket, timeout_seconds);
  if (!g_socket_connect (socket, address, NULL, &error))
    {
      g_object_unref (socket);
      return NULL;
    }
  return socket;
}

static gboolean
raw_send (GSocket    *socket,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize sent = g_socket_send (socket, data, length, NULL, NULL);

      if (sent <= 0)
        return FALSE;
      data += sent;
      length -= sent;
    }
  return TRUE;
}

/* Reads one response: headers, then Content-Length bytes of body (or until
 * the connection ends).  NULL when nothing came at all. */
static char *
raw_read_response (GSocket *socket)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  const char *end_of_headers = NULL;
  gsize wanted = G_MAXSIZE;

  for (;;)
    {
      gssize got;

      if (end_of_headers != NULL && text->len >= wanted)
        break;
      got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (got <= 0)
        break;
      g_string_append_len (text, buffer, got);
      if (end_of_headers == NULL && (end_of_headers = strstr (text->str, "\r\n\r\n")) != NULL)
        {
          const char *length = strstr (text->str, "Content-Length: ");

          wanted = (gsize) (end_of_headers + 4 - text->str);
          if (length != NULL && length < end_of_headers)
            wanted += g_ascii_strtoull (length + 16, NULL, 10);
        }
    }
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* TRUE when the server has closed the connection (end of stream or reset)
 * within the socket's timeout. */
static gboolean
raw_closed_by_server (GSocket *socket)
{
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize got = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (got == 0)
        return TRUE;
      if (got < 0)
        return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    }
}

static guint
response_status (const char *response)
{
  if (response == NULL || !g_str_has_prefix (response, "HTTP/1.1 "))
    return 0;
  return (guint) g_ascii_strtoull (response + 9, NULL, 10);
}

static const char *
response_body (const char *response)
{
  const char *at = response ? strstr (response, "\r\n\r\n") : NULL;

  return at ? at + 4 : "";
}

/* One request on a new connection; returns the response or NULL. */
typedef struct
{
  const char *bytes;
  gsize       length;
} RawRequest;

static gpointer
raw_exchange_thread (gpointer data)
{
  RawRequest *request = data;
  g_autoptr(GSocket) socket = raw_connect (20);

  if (socket == NULL || !raw_send (socket, request->bytes, request->length))
    return NULL;
  return raw_read_response (socket);
}

static char *
raw_exchange (const char *bytes,
              gsize       length)
{
  RawRequest request = { bytes, length };

  return run_client (raw_exchange_thread, &request);
}

/* A request with a JSON body given as bytes (it may hold NUL or bad UTF-8). */
static char *
raw_call (const char *method,
          const char *path,
          const char *token,
          const char *body,
          gsize       length)
{
  g_autoptr(GString) request = g_string_new (NULL);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                          method, path);
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          length);
  g_string_append_len (request, body, length);
  return raw_exchange (request->str, request->len);
}

static guint
count_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
assert_still_answers (void)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);

  g_assert_cmpstr (ts_test_member_string (answer, "status"), ==, "ok");
}

/* 1. No request body can crash it -------------------------------------------- */

static char *
deep_body (const char *open,
           const char *close,
           guint       depth)
{
  GString *body = g_string_sized_new (depth * (strlen (open) + strlen (close)));

  for (guint i = 0; i < depth; i++)
    g_string_append (body, open);
  for (guint i = 0; i < depth; i++)
    g_string_append (body, close);
  return g_string_free (body, FALSE);
}

/* A concrete path for a route pattern. */
static char *
route_path (const TsRoute *route)
{
  g_autofree char *ids = NULL;
  g_auto(GStrv) parts = g_strsplit (route->pattern, "{id}", -1);
  g_autofree char *joined = g_strjoinv ("1", parts);
  g_auto(GStrv) keys = g_strsplit (joined, "{key}", -1);

  ids = g_strjoinv ("a", keys);
  return g_strconcat ("/api/v1", ids, NULL);
}

static const char *
error_message_of (JsonNode *answer)
{
  JsonObject *error;

  g_assert_nonnull (answer);
  error = json_object_get_object_member (json_node_get_object (answer), "error");
  g_assert_nonnull (error);
  return json_object_get_string_member (error, "message");
}

static void
expect_body_refused (const char *method,
                     const char *path,
                     const char *token,
                     const char *body,
                     const char *in_message)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = ts_test_call (server, method, path, token, body, &status);
  const char *message;

  if (status != 400)
    g_error ("%s %s (%s): %u, not 400", method, path, token ? "signed in" : "signed out", status);
  g_assert_cmpstr (ts_test_error_code (answer), ==, "invalid_input");
  message = error_message_of (answer);
  if (!g_str_has_prefix (message, "body: ") || strstr (message, in_message) == NULL)
    g_error ("%s %s: expected “%s” in “%s”", method, path, in_message, message);
}

static void
test_deep_body (void)
{
  /* ~75,000 nested arrays in 150 KB once overflowed the stack inside
   * json-glib and killed the server, with no sign-in needed */
  g_autofree char *arrays = deep_body ("[", "]", 75000);
  g_autofree char *objects = deep_body ("{\"a\":", "}", 30000);
  g_autofree char *master = ts_test_sign_in (server, NULL, "master", "master-password");
  const char *unknown[] = { "/api/v1/nothing", "/api/v1/outlets/1/nothing", "/api/v1/", NULL };
  gsize n_routes;
  const TsRoute *routes = ts_router_routes (&n_routes);

  for (gsize i = 0; i < n_routes; i++)
    {
      g_autofree char *path = route_path (&routes[i]);

      expect_body_refused (routes[i].method, path, NULL, arrays, "nested deeper than 64 levels");
      expect_body_refused (routes[i].method, path, master, arrays, "nested deeper than 64 levels");
      expect_body_refused (routes[i].method, path, master, objects, "nested deeper than 64 levels");
    }
  for (guint i = 0; unknown[i] != NULL; i++)
    {
      expect_body_refused ("POST", unknown[i], NULL, arrays, "nested deeper than 64 levels");
      expect_body_refused ("GET", unknown[i], master, objects, "nested deeper than 64 levels");
    }
  /* outside the API nothing reads a body */
  {
    guint status = 0;
    g_autoptr(JsonNode) answer = ts_test_call (server, "POST", "/elsewhere", NULL, arrays, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  assert_still_answers ();
}

/* Not JSON, though json-glib 1.6 would take some of it: refused before any
 * handler sees it, saying where. */
static void
test_only_json (void)
{
  static const struct
  {
    const char *bytes;
    gsize       length;     /* 0: strlen */
    const char *in_message;
  } bodies[] = {
    { "{'login': 'x', 'password': 'y'}", 0, "double quotes" },
    { "{\"login\": \"x\", /* hi */ \"password\": \"y\"}", 0, "no comments" },
    { "{\"login\": \"x\", \"password\": \"y\",}", 0, "trailing comma" },
    { "{\"login\": x}", 0, "not a JSON value" },
    { "{\"login\": NaN}", 0, "not a JSON value" },
    { "{\"login\": 0x10}", 0, "not a JSON number" },
    { "{\"login\": 007}", 0, "not a JSON number" },
    { "{\"login\": 9223372036854775808}", 0, "login: the integer" },
    { "{\"login\": \"a\", \"login\": \"b\"}", 0, "appears twice" },
    { "{\"login\": \"ma\0ster\", \"password\": \"y\"}", 37, "NUL" },
    { "{\"login\": \"ma\\u0000ster\", \"password\": \"y\"}", 0, "NUL" },
    { "{\"login\": \"\xff\xfe\", \"password\": \"y\"}", 0, "not valid UTF-8" },
    { "{\"login\": \"\\udc00\", \"password\": \"y\"}", 0, "lone surrogate" },
    { "  ", 0, "expected a value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      gsize length = bodies[i].length ? bodies[i].length : strlen (bodies[i].bytes);
      g_autofree char *response = raw_call ("POST", "/api/v1/session", NULL, bodies[i].bytes, length);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *refusal;

      g_assert_cmpuint (response_status (response), ==, 400);
      g_assert_true (json_parser_load_from_data (parser, response_body (response), -1, &error));
      refusal = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
      g_assert_cmpstr (json_object_get_string_member (refusal, "code"), ==, "invalid_input");
      if (!g_str_has_prefix (json_object_get_string_member (refusal, "message"), "body: ")
          || strstr (json_object_get_string_member (refusal, "message"), bodies[i].in_message) == NULL)
        g_error ("body %u: “%s” does not say “%s”", i, json_object_get_string_member (refusal, "message"),
                 bodies[i].in_message);
    }

  /* the message names the place, deep inside the body */
  {
    g_autofree char *agent = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");

    expect_body_refused ("POST", "/api/v1/carts/hold", agent,
                         "{\"cart_id\": \"x\", \"seats\": [1, 2, 3, {\"number\": 99999999999999999999}]}",
                         "body: seats[3].number: the integer “9999999999999999…” does not fit in 64 bits");
  }
  assert_still_answers ();
}

/* 4. Routes that take no body refuse one ---------------------------------------- */

static void
test_no_body_routes (void)
{
  g_autofree char *master = ts_test_sign_in (server, NULL, "master", "master-password");
  gsize n_routes;
  const TsRoute *routes = ts_router_routes (&n_routes);
  guint n_checked = 0;

  for (gsize i = 0; i < n_routes; i++)
    {
      g_autofree char *path = NULL;

      if (routes[i].body != TS_ROUTE_NO_BODY)
        continue;
      path = route_path (&routes[i]);
      expect_body_refused (routes[i].method, path, NULL, "{\"outlet_id\": 1}", "takes no body");
      expect_body_refused (routes[i].method, path, master, "{\"outlet_id\": 1}", "takes no body");
      expect_body_refused (routes[i].method, path, master, "[]", "takes no body");
      expect_body_refused (routes[i].method, path, master, "null", "takes no body");
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 40);

  /* nothing, or {}, is fine */
  {
    g_autofree char *agent = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
    g_autoptr(JsonNode) a = ts_test_expect (server, "GET", "/api/v1/health", NULL, "{}", 200);
    g_autoptr(JsonNode) b = ts_test_expect (server, "GET", "/api/v1/outlets", master, " { } ", 200);
    g_autoptr(JsonNode) c = ts_test_expect (server, "POST", "/api/v1/carts", agent, "{}", 201);
    g_autoptr(JsonNode) d = ts_test_expect (server, "POST", "/api/v1/carts", agent, NULL, 201);
  }
}

/* 2. Connections do not leak ------------------------------------------------ */

typedef struct
{
  guint n;
  guint answered;
} ManyConnections;

static gpointer
many_short_connections (gpointer data)
{
  ManyConnections *many = data;
  const char *request = "GET /api/v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  for (guint i = 0; i < many->n; i++)
    {
      g_autoptr(GSocket) socket = raw_connect (10);
      g_autofree char *response = NULL;

      if (socket == NULL || !raw_send (socket, request, strlen (request)))
        break;
      /* keep-alive: the server keeps the connection after answering; the
       * client then closes it while it is idle */
      response = raw_read_response (socket);
      if (response_status (response) == 404)
        many->answered++;
      g_socket_close (socket, NULL);
    }
  return NULL;
}

static void
test_closed_connections_do_not_leak (void)
{
  ManyConnections many = { 3000, 0 };
  guint before, after;

  assert_still_answers ();
  serve_for (200);
  before = count_open_files ();
  run_client (many_short_connections, &many);
  serve_for (500);
  after = count_open_files ();
  g_test_message ("open files: %u before, %u after %u connections", before, after, many.n);
  g_assert_cmpuint (many.answered, ==, many.n);
  g_assert_cmpuint (after, <=, before + 10);
  assert_still_answers ();
}

static gpointer
two_requests_one_connection (gpointer data)
{
  const char *request = "GET /api/v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GSocket) socket = raw_connect (10);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (socket == NULL || !raw_send (socket, request, strlen (request)))
    return GINT_TO_POINTER (FALSE);
  first = raw_read_response (socket);
  if (!raw_send (socket, request, strlen (request)))
    return GINT_TO_POINTER (FALSE);
  second = raw_read_response (socket);
  return GINT_TO_POINTER (response_status (first) == 404 && response_status (second) == 404);
}

/* Connections are still kept alive between requests. */
static void
test_keep_alive (void)
{
  g_assert_true (GPOINTER_TO_INT (run_client (two_requests_one_connection, NULL)));
}

typedef struct
{
  gdouble waited;        /* seconds until the server closed, or -1 */
  char   *response;
} Waited;

static gpointer
idle_after_one_request (gpointer data)
{
  Waited *waited = data;
  const char *request = "GET /api/v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GSocket) socket = raw_connect (10);
  gint64 start;

  waited->waited = -1;
  if (socket == NULL || !raw_send (socket, request, strlen (request)))
    return NULL;
  waited->response = raw_read_response (socket);
  start = g_get_monotonic_time ();
  if (raw_closed_by_server (socket))
    waited->waited = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;
  return NULL;
}

/* An idle keep-alive connection is closed after idle-timeout seconds. */
static void
test_idle_timeout (void)
{
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  guint saved = config->idle_timeout;
  Waited waited = { -1, NULL };

  config->idle_timeout = 1;     /* shortened for the test (default 75 s) */
  run_client (idle_after_one_request, &waited);
  config->idle_timeout = saved;
  g_assert_cmpuint (response_status (waited.response), ==, 404);
  g_test_message ("closed after %.2f s idle", waited.waited);
  g_assert_cmpfloat (waited.waited, >=, 0.5);
  g_assert_cmpfloat (waited.waited, <, 5);
  g_free (waited.response);
}

typedef struct
{
  gboolean    slow_headers;
  gdouble     cut_after;     /* seconds until the server ended it, or -1 */
  guint       bytes_sent;
  guint       status;        /* of the answer, if one came */
} Trickle;

/* Sends a request one byte every 200 ms; the body alone would take 60 s. */
static gpointer
trickle (gpointer data)
{
  Trickle *t = data;
  g_autofree char *request = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Content-Type: application/json\r\nContent-Length: 300\r\n\r\n%300s", "");
  g_autoptr(GSocket) socket = raw_connect (10);
  gsize headers = strstr (request, "\r\n\r\n") + 4 - request;
  gint64 start = g_get_monotonic_time ();
  gsize at = 0;

  t->cut_after = -1;
  if (socket == NULL)
    return NULL;
  if (!t->slow_headers)
    {
      raw_send (socket, request, headers);
      at = headers;
    }
  for (; at < strlen (request); at++)
    {
      if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0
          || !raw_send (socket, request + at, 1))
        break;
      t->bytes_sent++;
      g_usleep (200 * 1000);
    }
  {
    g_autofree char *answer = raw_read_response (socket);

    t->status = response_status (answer);
  }
  if (raw_closed_by_server (socket))
    t->cut_after = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;
  return NULL;
}

/* Slowloris: a request whose headers or body trickle in is not waited for
 * beyond request-timeout. */
static void
test_slow_request (void)
{
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  guint saved = config->request_timeout;

  config->request_timeout = 2;     /* shortened for the test (default 60 s) */
  for (int slow_headers = 0; slow_headers < 2; slow_headers++)
    {
      Trickle t = { slow_headers, -1, 0, 0 };

      run_client (trickle, &t);
      g_test_message ("%s: cut after %.2f s, %u bytes, answered %u", slow_headers ? "headers" : "body",
                      t.cut_after, t.bytes_sent, t.status);
      g_assert_cmpfloat (t.cut_after, >=, 1.5);
      g_assert_cmpfloat (t.cut_after, <, 8);
      g_assert_cmpuint (t.status, ==, 408);
    }
  config->request_timeout = saved;
  assert_still_answers ();
}

typedef struct
{
  gboolean stuffed;
  gboolean done;
  gsize    sent;
  int      fd;
} Stuffing;

/* Pipelines requests and never reads an answer. */
static gpointer
never_read (gpointer data)
{
  Stuffing *stuffing = data;
  const char *request = "GET /api/v1/nothing/to/see/here/at/all HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GSocket) socket = raw_connect (1);
  gint64 end = g_get_monotonic_time () + 1500 * 1000;

  stuffing->fd = socket ? g_socket_get_fd (socket) : -1;
  while (socket != NULL && g_get_monotonic_time () < end)
    {
      if (g_socket_send (socket, request, strlen (request), NULL, NULL) <= 0)
        break;
      stuffing->sent += strlen (request);
    }
  g_atomic_int_set (&stuffing->stuffed, TRUE);
  while (!g_atomic_int_get (&stuffing->done))
    g_usleep (10 * 1000);
  return NULL;
}

/* Whether the server has ended this connection (its FIN or reset came), as
 * the client's kernel sees it, without reading what is waiting. */
static gboolean
ended_by_server (int fd)
{
  struct tcp_info info;
  socklen_t length = sizeof info;

  if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
    return TRUE;
  return info.tcpi_state != TCP_ESTABLISHED;
}

/* A client that asks and never reads its answers (they pile up in the
 * server's memory) is closed once the answer has not moved for
 * request-timeout seconds. */
static void
test_answer_not_taken (void)
{
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  guint saved = config->request_timeout;
  Stuffing stuffing = { FALSE, FALSE, 0, -1 };
  GThread *thread;
  gint64 start, closed_after = -1;

  config->request_timeout = 2;
  thread = g_thread_new ("client", never_read, &stuffing);
  while (!g_atomic_int_get (&stuffing.stuffed))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (stuffing.fd, >=, 0);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    {
      serve_for (100);
      if (ended_by_server (stuffing.fd))
        {
          closed_after = g_get_monotonic_time () - start;
          break;
        }
    }
  config->request_timeout = saved;
  g_atomic_int_set (&stuffing.done, TRUE);
  g_thread_join (thread);
  g_test_message ("sent %" G_GSIZE_FORMAT " KiB of requests; closed %.2f s after", stuffing.sent / 1024,
                  closed_after / (gdouble) G_USEC_PER_SEC);
  g_assert_cmpint (closed_after, >=, 0);
  assert_still_answers ();
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The live feed's WebSocket is not an idle HTTP connection: the idle
 * timeout leaves it alone (it has its own keep-alive). */
static void
test_websocket_not_idle_closed (void)
{
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  TsLive *live = ts_server_get_live (ts_test_server_get_server (server));
  g_autofree char *token = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  g_autofree char *url = g_strdup_printf ("%s/api/v1/live?token=%s", ts_test_server_get_url (server), token);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  guint saved = config->idle_timeout;

  config->idle_timeout = 1;
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ws = soup_session_websocket_connect_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ts_live_get_n_connections (live), ==, 1);
  serve_for (3500);
  config->idle_timeout = saved;
  g_assert_cmpint (soup_websocket_connection_get_state (ws), ==, SOUP_WEBSOCKET_STATE_OPEN);
  g_assert_cmpuint (ts_live_get_n_connections (live), ==, 1);
  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_CLOSED)
    g_main_context_iteration (NULL, TRUE);
}

/* 3. Body limits hold for chunked bodies too --------------------------------- */

static guint
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + 6, NULL, 10);
}

typedef struct
{
  gsize  total;
  gsize  sent;
  char  *response;
} Flood;

/* A chunked body of up to total bytes; stops as soon as an answer comes. */
static gpointer
chunked_flood (gpointer data)
{
  Flood *flood = data;
  const char *headers = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  gsize chunk_size = 64 * 1024;
  g_autofree char *chunk = g_malloc (chunk_size + 32);
  g_autoptr(GSocket) socket = raw_connect (10);
  int header_length;

  if (socket == NULL || !raw_send (socket, headers, strlen (headers)))
    return NULL;
  header_length = g_snprintf (chunk, 32, "%" G_GSIZE_MODIFIER "x\r\n", chunk_size);
  memset (chunk + header_length, ' ', chunk_size);
  memcpy (chunk + header_length + chunk_size, "\r\n", 2);
  chunk[header_length] = '[';
  while (flood->sent < flood->total)
    {
      if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0)
        break;
      if (!raw_send (socket, chunk, header_length + chunk_size + 2))
        break;
      chunk[header_length] = ' ';
      flood->sent += chunk_size;
    }
  flood->response = raw_read_response (socket);
  return NULL;
}

static void
test_chunked_body_limit (void)
{
  Flood flood = { 200 * 1024 * 1024, 0, NULL };
  guint before, after;

  serve_for (100);
  before = resident_kb ();
  run_client (chunked_flood, &flood);
  after = resident_kb ();
  g_test_message ("sent %" G_GSIZE_FORMAT " KiB of a 200 MiB chunked body; resident %u → %u KiB",
                  flood.sent / 1024, before, after);
  g_assert_cmpuint (response_status (flood.response), ==, 413);
  g_assert_nonnull (strstr (response_body (flood.response), "\"too_large\""));
  /* reading stopped at the limit (1 MiB): nothing like the body is held */
  g_assert_cmpuint (flood.sent, <, 64 * 1024 * 1024);
  g_assert_cmpuint (after, <, before + 64 * 1024);
  g_free (flood.response);
  assert_still_answers ();
}

/* A Content-Length over the limit is refused from the headers: the body is
 * not even waited for. */
static void
test_declared_body_limit (void)
{
  const char *request = "PUT /api/v1/maps/1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n{";
  g_autofree char *answer = raw_exchange (request, strlen (request));

  g_assert_cmpuint (response_status (answer), ==, 413);
  g_assert_nonnull (strstr (response_body (answer), "larger than 32768 KiB"));
  assert_still_answers ();
}

typedef struct
{
  char *second;
  char *third;
} Budget;

/* Sends a chunked upload of size bytes (a plan: 32 MiB allowed) and, when
 * finish, its end; stops early if an answer comes. */
static gboolean
send_upload (GSocket *socket,
             gsize    size,
             gboolean finish)
{
  const char *headers = "PUT /api/v1/maps/1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  g_autofree char *chunk = g_strdup_printf ("4000\r\n%16384s\r\n", "");
  gsize sent = 0;

  if (!raw_send (socket, headers, strlen (headers)))
    return FALSE;
  while (sent < size)
    {
      if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP) != 0)
        return FALSE;
      if (!raw_send (socket, chunk, strlen (chunk)))
        return FALSE;
      sent += 16384;
    }
  return !finish || raw_send (socket, "1\r\n1\r\n0\r\n\r\n", 13);
}

static gpointer
uploads_over_budget (gpointer data)
{
  Budget *budget = data;
  g_autoptr(GSocket) first = raw_connect (10);
  g_autoptr(GSocket) second = raw_connect (10);
  g_autoptr(GSocket) third = NULL;

  /* the first upload holds 1.5 MiB and waits; the second goes past 2 MiB */
  send_upload (first, 1536 * 1024, FALSE);
  g_usleep (200 * 1000);
  send_upload (second, 1536 * 1024, FALSE);
  budget->second = raw_read_response (second);
  /* once the first has gone, the memory is free again */
  g_clear_object (&first);
  g_usleep (200 * 1000);
  third = raw_connect (10);
  send_upload (third, 1536 * 1024, TRUE);
  budget->third = raw_read_response (third);
  return NULL;
}

/* All the bodies being received at once are bounded too (many slow uploads
 * must not add up to the memory of the machine): past max-body-memory-mb,
 * 503. */
static void
test_body_memory_budget (void)
{
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  guint saved = config->max_body_memory_mb;
  Budget budget = { NULL, NULL };

  config->max_body_memory_mb = 2;    /* shortened for the test (default 256) */
  run_client (uploads_over_budget, &budget);
  config->max_body_memory_mb = saved;
  g_assert_cmpuint (response_status (budget.second), ==, 503);
  g_assert_nonnull (strstr (response_body (budget.second), "\"unavailable\""));
  /* read whole, then refused for what it is: not signed in */
  g_assert_cmpuint (response_status (budget.third), ==, 401);
  g_free (budget.second);
  g_free (budget.third);
  assert_still_answers ();
}

static void
test_config_settings (void)
{
  g_autoptr(TsServerConfig) config = ts_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("tessera-network-XXXXXX.ini", &path, &error);
  const char *bad[] = { "idle-timeout=0", "request-timeout=0", "max-connections=0",
                        "max-body-memory-mb=10", "shutdown-timeout=99999", NULL };

  g_assert_no_error (error);
  close (fd);
  /* the defaults */
  g_assert_cmpuint (config->idle_timeout, ==, 75);
  g_assert_cmpuint (config->request_timeout, ==, 60);
  g_assert_cmpuint (config->shutdown_timeout, ==, 10);
  g_assert_cmpuint (config->max_connections, ==, 1000);
  g_assert_cmpuint (config->max_body_memory_mb, ==, 256);

  g_file_set_contents (path, "[server]\nidle-timeout=30\nrequest-timeout=20\nshutdown-timeout=5\n"
                       "max-connections=200\nmax-body-memory-mb=128\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_true (ts_server_config_validate (config, &error));
  g_assert_cmpuint (config->idle_timeout, ==, 30);
  g_assert_cmpuint (config->request_timeout, ==, 20);
  g_assert_cmpuint (config->shutdown_timeout, ==, 5);
  g_assert_cmpuint (config->max_connections, ==, 200);
  g_assert_cmpuint (config->max_body_memory_mb, ==, 128);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(TsServerConfig) other = ts_server_config_new ();
      g_autofree char *text = g_strdup_printf ("[server]\n%s\n", bad[i]);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (ts_server_config_load_file (other, path, &error));
      g_assert_false (ts_server_config_validate (other, &error));
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_unlink (path);
}

/* The config file: every kind of setting is read into its field, and what is
 * not a setting, or not of its kind, is refused naming it. */
static void
test_config_file (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } refused[] = {
    { "[web]\nport=1\n", "unknown group [web] (expected [server] and [database])" },
    { "[server]\nprot=1\n", "unknown setting “prot” in group [server]" },
    { "[server]\nport=1\n[database]\nlisten=x\n", "unknown setting “listen” in group [database]" },
    { "[server]\nport=-1\n", "[server] port must be a non-negative whole number" },
    { "[server]\nport=eighty\n", "[server] port must be a non-negative whole number" },
    { "[database]\npool-size=99999999999\n", "[database] pool-size must be a non-negative whole number" },
    { "[server]\nverbose=sometimes\n", "[server] verbose must be true or false" },
  };
  g_autoptr(TsServerConfig) config = ts_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("tessera-network-XXXXXX.ini", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path,
                       "[server]\nlisten=0.0.0.0\nport=8443\nverbose=true\ndemo-data=true\n"
                       "sign-in-burst=7\n[database]\nconninfo=dbname=x\npg-user=nobody\npool-size=3\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->listen_address, ==, "0.0.0.0");
  g_assert_cmpuint (config->port, ==, 8443);
  g_assert_true (config->verbose);
  g_assert_true (config->demo_data);
  g_assert_false (config->demo_season);
  g_assert_cmpuint (config->sign_in_burst, ==, 7);
  g_assert_cmpstr (config->database, ==, "dbname=x");
  g_assert_cmpstr (config->pg_user, ==, "nobody");
  g_assert_cmpuint (config->pool_size, ==, 3);
  g_assert_cmpuint (config->sign_in_pool_size, ==, 2);     /* untouched: the default */
  g_assert_null (config->tls_certificate);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(TsServerConfig) other = ts_server_config_new ();

      g_file_set_contents (path, refused[i].text, -1, &error);
      g_assert_no_error (error);
      g_assert_false (ts_server_config_load_file (other, path, &error));
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      g_assert_true (g_str_has_suffix (error->message, refused[i].message));
      g_clear_error (&error);
    }
  g_unlink (path);
}

/* Whatever else may arrive --------------------------------------------------- */

static void
test_huge_requests (void)
{
  g_autoptr(GString) request = g_string_new ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  g_autofree char *answer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  /* headers larger than libsoup's 64 KiB: the connection ends, nothing else */
  g_string_append (request, "X-Big: ");
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (request, 'a');
  g_string_append (request, "\r\n\r\n");
  answer = raw_exchange (request->str, request->len);
  g_assert_true (answer == NULL || response_status (answer) >= 400);
  assert_still_answers ();

  /* many headers, within the size */
  g_clear_pointer (&answer, g_free);
  g_string_assign (request, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (request, "X-%u: b\r\n", i);
  g_string_append (request, "Connection: close\r\n\r\n");
  answer = raw_exchange (request->str, request->len);
  g_assert_cmpuint (response_status (answer), ==, 200);

  /* a 60 KB path is not echoed back whole */
  g_clear_pointer (&answer, g_free);
  path = g_strnfill (60 * 1024, 'p');
  url = g_strdup_printf ("GET /api/v1/%s?q=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                         path, "x");
  answer = raw_exchange (url, strlen (url));
  g_assert_cmpuint (response_status (answer), ==, 404);
  g_assert_cmpuint (strlen (response_body (answer)), <, 400);

  /* bad percent-escapes and bytes that are not UTF-8 in a path */
  g_clear_pointer (&answer, g_free);
  {
    const char *odd = "GET /api/v1/%ff%fe%00x%C0%AF HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    answer = raw_exchange (odd, strlen (odd));
  }
  g_assert_cmpuint (response_status (answer) / 100, ==, 4);
  g_assert_true (g_utf8_validate (response_body (answer), -1, NULL));
  g_clear_pointer (&answer, g_free);
  {
    const char *odd = "GET /api/v1/caf%C3%28/%F0%28%8C%BC HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    answer = raw_exchange (odd, strlen (odd));
  }
  g_assert_cmpuint (response_status (answer), ==, 404);
  g_assert_true (g_utf8_validate (response_body (answer), -1, NULL));
  assert_still_answers ();
}

typedef struct
{
  guint  n;
  guint  opened;
  guint  refused;
} Crowd;

static gpointer
crowd (gpointer data)
{
  Crowd *c = data;
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < c->n; i++)
    {
      GSocket *socket = raw_connect (5);

      if (socket != NULL)
        g_ptr_array_add (sockets, socket);
    }
  g_usleep (300 * 1000);
  for (guint i = 0; i < sockets->len; i++)
    {
      GSocket *socket = sockets->pdata[i];

      /* a refused one has its 503 waiting, or is closed */
      if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP) != 0)
        {
          g_autofree char *answer = raw_read_response (socket);

          if (answer == NULL || response_status (answer) == 503)
            c->refused++;
        }
      else
        c->opened++;
    }
  return NULL;
}

/* Past max-connections, new connections are answered 503 and closed; the
 * server goes on serving the others and, once they go, everyone. */
static void
test_max_connections (void)
{
  TsServer *ts = ts_test_server_get_server (server);
  TsServerConfig *config = ts_server_get_config (ts);
  guint saved = config->max_connections;
  Crowd c = { 30, 0, 0 };

  serve_for (100);
  config->max_connections = ts_server_get_n_connections (ts) + 10;
  run_client (crowd, &c);
  serve_for (200);
  config->max_connections = saved;
  g_test_message ("%u kept, %u refused", c.opened, c.refused);
  g_assert_cmpuint (c.opened, ==, 10);
  g_assert_cmpuint (c.refused, ==, 20);
  assert_still_answers ();
}

/* 6. Clients that leave while their request is in the database -------------- */

typedef struct
{
  const char *token;
  guint       n;
} Leavers;

static gpointer
leave_mid_request (gpointer data)
{
  Leavers *leavers = data;
  g_autofree char *request = g_strdup_printf ("GET /api/v1/patrons?q=a HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n\r\n", leavers->token);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  /* many at once, so that most wait for a database worker; then all leave */
  for (guint i = 0; i < leavers->n; i++)
    {
      GSocket *socket = raw_connect (10);

      if (socket != NULL && raw_send (socket, request, strlen (request)))
        g_ptr_array_add (sockets, socket);
      else
        g_clear_object (&socket);
    }
  g_usleep (20 * 1000);
  return NULL;   /* closes them all */
}

static void
test_clients_leave_mid_request (void)
{
  g_autofree char *token = ts_test_sign_in (server, "ATH", "staff", "staff-password");
  Leavers leavers = { token, 200 };
  guint before, after;

  serve_for (200);
  before = count_open_files ();
  for (guint round = 0; round < 3; round++)
    run_client (leave_mid_request, &leavers);
  /* each one is closed once its answer is made: all within seconds */
  for (guint i = 0; i < 100; i++)
    {
      serve_for (200);
      after = count_open_files ();
      if (after <= before + 2)
        break;
    }
  g_test_message ("open files: %u before, %u after", before, after);
  g_assert_cmpuint (after, <=, before + 10);
  assert_still_answers ();
}

typedef struct
{
  guint16     port;
  const char *token;
  guint       n;
  gboolean    sent;
  gboolean    stopped;
  guint       closed;
} InDatabase;

static gpointer
requests_then_wait (gpointer data)
{
  InDatabase *in = data;
  g_autofree char *request = g_strdup_printf ("GET /api/v1/patrons?q=a HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n\r\n", in->token);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, in->port);

  for (guint i = 0; i < in->n; i++)
    {
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

      g_socket_set_timeout (socket, 10);
      if (g_socket_connect (socket, address, NULL, NULL) && raw_send (socket, request, strlen (request)))
        g_ptr_array_add (sockets, socket);
      else
        g_object_unref (socket);
    }
  g_atomic_int_set (&in->sent, TRUE);
  g_main_context_wakeup (NULL);
  while (!g_atomic_int_get (&in->stopped))
    g_usleep (10 * 1000);
  for (guint i = 0; i < sockets->len; i++)
    if (raw_closed_by_server (sockets->pdata[i]))
      in->closed++;
  return NULL;
}

static void
drop_warnings (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        user_data)
{
  /* the database work fails as the cluster stops under it: expected here */
}

/* The server stops while requests wait for the database: when their work
 * comes back, libsoup has already let their messages go, and nothing may
 * touch them (a GLib critical, fatal here, if it did). */
static void
test_stop_with_requests_in_database (void)
{
  g_autoptr(TsTestServer) other = ts_test_server_new ();
  g_autofree char *token = ts_test_sign_in (other, "ATH", "staff", "staff-password");
  InDatabase in = { (guint16) ts_server_get_port (ts_test_server_get_server (other)), token, 60, FALSE, FALSE, 0 };
  GThread *thread = g_thread_new ("client", requests_then_wait, &in);
  guint handler;

  while (!g_atomic_int_get (&in.sent))
    g_main_context_iteration (NULL, TRUE);
  serve_for (50);
  /* the server's own log domain (server/meson.build) */
  handler = g_log_set_handler ("tessera-server", G_LOG_LEVEL_WARNING, drop_warnings, NULL);
  ts_server_stop (ts_test_server_get_server (other));
  serve_for (1500);        /* the database work comes back meanwhile */
  g_log_remove_handler ("tessera-server", handler);
  g_atomic_int_set (&in.stopped, TRUE);
  g_thread_join (thread);
  g_assert_cmpuint (in.closed, ==, in.n);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  server = ts_test_server_new ();

  g_test_add_func ("/network/json/deep-body", test_deep_body);
  g_test_add_func ("/network/json/only-json", test_only_json);
  g_test_add_func ("/network/body/no-body-routes", test_no_body_routes);
  g_test_add_func ("/network/connections/no-leak", test_closed_connections_do_not_leak);
  g_test_add_func ("/network/connections/keep-alive", test_keep_alive);
  g_test_add_func ("/network/connections/idle-timeout", test_idle_timeout);
  g_test_add_func ("/network/connections/slow-request", test_slow_request);
  g_test_add_func ("/network/connections/answer-not-taken", test_answer_not_taken);
  g_test_add_func ("/network/connections/websocket-not-idle", test_websocket_not_idle_closed);
  g_test_add_func ("/network/connections/limit", test_max_connections);
  g_test_add_func ("/network/connections/leave-mid-request", test_clients_leave_mid_request);
  g_test_add_func ("/network/connections/stop-mid-request", test_stop_with_requests_in_database);
  g_test_add_func ("/network/body/chunked-limit", test_chunked_body_limit);
  g_test_add_func ("/network/body/declared-limit", test_declared_body_limit);
  g_test_add_func ("/network/body/memory-budget", test_body_memory_budget);
  g_test_add_func ("/network/config", test_config_settings);
  g_test_add_func ("/network/config/file", test_config_file);
  g_test_add_func ("/network/headers/huge", test_huge_requests);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
