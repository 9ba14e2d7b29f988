/* ts-test-browser.c — TsTestBrowser: headless Chromium driven over W3C WebDriver from the test suite. */
#include "ts-test-browser.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#define CHROMIUM "/usr/bin/chromium"
#define CHROMEDRIVER "/usr/bin/chromedriver"
/* The W3C name of an element reference in JSON. */
#define ELEMENT_KEY "element-6066-11e4-a52e-4f735466cecf"
#define DEFAULT_WAIT_MS 10000
#define POLL_MS 50

struct _TsTestBrowser
{
  GMainContext *context;
  SoupSession  *session;       /* to chromedriver, and for fetches */
  GSubprocess  *driver;
  GPid          watchdog;
  char         *tmp_dir;       /* chromedriver's TMPDIR: the profile, the logs */
  char         *base;          /* "http://127.0.0.1:PORT/session/ID" */
  guint         wait_ms;
  guint         failures;
  gboolean      failing;       /* a failure's screenshot must not fail again */
};

typedef struct {
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Pending;

static void browser_fail (TsTestBrowser *self,
                          const char    *format,
                          ...) G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN;

/* Waiting: the thread-default context is iterated so that an in-process
 * server keeps answering Chromium meanwhile. */
static void
pending_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &pending->error);
  pending->done = TRUE;
}

static gboolean
tick_done (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main context run for `ms` milliseconds: the gap between two
 * looks of a bounded wait, during which the server answers. */
static void
browser_pause (TsTestBrowser *self,
               guint          ms)
{
  gboolean done = FALSE;
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_source_set_callback (source, tick_done, &done, NULL);
  g_source_attach (source, self->context);
  while (!done)
    g_main_context_iteration (self->context, TRUE);
}

static GBytes *
send_message (TsTestBrowser *self,
              SoupMessage   *msg,
              GError       **error)
{
  Pending pending = { 0 };

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, NULL, pending_done, &pending);
  while (!pending.done)
    g_main_context_iteration (self->context, TRUE);
  if (pending.error != NULL)
    {
      g_propagate_error (error, pending.error);
      return NULL;
    }
  return pending.body;
}

/* One WebDriver command: its "value", or NULL with the WebDriver's error
 * ("no such element: …") in `error` (domain G_IO_ERROR; code
 * G_IO_ERROR_NOT_FOUND for a missing element). */
static JsonNode *
wd_command (TsTestBrowser *self,
            const char    *method,
            const char    *path,
            const char    *body,
            GError       **error)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path)
                         : g_strconcat (self->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode *value;
  gsize size;
  const char *data;

  g_assert_nonnull (msg);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8",
                                              g_bytes_new (body, strlen (body)));
  answer = send_message (self, msg, error);
  if (answer == NULL)
    return NULL;
  data = g_bytes_get_data (answer, &size);
  if (g_getenv ("TESSERA_TEST_VERBOSE") != NULL)
    g_printerr ("# webdriver %s %s %s -> %u %.*s\n", method, path, body != NULL ? body : "",
                soup_message_get_status (msg), (int) MIN (size, 300), data);
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  value = root != NULL ? json_object_get_member (root, "value") : NULL;
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      JsonObject *problem = value != NULL && JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
      const char *kind = problem != NULL ? json_object_get_string_member_with_default (problem, "error", "?") : "?";
      const char *message = problem != NULL ? json_object_get_string_member_with_default (problem, "message", "") : "";
      g_autofree char *first_line = g_strndup (message, strcspn (message, "\n"));

      g_set_error (error, G_IO_ERROR,
                   g_str_equal (kind, "no such element") ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
                   "%s %s: HTTP %u, %s: %s", method, path, soup_message_get_status (msg), kind, first_line);
      return NULL;
    }
  return value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);
}

/* The same, and a failure fails the test. */
static JsonNode *
wd (TsTestBrowser *self,
    const char    *method,
    const char    *path,
    const char    *body)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value = wd_command (self, method, path, body, &error);

  if (value == NULL)
    browser_fail (self, "%s", error->message);
  return value;
}

static void
wd_ignore (TsTestBrowser *self,
           const char    *method,
           const char    *path,
           const char    *body)
{
  g_autoptr(JsonNode) value = wd (self, method, path, body);
}

static char *
wd_string (TsTestBrowser *self,
           const char    *method,
           const char    *path,
           const char    *body)
{
  g_autoptr(JsonNode) value = wd (self, method, path, body);

  if (JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return json_node_dup_string (value);
  return json_to_string (value, FALSE);
}

static char *
json_text (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static TsTestElement *
element_of (JsonNode *value)
{
  JsonObject *object = value != NULL && JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;

  if (object == NULL || !json_object_has_member (object, ELEMENT_KEY))
    return NULL;
  return g_strdup (json_object_get_string_member (object, ELEMENT_KEY));
}

static char *
element_json (const TsTestElement *element)
{
  return g_strdup_printf ("{\"" ELEMENT_KEY "\": \"%s\"}", element);
}

static void
browser_fail (TsTestBrowser *self,
              const char    *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (!self->failing && self->base != NULL)
    {
      g_autofree char *name = g_strdup_printf ("failure-%u", ++self->failures);
      g_autofree char *url = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) where = NULL;

      self->failing = TRUE;
      where = wd_command (self, "GET", "/url", NULL, &error);
      if (where != NULL && JSON_NODE_HOLDS_VALUE (where))
        g_printerr ("# the browser was at %s\n", json_node_get_string (where));
      ts_test_browser_screenshot (self, name);
    }
  /* The watchdog ends chromedriver and Chromium once this process is gone. */
  g_error ("Browser: %s", message);
}

/* chromedriver's start */
static void
driver_child_setup (gpointer user_data)
{
  /* Its own process group, which the watchdog and quitting kill whole
   * (Chromium's processes stay in it); and gone with the test process. */
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;
  gsize length = 0;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          &length, &pending->error);

  pending->body = line != NULL ? g_bytes_new_take (line, length + 1) : NULL;
  pending->done = TRUE;
}

/* chromedriver --port=0 says "ChromeDriver was started successfully on
 * port N." once it listens: the port is read there, never guessed. */
static guint
driver_port (TsTestBrowser *self,
             GError       **error)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->driver));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autoptr(GString) said = g_string_new (NULL);   /* what it said, for the error */

  while (g_get_monotonic_time () < deadline)
    {
      Pending pending = { 0 };
      g_autoptr(GBytes) line = NULL;
      const char *text, *at;

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_read, &pending);
      while (!pending.done)
        g_main_context_iteration (self->context, TRUE);
      if (pending.error != NULL)
        {
          g_propagate_error (error, pending.error);
          return 0;
        }
      if (pending.body == NULL)
        break;
      line = pending.body;
      text = g_bytes_get_data (line, NULL);
      g_string_append_printf (said, "%s%s", said->len > 0 ? " | " : "", text);
      /* Its first line says "… on port 0": the one that counts comes next. */
      at = strstr (text, "successfully on port ");
      if (at != NULL)
        return (guint) g_ascii_strtoull (at + strlen ("successfully on port "), NULL, 10);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "chromedriver never said which port it listens on (it said: %s)",
               said->len > 0 ? said->str : "nothing");
  return 0;
}

static void
start_watchdog (TsTestBrowser *self)
{
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  const char *pid = g_subprocess_get_identifier (self->driver);

  script = g_strdup_printf ("while kill -0 %d 2>/dev/null; do sleep 1; done; "
                            "kill -9 -%s 2>/dev/null; rm -rf '%s'",
                            (int) getpid (), pid, self->tmp_dir);
  if (!g_spawn_async (NULL, (char *[]) { (char *) "/bin/sh", (char *) "-c", script, NULL }, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                      &self->watchdog, &error))
    g_error ("No watchdog for the browser: %s", error->message);
}

static char *
capabilities (const TsTestBrowserOptions *options)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  int width = options != NULL && options->width > 0 ? options->width : 1280;
  int height = options != NULL && options->height > 0 ? options->height : 900;
  const char *language = options != NULL && options->language != NULL ? options->language : "en-CA";
  g_auto(GStrv) parts = g_strsplit (language, "-", 2);
  g_autofree char *accept = g_strdup_printf ("%s,%s", language, parts[0]);
  g_autofree char *size = g_strdup_printf ("--window-size=%d,%d", width, height);
  g_autofree char *lang = g_strdup_printf ("--lang=%s", language);
  const char *args[] = {
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints", "--password-store=basic",
    "--hide-scrollbars", "--font-render-hinting=none", "--mute-audio",
    /* As a patron who asked for less motion: scrolling and animations are
     * immediate, so an element scrolled into view is there when clicked
     * (smooth scrolling would still be on its way) and screenshots show
     * what stays. */
    "--force-prefers-reduced-motion",
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "capabilities");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "alwaysMatch");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "browserName");
  json_builder_add_string_value (b, "chrome");
  json_builder_set_member_name (b, "pageLoadStrategy");
  json_builder_add_string_value (b, "normal");
  /* A dialog no test expected fails the next command, not silently
   * dismissed: tests answer the ones they expect. */
  json_builder_set_member_name (b, "unhandledPromptBehavior");
  json_builder_add_string_value (b, "dismiss and notify");
  json_builder_set_member_name (b, "goog:chromeOptions");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "binary");
  json_builder_add_string_value (b, g_getenv ("TESSERA_CHROMIUM") != NULL ? g_getenv ("TESSERA_CHROMIUM") : CHROMIUM);
  json_builder_set_member_name (b, "args");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    json_builder_add_string_value (b, args[i]);
  json_builder_add_string_value (b, size);
  json_builder_add_string_value (b, lang);
  if (options != NULL && options->host_rules != NULL)
    {
      g_autofree char *rules = g_strdup_printf ("--host-resolver-rules=%s", options->host_rules);

      json_builder_add_string_value (b, rules);
    }
  json_builder_end_array (b);
  if (width < 500)
    {
      /* Headless Chromium's window is at least 500 pixels wide: a phone's
       * width is emulated, as its developer tools do. */
      json_builder_set_member_name (b, "mobileEmulation");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "deviceMetrics");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, height);
      json_builder_set_member_name (b, "pixelRatio");
      json_builder_add_double_value (b, 1.0);
      json_builder_set_member_name (b, "touch");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "prefs");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "intl.accept_languages");
  json_builder_add_string_value (b, accept);
  if (options != NULL && options->no_javascript)
    {
      /* As a patron whose browser runs no script: the page's own scripts are
       * blocked; WebDriver still reads the page. */
      json_builder_set_member_name (b, "profile.managed_default_content_settings.javascript");
      json_builder_add_int_value (b, 2);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static const char *
driver_path (void)
{
  return g_getenv ("TESSERA_CHROMEDRIVER") != NULL ? g_getenv ("TESSERA_CHROMEDRIVER") : CHROMEDRIVER;
}

gboolean
ts_test_browser_available (void)
{
  const char *chromium = g_getenv ("TESSERA_CHROMIUM") != NULL ? g_getenv ("TESSERA_CHROMIUM") : CHROMIUM;

  return g_file_test (chromium, G_FILE_TEST_IS_EXECUTABLE)
         && g_file_test (driver_path (), G_FILE_TEST_IS_EXECUTABLE);
}

TsTestBrowser *
ts_test_browser_new (const TsTestBrowserOptions *options)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *port_arg = NULL;
  g_autofree char *caps = NULL;
  g_autoptr(JsonNode) created = NULL;
  const char *session_id;
  TsTestBrowser *self;
  guint port;

  if (!ts_test_browser_available ())
    return NULL;

  self = g_new0 (TsTestBrowser, 1);
  self->context = g_main_context_ref_thread_default ();
  self->wait_ms = DEFAULT_WAIT_MS;
  self->session = soup_session_new_with_options ("timeout", 90, NULL);
  self->tmp_dir = g_dir_make_tmp ("tessera-browser-XXXXXX", &error);
  g_assert_no_error (error);
  log = g_build_filename (self->tmp_dir, "chromedriver.log", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* The profile chromedriver makes goes into our folder, removed at the end
   * (and by the watchdog after a crash). */
  g_subprocess_launcher_setenv (launcher, "TMPDIR", self->tmp_dir, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, driver_child_setup, NULL, NULL);
  port_arg = g_strdup_printf ("--log-path=%s", log);
  /* chromedriver once ended at its start, in one run of many on a loaded
   * machine, before saying anything: what it said and logged is printed, and
   * it is started again (three tries) */
  for (int attempt = 1;; attempt++)
    {
      g_autofree char *logged = NULL;

      self->driver = g_subprocess_launcher_spawn (launcher, &error, driver_path (), "--port=0", port_arg, NULL);
      if (self->driver == NULL)
        g_error ("Cannot start %s: %s", driver_path (), error->message);
      start_watchdog (self);
      port = driver_port (self, &error);
      if (port != 0)
        break;
      g_file_get_contents (log, &logged, NULL, NULL);
      g_printerr ("# chromedriver did not start (try %d): %s; its log: %.2000s\n", attempt, error->message,
                  logged != NULL ? logged : "(none)");
      if (attempt == 3)
        g_error ("chromedriver did not start: %s (its log: %s)", error->message, log);
      g_clear_error (&error);
      g_subprocess_force_exit (self->driver);
      g_subprocess_wait (self->driver, NULL, NULL);
      g_clear_object (&self->driver);
      kill (self->watchdog, SIGKILL);
      g_spawn_close_pid (self->watchdog);
      self->watchdog = 0;
    }

  self->base = g_strdup_printf ("http://127.0.0.1:%u", port);
  caps = capabilities (options);
  created = wd_command (self, "POST", "/session", caps, &error);
  if (created == NULL)
    g_error ("Chromium did not start: %s (log: %s)", error->message, log);
  session_id = json_object_get_string_member (json_node_get_object (created), "sessionId");
  g_free (self->base);
  self->base = g_strdup_printf ("http://127.0.0.1:%u/session/%s", port, session_id);
  wd_ignore (self, "POST", "/timeouts", "{\"implicit\": 0, \"pageLoad\": 60000, \"script\": 30000}");
  return self;
}

void
ts_test_browser_free (TsTestBrowser *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) gone = NULL;

  if (self == NULL)
    return;
  /* Ends the session (Chromium quits), then chromedriver; anything left of
   * the group is killed. */
  if (self->base != NULL && strstr (self->base, "/session/") != NULL)
    gone = wd_command (self, "DELETE", "", NULL, &error);
  if (self->driver != NULL)
    {
      const char *pid = g_subprocess_get_identifier (self->driver);

      if (pid != NULL)
        kill (-(pid_t) g_ascii_strtoll (pid, NULL, 10), SIGTERM);
      g_subprocess_wait (self->driver, NULL, NULL);
      if (pid != NULL)
        kill (-(pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL);
    }
  if (self->watchdog > 0)
    {
      kill (self->watchdog, SIGKILL);
      g_spawn_close_pid (self->watchdog);
    }
  if (self->tmp_dir != NULL)
    {
      g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", self->tmp_dir, NULL);

      if (rm != NULL)
        g_subprocess_wait (rm, NULL, NULL);
    }
  g_clear_object (&self->driver);
  g_clear_object (&self->session);
  g_main_context_unref (self->context);
  g_free (self->tmp_dir);
  g_free (self->base);
  g_free (self);
}

char *
ts_test_browser_dup_group (TsTestBrowser *self)
{
  return g_strdup (g_subprocess_get_identifier (self->driver));
}

void
ts_test_browser_set_wait (TsTestBrowser *self,
                          guint          milliseconds)
{
  self->wait_ms = milliseconds;
}

/* Pages */

void
ts_test_browser_go (TsTestBrowser *self,
                    const char    *url)
{
  g_autofree char *text = json_text (url);
  g_autofree char *body = g_strdup_printf ("{\"url\": %s}", text);

  wd_ignore (self, "POST", "/url", body);
}

void
ts_test_browser_back (TsTestBrowser *self)
{
  wd_ignore (self, "POST", "/back", "{}");
}

void
ts_test_browser_refresh (TsTestBrowser *self)
{
  wd_ignore (self, "POST", "/refresh", "{}");
}

char *
ts_test_browser_get_url (TsTestBrowser *self)
{
  return wd_string (self, "GET", "/url", NULL);
}

char *
ts_test_browser_get_title (TsTestBrowser *self)
{
  return wd_string (self, "GET", "/title", NULL);
}

char *
ts_test_browser_get_source (TsTestBrowser *self)
{
  return wd_string (self, "GET", "/source", NULL);
}

/* Finding elements */

static GPtrArray *
find_all (TsTestBrowser *self,
          const char    *css)
{
  g_autofree char *selector = json_text (css);
  g_autofree char *body = g_strdup_printf ("{\"using\": \"css selector\", \"value\": %s}", selector);
  g_autoptr(JsonNode) found = wd (self, "POST", "/elements", body);
  GPtrArray *elements = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (found))
    browser_fail (self, "finding %s answered no list", css);
  array = json_node_get_array (found);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (elements, element_of (json_array_get_element (array, i)));
  return elements;
}

TsTestElement *
ts_test_browser_find_now (TsTestBrowser *self,
                          const char    *css)
{
  g_autoptr(GPtrArray) elements = find_all (self, css);

  return elements->len > 0 ? g_strdup (g_ptr_array_index (elements, 0)) : NULL;
}

TsTestElement *
ts_test_browser_find (TsTestBrowser *self,
                      const char    *css)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->wait_ms * 1000;

  for (;;)
    {
      TsTestElement *element = ts_test_browser_find_now (self, css);

      if (element != NULL)
        return element;
      if (g_get_monotonic_time () > deadline)
        browser_fail (self, "nothing matches %s after %u ms", css, self->wait_ms);
      browser_pause (self, POLL_MS);
    }
}

GPtrArray *
ts_test_browser_find_all (TsTestBrowser *self,
                          const char    *css)
{
  return find_all (self, css);
}

gboolean
ts_test_browser_has (TsTestBrowser *self,
                     const char    *css)
{
  g_autofree TsTestElement *element = ts_test_browser_find_now (self, css);

  return element != NULL;
}

void
ts_test_browser_wait_gone (TsTestBrowser *self,
                           const char    *css)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->wait_ms * 1000;

  while (ts_test_browser_has (self, css))
    {
      if (g_get_monotonic_time () > deadline)
        browser_fail (self, "%s still there after %u ms", css, self->wait_ms);
      browser_pause (self, POLL_MS);
    }
}

void
ts_test_browser_wait_until (TsTestBrowser *self,
                            const char    *expression)
{
  g_autofree char *script = g_strdup_printf ("return !!(%s);", expression);
  gint64 deadline = g_get_monotonic_time () + (gint64) self->wait_ms * 1000;

  for (;;)
    {
      g_autoptr(JsonNode) value = ts_test_browser_script (self, script, NULL);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_boolean (value))
        return;
      if (g_get_monotonic_time () > deadline)
        browser_fail (self, "still not true after %u ms: %s", self->wait_ms, expression);
      browser_pause (self, POLL_MS);
    }
}

TsTestElement *
ts_test_browser_active (TsTestBrowser *self)
{
  g_autoptr(JsonNode) value = wd (self, "GET", "/element/active", NULL);

  return element_of (value);
}

/* One element */

static char *
element_path (const TsTestElement *element,
              const char          *what)
{
  return g_strdup_printf ("/element/%s%s%s", element, what != NULL ? "/" : "", what != NULL ? what : "");
}

void
ts_test_browser_element_click (TsTestBrowser       *self,
                               const TsTestElement *element)
{
  g_autofree char *path = element_path (element, "click");

  wd_ignore (self, "POST", path, "{}");
}

void
ts_test_browser_element_type (TsTestBrowser       *self,
                              const TsTestElement *element,
                              const char          *text)
{
  g_autofree char *path = element_path (element, "value");
  g_autofree char *value = json_text (text);
  g_autofree char *body = g_strdup_printf ("{\"text\": %s}", value);

  wd_ignore (self, "POST", path, body);
}

void
ts_test_browser_element_clear (TsTestBrowser       *self,
                               const TsTestElement *element)
{
  g_autofree char *path = element_path (element, "clear");

  wd_ignore (self, "POST", path, "{}");
}

char *
ts_test_browser_element_text (TsTestBrowser       *self,
                              const TsTestElement *element)
{
  g_autofree char *path = element_path (element, "text");

  return wd_string (self, "GET", path, NULL);
}

char *
ts_test_browser_element_attribute (TsTestBrowser       *self,
                                   const TsTestElement *element,
                                   const char          *name)
{
  g_autofree char *what = g_strdup_printf ("attribute/%s", name);
  g_autofree char *path = element_path (element, what);

  return wd_string (self, "GET", path, NULL);
}

char *
ts_test_browser_element_property (TsTestBrowser       *self,
                                  const TsTestElement *element,
                                  const char          *name)
{
  g_autofree char *what = g_strdup_printf ("property/%s", name);
  g_autofree char *path = element_path (element, what);

  return wd_string (self, "GET", path, NULL);
}

gboolean
ts_test_browser_element_displayed (TsTestBrowser       *self,
                                   const TsTestElement *element)
{
  g_autofree char *path = element_path (element, "displayed");
  g_autoptr(JsonNode) value = wd (self, "GET", path, NULL);

  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_boolean (value);
}

gboolean
ts_test_browser_element_is (TsTestBrowser       *self,
                            const TsTestElement *a,
                            const TsTestElement *b)
{
  /* chromedriver gives one element one reference for the session. */
  return a != NULL && b != NULL && g_str_equal (a, b);
}

/* By selector */

void
ts_test_browser_click (TsTestBrowser *self,
                       const char    *css)
{
  g_autofree TsTestElement *element = ts_test_browser_find (self, css);

  ts_test_browser_element_click (self, element);
}

void
ts_test_browser_fill (TsTestBrowser *self,
                      const char    *css,
                      const char    *text)
{
  g_autofree TsTestElement *element = ts_test_browser_find (self, css);

  ts_test_browser_element_clear (self, element);
  ts_test_browser_element_type (self, element, text);
}

/* Reads `what` ("text", "attribute/NAME") of the element css finds.  A page
 * that navigates (a form's POST, its 303, the next GET) can replace the
 * element between finding and reading it: it is found again, a few times,
 * rather than failing on WebDriver's "stale element reference". */
static char *
read_element (TsTestBrowser *self,
              const char    *css,
              const char    *what)
{
  for (int attempt = 0; ; attempt++)
    {
      g_autofree TsTestElement *element = ts_test_browser_find (self, css);
      g_autofree char *path = element_path (element, what);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = wd_command (self, "GET", path, NULL, &error);

      if (value != NULL)
        {
          if (JSON_NODE_HOLDS_NULL (value))
            return NULL;
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            return json_node_dup_string (value);
          return json_to_string (value, FALSE);
        }
      if (attempt >= 5 || strstr (error->message, "stale element reference") == NULL)
        browser_fail (self, "%s", error->message);
    }
}

char *
ts_test_browser_text (TsTestBrowser *self,
                      const char    *css)
{
  return read_element (self, css, "text");
}

char *
ts_test_browser_attribute (TsTestBrowser *self,
                           const char    *css,
                           const char    *name)
{
  g_autofree char *what = g_strdup_printf ("attribute/%s", name);

  return read_element (self, css, what);
}

void
ts_test_browser_select (TsTestBrowser *self,
                        const char    *css,
                        const char    *value)
{
  g_autofree TsTestElement *select = ts_test_browser_find (self, css);
  g_autofree char *path = element_path (select, "elements");
  g_autoptr(JsonNode) found = wd (self, "POST", path, "{\"using\": \"css selector\", \"value\": \"option\"}");
  JsonArray *array = json_node_get_array (found);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree TsTestElement *option = element_of (json_array_get_element (array, i));
      g_autofree char *its_value = ts_test_browser_element_property (self, option, "value");

      if (g_strcmp0 (its_value, value) == 0)
        {
          ts_test_browser_element_click (self, option);
          return;
        }
    }
  browser_fail (self, "%s has no option of value %s", css, value);
}

/* Dialogs */

char *
ts_test_browser_answer_dialog (TsTestBrowser *self,
                               gboolean       accept)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->wait_ms * 1000;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) text = wd_command (self, "GET", "/alert/text", NULL, &error);

      if (text != NULL)
        {
          char *said = JSON_NODE_HOLDS_VALUE (text) ? json_node_dup_string (text) : g_strdup ("");

          wd_ignore (self, "POST", accept ? "/alert/accept" : "/alert/dismiss", "{}");
          return said;
        }
      if (g_get_monotonic_time () > deadline)
        browser_fail (self, "no dialog after %u ms (%s)", self->wait_ms, error->message);
      browser_pause (self, POLL_MS);
    }
}

/* Script */

JsonNode *
ts_test_browser_script (TsTestBrowser *self,
                        const char    *body,
                        const char    *arguments)
{
  g_autofree char *script = json_text (body);
  g_autofree char *request = g_strdup_printf ("{\"script\": %s, \"args\": %s}", script,
                                              arguments != NULL ? arguments : "[]");
  JsonNode *value = wd (self, "POST", "/execute/sync", request);

  if (JSON_NODE_HOLDS_NULL (value))
    {
      json_node_unref (value);
      return NULL;
    }
  return value;
}

/* Keyboard and pointer */

static void
add_key (GString    *actions,
         const char *type,
         const char *key,
         gsize       length)
{
  g_autofree char *one = g_strndup (key, length);
  g_autofree char *value = json_text (one);

  g_string_append_printf (actions, "%s{\"type\": \"%s\", \"value\": %s}",
                          actions->str[actions->len - 1] == '[' ? "" : ", ", type, value);
}

static void
perform_keys (TsTestBrowser *self,
              const char    *keys,
              gboolean       chord)
{
  g_autoptr(GString) actions = g_string_new ("{\"actions\": [{\"type\": \"key\", \"id\": \"keyboard\", \"actions\": [");
  g_autoptr(GPtrArray) held = g_ptr_array_new ();
  const char *p;

  for (p = keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize length = g_utf8_next_char (p) - p;

      add_key (actions, "keyDown", p, length);
      if (chord)
        g_ptr_array_add (held, (gpointer) p);
      else
        add_key (actions, "keyUp", p, length);
    }
  for (guint i = held->len; i > 0; i--)
    {
      const char *key = g_ptr_array_index (held, i - 1);

      add_key (actions, "keyUp", key, g_utf8_next_char (key) - key);
    }
  g_string_append (actions, "]}]}");
  wd_ignore (self, "POST", "/actions", actions->str);
  wd_ignore (self, "DELETE", "/actions", NULL);
}

void
ts_test_browser_keys (TsTestBrowser *self,
                      const char    *keys)
{
  perform_keys (self, keys, FALSE);
}

void
ts_test_browser_chord (TsTestBrowser *self,
                       const char    *keys)
{
  perform_keys (self, keys, TRUE);
}

void
ts_test_browser_click_at (TsTestBrowser       *self,
                          const TsTestElement *element,
                          int                  x,
                          int                  y)
{
  g_autofree char *origin = element_json (element);
  g_autofree char *body = g_strdup_printf (
    "{\"actions\": [{\"type\": \"pointer\", \"id\": \"mouse\", \"parameters\": {\"pointerType\": \"mouse\"},"
    " \"actions\": [{\"type\": \"pointerMove\", \"duration\": 0, \"origin\": %s, \"x\": %d, \"y\": %d},"
    " {\"type\": \"pointerDown\", \"button\": 0}, {\"type\": \"pointerUp\", \"button\": 0}]}]}",
    origin, x, y);

  wd_ignore (self, "POST", "/actions", body);
  wd_ignore (self, "DELETE", "/actions", NULL);
}

/* Screenshots */

static char *
cdp (TsTestBrowser *self,
     const char    *command,
     const char    *params,
     const char    *member,
     GError       **error)
{
  g_autofree char *body = g_strdup_printf ("{\"cmd\": \"%s\", \"params\": %s}", command, params);
  g_autoptr(JsonNode) value = wd_command (self, "POST", "/goog/cdp/execute", body, error);
  JsonObject *object;

  if (value == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
  if (object == NULL || !json_object_has_member (object, member))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s answered no %s", command, member);
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (json_object_get_member (object, member))
      && json_node_get_value_type (json_object_get_member (object, member)) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (object, member));
  return json_to_string (json_object_get_member (object, member), FALSE);
}

void
ts_test_browser_screenshot (TsTestBrowser *self,
                            const char    *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autofree char *size = NULL;
  g_autofree char *params = NULL;
  g_autofree char *png64 = NULL;
  g_autofree guchar *png = NULL;
  g_autofree char *file = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  /* The whole page, not only what the window shows: the layout's content
   * size as a clip beyond the viewport. */
  size = cdp (self, "Page.getLayoutMetrics", "{}", "cssContentSize", &error);
  if (size != NULL && json_parser_load_from_data (parser, size, -1, NULL))
    {
      JsonObject *rect = json_node_get_object (json_parser_get_root (parser));
      double width = json_object_get_double_member (rect, "width");
      double height = MIN (json_object_get_double_member (rect, "height"), 8000.0);

      params = g_strdup_printf ("{\"format\": \"png\", \"captureBeyondViewport\": true, "
                                "\"clip\": {\"x\": 0, \"y\": 0, \"width\": %d, \"height\": %d, \"scale\": 1}}",
                                (int) width, (int) height);
      png64 = cdp (self, "Page.captureScreenshot", params, "data", &error);
    }
  if (png64 == NULL)
    png64 = wd_string (self, "GET", "/screenshot", NULL);
  png = g_base64_decode (png64, &length);
  basename = g_strdup_printf ("%s.png", name);
  file = g_build_filename (dir, basename, NULL);
  if (!g_file_set_contents (file, (const char *) png, (gssize) length, &error))
    g_error ("Cannot write %s: %s", file, error->message);
}

GBytes *
ts_test_browser_capture (TsTestBrowser *self)
{
  g_autofree char *png64 = wd_string (self, "GET", "/screenshot", NULL);
  gsize length = 0;
  guchar *png = g_base64_decode (png64, &length);

  return g_bytes_new_take (png, length);
}

/* Cookies */

static JsonArray *
cookies (TsTestBrowser *self,
         JsonNode     **holder)
{
  *holder = wd (self, "GET", "/cookie", NULL);
  return JSON_NODE_HOLDS_ARRAY (*holder) ? json_node_get_array (*holder) : NULL;
}

char *
ts_test_browser_cookie (TsTestBrowser *self,
                        const char    *name)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonArray *array = cookies (self, &holder);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *cookie = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (cookie, "name"), name) == 0)
        return g_strdup (json_object_get_string_member (cookie, "value"));
    }
  return NULL;
}

char *
ts_test_browser_cookie_header (TsTestBrowser *self)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonArray *array = cookies (self, &holder);
  g_autoptr(GString) header = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *cookie = json_array_get_object_element (array, i);

      g_string_append_printf (header, "%s%s=%s", header->len > 0 ? "; " : "",
                              json_object_get_string_member (cookie, "name"),
                              json_object_get_string_member (cookie, "value"));
    }
  return g_string_free (g_steal_pointer (&header), FALSE);
}

void
ts_test_browser_delete_cookies (TsTestBrowser *self)
{
  wd_ignore (self, "DELETE", "/cookie", NULL);
}

GBytes *
ts_test_browser_fetch (TsTestBrowser *self,
                       const char    *url,
                       guint         *out_status,
                       char         **out_content_type)
{
  g_autofree char *header = ts_test_browser_cookie_header (self);
  g_autofree char *here = ts_test_browser_get_url (self);
  g_autoptr(GError) error = NULL;
  /* a link as the page writes it (relative) is resolved as the browser would */
  g_autofree char *absolute = g_uri_resolve_relative (here, url, G_URI_FLAGS_NONE, &error);
  g_autoptr(SoupMessage) msg = absolute != NULL ? soup_message_new ("GET", absolute) : NULL;
  GBytes *body;

  if (msg == NULL)
    browser_fail (self, "%s is not a link from %s", url, here);
  if (*header != '\0')
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", header);
  body = send_message (self, msg, &error);
  if (body == NULL)
    browser_fail (self, "GET %s: %s", url, error->message);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  if (out_content_type != NULL)
    *out_content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return body;
}
