/* test-server-network.c — the HTTP edge seen from the wire: what an attacker
 * (or a broken client) can send, and that the server stays up and keeps
 * answering everyone else */
#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ts-error.h"
#include "ts-router.h"
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
G_GNUC_UNUSED static gboolean
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

G_GNUC_UNUSED static void
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

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
