/* test-web-remote.c — remote outlets: tessera-remote in front of a real
 * server, headless Chromium signs in and gets the client drawn in the page
 * by Broadway; a wrong password, another browser, a cross-site form, the
 * session limit, signing out from the browser and stopping the gateway
 * (README.md, "Remote outlets"; docs/architecture.md) */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-test-browser.h"
#include "ts-test-client.h"
#include "ts-test-server.h"

#define TS_KEY_CONTROL "\xee\x80\x89"   /* U+E009 */
#define WAIT_S 60                       /* a loaded CI machine starts a client in seconds, not minutes */

static TsTestServer *server;
static GSubprocess *gateway;
static GDataInputStream *gateway_out;   /* kept open: the gateway may print more */
static char *gateway_url;               /* "http://127.0.0.1:PORT" */
static char *runtime_dir;
static char *desktop_url;               /* the browser's session, once signed in */
static TsTestBrowser *browser;

static void start_gateway (const char *idle_timeout);

/* Processes ------------------------------------------------------------------ */

/* How many processes of `program` run with an argument under the test's
 * runtime folder (a display) or naming the test server (a client). */
static guint64
rss_kib (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "status", NULL);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "\nVmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

static guint64 counted_rss_kib;   /* of the processes the last count found */

static guint
count_processes (const char *program,
                 const char *argument)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  counted_rss_kib = 0;
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      gboolean named = FALSE, argued = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &cmdline, &length, NULL) || length == 0)
        continue;
      for (gsize at = 0; at < length; at += strlen (cmdline + at) + 1)
        {
          g_autofree char *base = g_path_get_basename (cmdline + at);

          if (at == 0)
            named = g_strcmp0 (base, program) == 0;
          else if (strstr (cmdline + at, argument) != NULL)
            argued = TRUE;
        }
      if (named && argued)
        {
          count++;
          counted_rss_kib += rss_kib (name);
        }
    }
  return count;
}

static guint
displays (void)
{
  return count_processes ("gtk4-broadwayd", runtime_dir);
}

static guint
clients (void)
{
  return count_processes ("tessera", ts_test_server_get_url (server));
}

static gboolean
time_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits (serving the in-process server meanwhile) until n displays and n
 * clients run; fails after WAIT_S. */
static void
wait_for_sessions (guint n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  while (displays () != n || clients () != n)
    {
      gboolean tick = FALSE;

      if (g_get_monotonic_time () > deadline)
        g_error ("%u displays and %u clients run after %d s, not %u", displays (), clients (), WAIT_S, n);
      g_timeout_add (20, time_up, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* Plain HTTP, as a browser without the desktop's cookie: sent while this
 * process goes on serving (the gateway asks the in-process server). */
static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  GBytes **body = user_data;
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static GBytes *
send (SoupSession *session,
      SoupMessage *msg)
{
  GBytes *body = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  return body;
}

/* The pixels ------------------------------------------------------------------ */

typedef struct
{
  const guint8 *data;
  gsize         left;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

/* How many colours the picture has, and the share of its pixels that are
 * not the desktop page's own background (#3a3a3a). */
static void
picture_stats (GBytes *png,
               guint  *colours,
               double *drawn)
{
  PngReader reader = { g_bytes_get_data (png, &reader.left), 0 };
  cairo_surface_t *surface;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint64 other = 0;
  int width, height, stride;
  const guint8 *pixels;

  reader.left = g_bytes_get_size (png);
  surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (pixels + y * stride + 4 * x) & 0xffffff;

        g_hash_table_add (seen, GUINT_TO_POINTER (pixel | 0x1000000));
        other += pixel != 0x3a3a3a;
      }
  *colours = g_hash_table_size (seen);
  *drawn = (double) other / (width * height);
  cairo_surface_destroy (surface);
}

/* What the browser's window shows, under TESSERA_SCREENSHOTS: a desktop is
 * its viewport (the whole-page picture of ts_test_browser_screenshot would
 * also take in Broadway's empty nodes beyond it, and resize the desktop). */
static void
save_picture (GBytes     *png,
              const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autofree char *basename = g_strdup_printf ("%s.png", name);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  file = g_build_filename (dir, basename, NULL);
  if (!g_file_set_contents (file, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png), &error))
    g_error ("Cannot write %s: %s", file, error->message);
}

/* The journeys ---------------------------------------------------------------- */

static void
fill_sign_in (const char *password)
{
  ts_test_browser_go (browser, gateway_url);
  ts_test_browser_fill (browser, "#outlet", "UTH");
  ts_test_browser_fill (browser, "#login", "boxoffice");
  ts_test_browser_fill (browser, "#password", password);
  ts_test_browser_click (browser, "button[type=submit]");
}

/* A wrong password: the form again, saying so, with what was typed; no desktop. */
static void
test_wrong_password (void)
{
  g_autofree char *problem = NULL;
  g_autofree char *login = NULL;
  g_autofree char *url = NULL;

  fill_sign_in ("not-the-password");
  problem = ts_test_browser_text (browser, "#problem");
  g_assert_nonnull (strstr (problem, "Wrong outlet, login or password"));
  login = ts_test_browser_attribute (browser, "#login", "value");
  g_assert_cmpstr (login, ==, "boxoffice");
  url = ts_test_browser_get_url (browser);
  g_assert_true (g_str_has_suffix (url, "/sign-in"));
  ts_test_browser_screenshot (browser, "remote-wrong-password");
  g_assert_cmpuint (displays (), ==, 0);
  g_assert_cmpuint (clients (), ==, 0);
  g_assert_null (ts_test_browser_cookie (browser, "ts_remote"));
}

/* The right one: the client's main window, drawn by Broadway in the page. */
static void
test_desktop (void)
{
  g_autoptr(GBytes) png = NULL;
  guint colours = 0;
  double drawn = 0;

  fill_sign_in ("boxoffice-password");
  ts_test_browser_set_wait (browser, WAIT_S * 1000);
  ts_test_browser_wait_until (browser, "location.pathname.startsWith ('/s/')");
  desktop_url = ts_test_browser_get_url (browser);
  /* broadway.js makes a div per window and an element per thing drawn in
   * it; the main window (not the sign-in dialog: the session was handed
   * over) has hundreds */
  ts_test_browser_wait_until (browser,
                              "Array.from (document.body.children).some (d => d.tagName == 'DIV' "
                              "&& d.style.visibility != 'hidden' && d.querySelectorAll ('*').length > 150)");
  wait_for_sessions (1);
  /* the drawing settles: each frame adds its nodes, then nothing changes */
  ts_test_browser_wait_until (browser,
                              "(() => { const n = document.body.querySelectorAll ('*').length;"
                              " const same = window.lastCount === n; window.lastCount = n; return same; }) ()");
  {
    guint64 display_kib, client_kib;

    displays ();
    display_kib = counted_rss_kib;
    clients ();
    client_kib = counted_rss_kib;
    /* docs/deployment.md's memory per desktop; a figure, not a check */
    g_test_message ("resident memory of the desktop: display %.1f MB, client %.1f MB, %.1f MB in all",
                    display_kib / 1024.0, client_kib / 1024.0, (display_kib + client_kib) / 1024.0);
  }
  png = ts_test_browser_capture (browser);
  save_picture (png, "remote-desktop");
  picture_stats (png, &colours, &drawn);
  g_test_message ("the desktop in the browser: %u colours, %.0f %% of the page drawn", colours, 100 * drawn);
  g_assert_cmpuint (colours, >=, 32);      /* text, icons, the seat map's colours: not a blank page */
  g_assert_cmpfloat (drawn, >=, 0.95);     /* the main window fills the page: maximised */
  ts_test_browser_set_wait (browser, 10000);
}

/* Another browser (no cookie, or a made-up one) gets neither the page, nor
 * the script, nor the WebSocket: the session answers as one that does not
 * exist.  A form posted from another site starts nothing. */
static void
test_other_browser (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  const char *paths[] = { "", "broadway.js", "socket" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) upgrade = NULL;
  g_autoptr(GBytes) upgraded = NULL;
  g_autofree char *socket_url = NULL;

  g_assert_nonnull (desktop_url);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint cookie = 0; cookie < 2; cookie++)
      {
        g_autofree char *url = g_strconcat (desktop_url, paths[i], NULL);
        g_autoptr(GBytes) body = NULL;
        g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

        if (cookie)
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie",
                                        "ts_remote=0123456789abcdef0123456789abcdef0123456789abcdef");
        body = send (session, msg);
        g_assert_no_error (error);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
      }
  socket_url = g_strconcat (desktop_url, "socket", NULL);
  upgrade = soup_message_new ("GET", socket_url);
  soup_websocket_client_prepare_handshake (upgrade, NULL, (char *[]) { "broadway", NULL }, NULL);
  upgraded = send (session, upgrade);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (upgrade), ==, 404);

  /* the right password from another site's page: nothing starts */
  {
    g_autofree char *url = g_strconcat (gateway_url, "/sign-in", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) form = g_bytes_new_static ("outlet=UTH&login=boxoffice&password=boxoffice-password", 54);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", "http://evil.example");
    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    body = send (session, msg);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
    g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie"));
  }
  /* a form far larger than a sign-in (16 KiB at most) is refused before it is read */
  {
    g_autofree char *url = g_strconcat (gateway_url, "/sign-in", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autofree char *big = g_strnfill (64 * 1024, 'a');
    g_autoptr(GBytes) form = g_bytes_new_take (g_steal_pointer (&big), 64 * 1024);
    g_autoptr(GBytes) body = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    body = send (session, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  }
  /* and a body anywhere else, where none is read, is refused the same way */
  {
    const char *bodiless[] = { "/", "/static/remote.css", "/s/nothing/" };

    for (guint i = 0; i < G_N_ELEMENTS (bodiless); i++)
      {
        g_autofree char *url = g_strconcat (gateway_url, bodiless[i], NULL);
        g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
        g_autofree char *big = g_strnfill (256 * 1024, 'a');
        g_autoptr(GBytes) payload = g_bytes_new_take (g_steal_pointer (&big), 256 * 1024);
        g_autoptr(GBytes) body = NULL;

        soup_message_set_request_body_from_bytes (msg, "text/plain", payload);
        body = send (session, msg);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
      }
  }
  wait_for_sessions (1);
}

/* A second desktop by plain HTTP: the cookie is the session's alone
 * (HttpOnly, SameSite=Strict, its own path) and opens its page; then a third
 * is one too many (--max-sessions 2). */
static void
test_session_limit (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (gateway_url, "/sign-in", NULL);
  const char *form = "outlet=UTH&login=manager&password=manager-password";
  g_autoptr(SoupMessage) first = soup_message_new ("POST", url);
  g_autoptr(SoupMessage) third = soup_message_new ("POST", url);
  g_autoptr(SoupMessage) page = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) page_body = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *value = NULL;
  g_autofree char *page_url = NULL;
  g_autofree char *cookie_header = NULL;
  g_autofree char *refusal = NULL;
  const char *cookie, *location;

  soup_message_add_flags (first, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (first, "application/x-www-form-urlencoded", bytes);
  body = send (session, first);
  g_assert_cmpuint (soup_message_get_status (first), ==, 303);
  location = soup_message_headers_get_one (soup_message_get_response_headers (first), "Location");
  cookie = soup_message_headers_get_one (soup_message_get_response_headers (first), "Set-Cookie");
  g_assert_true (g_str_has_prefix (location, "/s/"));
  g_assert_cmpuint (strlen (location), >=, strlen ("/s/") + 32 + 1);
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Strict"));
  g_assert_nonnull (strstr (cookie, location));
  value = g_strndup (cookie, strcspn (cookie, ";"));

  page_url = g_strconcat (gateway_url, location, NULL);
  page = soup_message_new ("GET", page_url);
  soup_message_headers_replace (soup_message_get_request_headers (page), "Cookie", value);
  page_body = send (session, page);
  g_assert_cmpuint (soup_message_get_status (page), ==, 200);
  cookie_header = g_strndup (g_bytes_get_data (page_body, NULL), g_bytes_get_size (page_body));
  g_assert_nonnull (strstr (cookie_header, "broadway.js"));
  wait_for_sessions (2);

  soup_message_add_flags (third, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (third, "application/x-www-form-urlencoded", bytes);
  refused = send (session, third);
  g_assert_cmpuint (soup_message_get_status (third), ==, 503);
  g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (third), "Set-Cookie"));
  refusal = g_strndup (g_bytes_get_data (refused, NULL), g_bytes_get_size (refused));
  g_assert_nonnull (strstr (refusal, "Every remote desktop is in use"));
  g_assert_cmpuint (displays (), ==, 2);
}

/* Quitting the client from the browser (Ctrl+Q, real keys through Broadway)
 * ends the desktop: its display is gone, the page says so, and the session's
 * path no longer answers. */
static void
test_sign_out (void)
{
  g_autofree TsTestElement *body = NULL;
  guint status = 0;
  g_autoptr(GBytes) page = NULL;

  g_assert_nonnull (desktop_url);
  ts_test_browser_go (browser, desktop_url);
  ts_test_browser_wait_until (browser,
                              "Array.from (document.body.children).some (d => d.tagName == 'DIV' "
                              "&& d.style.visibility != 'hidden' && d.querySelectorAll ('*').length > 150)");
  body = ts_test_browser_find (browser, "body");
  ts_test_browser_click_at (browser, body, 0, 0);
  ts_test_browser_chord (browser, TS_KEY_CONTROL "q");
  ts_test_browser_set_wait (browser, WAIT_S * 1000);
  ts_test_browser_find (browser, ".ended");
  ts_test_browser_set_wait (browser, 10000);
  ts_test_browser_screenshot (browser, "remote-ended");
  wait_for_sessions (1);    /* the plain session of test_session_limit goes on */
  page = ts_test_browser_fetch (browser, desktop_url, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  /* and the Tessera session the desktop was for is over at the server */
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
    const char *open_sql = "SELECT count (*) FROM session s JOIN employee e ON e.id = s.employee_id"
                           " JOIN outlet o ON o.id = e.outlet_id WHERE o.code = 'UTH' AND e.login = 'boxoffice'"
                           " AND s.ended_at IS NULL";

    while (ts_test_owner_int (server, "%s", open_sql) > 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (ts_test_owner_int (server, "%s", open_sql), ==, 0);
  }
}

static void
gateway_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* SIGTERM: the gateway ends every desktop and exits; nothing is left. */
static void
test_shutdown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  gboolean done = FALSE;

  g_assert_cmpuint (displays (), ==, 1);
  g_subprocess_send_signal (gateway, SIGTERM);
  g_subprocess_wait_async (gateway, NULL, gateway_exited, &done);
  /* the gateway signs the sessions out at this process's server meanwhile */
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (g_subprocess_get_identifier (gateway));
  g_assert_true (g_subprocess_get_if_exited (gateway));
  g_assert_cmpint (g_subprocess_get_exit_status (gateway), ==, 0);
  g_assert_cmpuint (displays (), ==, 0);
  g_assert_cmpuint (clients (), ==, 0);
  dir = g_dir_open (runtime_dir, 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (dir));
}

/* A desktop nobody uses (no input from a browser) ends after the idle
 * timeout: a gateway of its own with --idle-timeout 2. */
static void
test_idle (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  const char *form = "outlet=UTH&login=staff&password=staff-password";
  g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;

  start_gateway ("2");
  url = g_strconcat (gateway_url, "/sign-in", NULL);
  msg = soup_message_new ("POST", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
  body = send (session, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 303);
  wait_for_sessions (1);
  wait_for_sessions (0);
}

/* French: the sign-in page in the browser's language. */
static void
test_french (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", gateway_url);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *csp;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5");
  body = send (session, msg);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (text, "lang=\"fr-CA\""));
  g_assert_nonnull (strstr (text, "Mot de passe"));
  csp = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Security-Policy");
  g_assert_nonnull (strstr (csp, "script-src 'self';"));
  g_assert_null (strstr (csp, "unsafe"));
}

/* Setting up ------------------------------------------------------------------ */

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_gateway (const char *idle_timeout)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* the gateway (and so its desktops) dies with this test, however it ends */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *at;

  if (runtime_dir == NULL)
    runtime_dir = g_dir_make_tmp ("tessera-remote-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_clear_object (&gateway);
  g_clear_object (&gateway_out);
  g_clear_pointer (&gateway_url, g_free);
  gateway = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TESSERA_REMOTE"),
                                         "--server", ts_test_server_get_url (server),
                                         "--port", "0",
                                         "--client", g_getenv ("TESSERA_CLIENT"),
                                         "--runtime-dir", runtime_dir,
                                         "--max-sessions", "2",
                                         "--idle-timeout", idle_timeout,
                                         NULL);
  g_assert_no_error (error);
  gateway_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (gateway));
  g_data_input_stream_read_line_async (gateway_out, G_PRIORITY_DEFAULT, NULL, line_read, &line);
  while (line == NULL)
    g_main_context_iteration (NULL, TRUE);
  at = strstr (line, "listening on http://");
  if (at == NULL)
    g_error ("tessera-remote did not start: “%s”", line);
  /* "…listening on http://127.0.0.1:PORT/ for …": the URL without its last slash */
  at += strlen ("listening on ");
  gateway_url = g_strndup (at, strcspn (at, " ") - 1);
  g_test_message ("tessera-remote at %s", gateway_url);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *broadwayd = g_find_program_in_path ("gtk4-broadwayd");
  TsTestBrowserOptions options = { .width = 1280, .height = 900 };

#ifdef TS_TEST_LOCALEDIR
  g_setenv ("TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);
#endif
  g_test_init (&argc, &argv, NULL);
  if (!ts_test_browser_available ())
    {
      g_printerr ("chromium and chromedriver are not installed (build-aux/install-deps.sh)\n");
      return 77;
    }
  if (broadwayd == NULL)
    {
      g_printerr ("gtk4-broadwayd is not installed (libgtk-4-bin, build-aux/install-deps.sh)\n");
      return 77;
    }
  server = ts_test_server_new ();
  start_gateway ("600");
  browser = ts_test_browser_new (&options);

  g_test_add_func ("/web-remote/french", test_french);
  g_test_add_func ("/web-remote/wrong-password", test_wrong_password);
  g_test_add_func ("/web-remote/desktop", test_desktop);
  g_test_add_func ("/web-remote/other-browser", test_other_browser);
  g_test_add_func ("/web-remote/session-limit", test_session_limit);
  g_test_add_func ("/web-remote/sign-out", test_sign_out);
  g_test_add_func ("/web-remote/shutdown", test_shutdown);
  g_test_add_func ("/web-remote/idle", test_idle);

  status = g_test_run ();
  ts_test_browser_free (browser);
  if (g_subprocess_get_identifier (gateway) != NULL)
    {
      g_subprocess_send_signal (gateway, SIGTERM);
      g_subprocess_wait (gateway, NULL, NULL);
    }
  g_object_unref (gateway);
  g_object_unref (gateway_out);
  g_rmdir (runtime_dir);
  ts_test_server_free (server);
  return status;
}
