/* test-server-basics.c — the HTTP layer: health, routing, the error format,
 * body limits, bad input, configuration */
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>

#include "ts-error.h"
#include "ts-server-config.h"
#include "ts-test-client.h"

static TsTestServer *server;

static void
assert_error_shape (JsonNode   *answer,
                    const char *code)
{
  JsonObject *error;

  g_assert_nonnull (answer);
  error = json_object_get_object_member (json_node_get_object (answer), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
}

static void
test_health (void)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);

  g_assert_cmpstr (ts_test_member_string (answer, "status"), ==, "ok");
  g_assert_cmpstr (ts_test_member_string (answer, "database"), ==, "ok");
  g_assert_cmpstr (ts_test_member_string (answer, "version"), ==, TS_VERSION);
}

static void
test_unknown_routes (void)
{
  g_autoptr(JsonNode) a = ts_test_expect (server, "GET", "/api/v1/nothing", NULL, NULL, 404);
  g_autoptr(JsonNode) b = ts_test_expect (server, "GET", "/elsewhere", NULL, NULL, 404);
  g_autoptr(JsonNode) c = ts_test_expect (server, "GET", "/api/v1/outlets/0", NULL, NULL, 404);
  g_autoptr(JsonNode) d = ts_test_expect (server, "GET", "/api/v1/outlets/abc", NULL, NULL, 404);
  g_autoptr(JsonNode) e = ts_test_expect (server, "PUT", "/api/v1/session", NULL, "{}", 405);
  g_autoptr(JsonNode) f = ts_test_expect (server, "GET", "/api/v1/outlets/99999999999", NULL, NULL, 404);

  assert_error_shape (a, "not_found");
  assert_error_shape (b, "not_found");
  assert_error_shape (c, "not_found");
  assert_error_shape (d, "not_found");
  assert_error_shape (e, "invalid_input");
}

static void
test_signed_out_is_refused (void)
{
  const char *paths[] = { "/api/v1/session", "/api/v1/system", "/api/v1/outlets",
                          "/api/v1/outlets/1", "/api/v1/outlets/1/employees",
                          "/api/v1/employees/1", "/api/v1/audit", NULL };

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(JsonNode) none = ts_test_expect (server, "GET", paths[i], NULL, NULL, 401);
      g_autoptr(JsonNode) bogus = ts_test_expect (server, "GET", paths[i], "not-a-token", NULL, 401);

      assert_error_shape (none, "unauthorized");
      assert_error_shape (bogus, "unauthorized");
    }
}

static void
test_bad_bodies (void)
{
  g_autofree char *token = ts_test_sign_in (server, NULL, "master", "master-password");
  g_autoptr(JsonNode) a = ts_test_expect (server, "POST", "/api/v1/session", NULL, "{not json", 400);
  g_autoptr(JsonNode) b = ts_test_expect (server, "POST", "/api/v1/session", NULL, "[1, 2]", 400);
  g_autoptr(JsonNode) c = ts_test_expect (server, "POST", "/api/v1/session", NULL,
                                          "{\"login\": \"x\", \"password\": \"y\", \"colour\": 1}", 400);
  g_autoptr(JsonNode) d = ts_test_expect (server, "POST", "/api/v1/session", NULL,
                                          "{\"login\": 5, \"password\": \"y\"}", 400);
  g_autoptr(JsonNode) e = ts_test_expect (server, "PATCH", "/api/v1/system", token, NULL, 400);
  g_autoptr(JsonNode) f = ts_test_expect (server, "PATCH", "/api/v1/system", token,
                                          "{\"licence_count\": \"many\"}", 400);

  assert_error_shape (a, "invalid_input");
  assert_error_shape (b, "invalid_input");
  assert_error_shape (c, "invalid_input");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (c), "error"), "message"), "colour"));
  assert_error_shape (d, "invalid_input");
  assert_error_shape (e, "invalid_input");
  assert_error_shape (f, "invalid_input");
}

static void
test_body_size_limit (void)
{
  /* default max-body-kb is 1024 */
  gsize size = 1100 * 1024;
  g_autofree char *big = g_malloc (size + 64);
  guint status = 0;
  g_autoptr(JsonNode) answer = NULL;

  memset (big, ' ', size + 64);
  memcpy (big, "{\"login\": \"", 11);
  memcpy (big + size, "\", \"password\": \"x\"}", 20);
  big[size + 20] = '\0';

  answer = ts_test_call (server, "POST", "/api/v1/session", NULL, big, &status);
  g_assert_cmpuint (status, ==, 413);
  assert_error_shape (answer, "too_large");

  /* the server is still fine afterwards */
  g_clear_pointer (&answer, json_node_unref);
  answer = ts_test_expect (server, "GET", "/api/v1/health", NULL, NULL, 200);
}

/* Refusals name the field, never the database's internals. */
static void
test_field_messages (void)
{
  g_autofree char *master = ts_test_sign_in (server, NULL, "master", "master-password");
  g_autofree char *id = ts_test_owner_sql (server, "SELECT min (id) FROM employee WHERE login = 'staff'");
  g_autofree char *path = g_strdup_printf ("/api/v1/employees/%s", id);
  g_autoptr(JsonNode) dates = ts_test_expect (server, "PATCH", path, master, "{\"resigned_on\": \"2001-01-01\"}", 400);
  g_autoptr(JsonNode) nowhere = ts_test_expect (server, "POST", "/api/v1/outlets/999999/employees", master,
      "{\"login\": \"ghost\", \"password\": \"long-enough\", \"level\": \"staff\", \"person\": {\"last_name\": \"G\"}}", 404);
  const char *message = json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (dates), "error"), "message");

  g_assert_true (g_str_has_prefix (message, "resigned_on:"));
  g_assert_null (strstr (message, "constraint"));
}

static void
test_config_file (void)
{
  g_autoptr(TsServerConfig) config = ts_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("tessera-config-XXXXXX.ini", &path, &error);
  g_assert_no_error (error);
  close (fd);

  g_file_set_contents (path, "[server]\nport=9123\nlisten=0.0.0.0\nsession-hours=4\n"
                       "[database]\npool-size=3\nconninfo=dbname=x\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config->port, ==, 9123);
  g_assert_cmpstr (config->listen_address, ==, "0.0.0.0");
  g_assert_cmpuint (config->session_hours, ==, 4);
  g_assert_cmpuint (config->pool_size, ==, 3);
  g_assert_cmpstr (config->database, ==, "dbname=x");
  /* every address, in plain HTTP: refused, and the refusal names the two
   * ways out (a certificate, or a TLS proxy said to be in front) */
  g_assert_false (ts_server_config_validate (config, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "listen = 0.0.0.0"));
  g_assert_nonnull (strstr (error->message, "--tls-certificate"));
  g_assert_nonnull (strstr (error->message, "--generate-certificate"));
  g_assert_nonnull (strstr (error->message, "behind-tls-proxy = true"));
  g_clear_error (&error);
  g_file_set_contents (path, "[server]\nbehind-tls-proxy=true\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_true (config->behind_tls_proxy);
  g_assert_true (ts_server_config_validate (config, &error));
  g_assert_no_error (error);
  /* the proxies whose X-Forwarded-For is believed: addresses and networks;
   * anything else is refused, named */
  g_file_set_contents (path, "[server]\ntrusted-proxies=10.0.0.5, 192.168.1.0/24 ::1\n", -1, &error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_true (ts_server_config_validate (config, &error));
  g_assert_no_error (error);
  g_file_set_contents (path, "[server]\ntrusted-proxies=10.0.0.5, proxy.example.org\n", -1, &error);
  g_assert_true (ts_server_config_load_file (config, path, &error));
  g_assert_false (ts_server_config_validate (config, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "trusted-proxies: “proxy.example.org” is not an address or a network"));
  g_clear_error (&error);
  g_clear_pointer (&config->trusted_proxies, g_free);
  /* loopback needs neither; "::" is every address too */
  {
    const char *loopback[] = { "127.0.0.1", "127.8.9.10", "::1", "localhost" };
    const char *outside[] = { "0.0.0.0", "::", "192.0.2.7", "2001:db8::1" };

    for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
      g_assert_true (ts_server_config_is_loopback (loopback[i]));
    for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
      g_assert_false (ts_server_config_is_loopback (outside[i]));
  }

  /* a misspelt key is an error, not silently ignored */
  g_file_set_contents (path, "[server]\nprot=9123\n", -1, &error);
  g_assert_false (ts_server_config_load_file (config, path, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_clear_error (&error);

  g_file_set_contents (path, "[server]\nport=many\n", -1, &error);
  g_assert_false (ts_server_config_load_file (config, path, &error));
  g_clear_error (&error);

  g_file_set_contents (path, "[elsewhere]\nport=1\n", -1, &error);
  g_assert_false (ts_server_config_load_file (config, path, &error));
  g_clear_error (&error);

  config->tls_certificate = g_strdup ("/x.pem");
  g_assert_false (ts_server_config_validate (config, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_unlink (path);
}

static void
test_directory_shares_only_names (void)
{
  /* The sign-in directory is public: names and codes, nothing else. */
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
  JsonArray *outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");

  g_assert_cmpuint (json_array_get_length (outlets), ==, 3);
  /* only the shared fields */
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (outlets, 0)), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();

  g_test_add_func ("/server/health", test_health);
  g_test_add_func ("/server/routes/unknown", test_unknown_routes);
  g_test_add_func ("/server/routes/signed-out", test_signed_out_is_refused);
  g_test_add_func ("/server/input/bad-bodies", test_bad_bodies);
  g_test_add_func ("/server/input/size-limit", test_body_size_limit);
  g_test_add_func ("/server/config/file", test_config_file);
  g_test_add_func ("/server/input/field-messages", test_field_messages);
  g_test_add_func ("/server/directory", test_directory_shares_only_names);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
