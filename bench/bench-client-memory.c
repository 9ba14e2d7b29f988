/* bench-client-memory.c — how light the real client is for a terminal server
 *
 * Starts a server with the demo season in this process and the real client
 * binary as a process of its own on the current DISPLAY (Xvfb), signs in as
 * UTH's Box Office through real keys (XTEST), opens Hamlet on the Sales page
 * (the opera house: 2,000 seats), and reads the client's memory from /proc
 * at each step: RSS, PSS (shared pages divided among the processes sharing
 * them), private and, of it, dirty: the pages this process wrote (heap,
 * relocations), what one more session costs, its clean pages being shared
 * with the other sessions.  The client says when
 * each step is drawn on its standard output (TESSERA_STARTUP_PROBE=1, see
 * client/app/ts-startup-probe.c); the time from exec to the sign-in window's
 * first frame is measured here.
 *
 * Baseline, in the same run: the least a GTK 4 application costs, one
 * window with a label drawn the same way (bench-client-memory-floor).  For
 * comparison, the client with GL opened at start as GDK does unless told
 * (GDK_DEBUG=gl-egl keeps it), although cairo draws: what every session
 * paid before issue 15 (with, then, every page made at sign-in too).
 *
 *   xvfb-run -a dbus-run-session -- _build/bench/bench-client-memory [--runs 3] [--gl] [--client PATH]
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gmodule.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>

#include "ts-bench-stats.h"
#include "ts-test-client.h"

#define STEP_TIMEOUT_S 60
#define SETTLE_MS      700

static int runs = 3;
static gboolean with_gl_renderer = FALSE;
static char *other_client = NULL;      /* --client: another build's, to compare */

typedef enum { AT_WINDOW, AT_SIGNED_IN, AT_MAP, N_STEPS } Step;

typedef struct
{
  double rss_mb, pss_mb, private_mb, dirty_mb;
} Memory;

typedef struct
{
  double startup_ms;
  Memory memory[N_STEPS];
  gboolean reached[N_STEPS];
} Run;

typedef struct
{
  const char  *name;
  const char  *program;          /* TS_CLIENT or TS_FLOOR */
  const char  *renderer;         /* GSK_RENDERER, or NULL to leave unset */
  const char  *gdk_debug;        /* GDK_DEBUG, or NULL to leave unset */
  gboolean     drives_session;   /* signs in and opens the map */
} Variant;

/* What the client printed, each line with when it came */
typedef struct
{
  GHashTable *seen;              /* event → gint64 monotonic µs, the first time */
  gboolean    closed;
} Probe;

/* XTEST, opened at run time as tests/client/ts-test-input.c does */
typedef int (*FakeKey) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);
typedef int (*FakeMotion) (Display *display, int screen, int x, int y, unsigned long delay);
static FakeKey fake_key;
static FakeMotion fake_motion;
static Display *x_display;

static gboolean
xtest_open (void)
{
  GModule *xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  x_display = XOpenDisplay (NULL);
  return x_display != NULL && xtst != NULL
         && g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key)
         && g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *) &fake_motion);
}

static void
key_event (KeySym keysym,
           Bool   press)
{
  fake_key (x_display, XKeysymToKeycode (x_display, keysym), press, CurrentTime);
  XSync (x_display, False);
}

static void
press_key (KeySym keysym,
           KeySym modifier)
{
  if (modifier != NoSymbol)
    key_event (modifier, True);
  key_event (keysym, True);
  key_event (keysym, False);
  if (modifier != NoSymbol)
    key_event (modifier, False);
}

/* Lower-case letters, digits and '-' only: what the bench types. */
static void
type_text (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    press_key (*c == '-' ? XK_minus : (KeySym) *c, NoSymbol);
}

static void
read_next_line (GDataInputStream *stream,
                Probe            *probe);

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  const char *prefix = "tessera-probe: ";

  if (line == NULL)
    {
      if (error != NULL)
        g_printerr ("bench-client-memory: reading the program's output: %s\n", error->message);
      probe->closed = TRUE;
      return;
    }
  if (g_str_has_prefix (line, prefix))
    {
      g_auto(GStrv) words = g_strsplit (line + strlen (prefix), " ", 2);
      gint64 *when = g_new (gint64, 1);

      *when = g_get_monotonic_time ();
      if (!g_hash_table_contains (probe->seen, words[0]))
        g_hash_table_insert (probe->seen, g_strdup (words[0]), when);
      else
        g_free (when);
    }
  read_next_line (G_DATA_INPUT_STREAM (source), probe);
}

static void
read_next_line (GDataInputStream *stream,
                Probe            *probe)
{
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read, probe);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Serves the client (the server is in this process) until the event is
 * printed, or the deadline; FALSE then. */
static gboolean
wait_for (Probe      *probe,
          const char *event)
{
  gint64 deadline = g_get_monotonic_time () + STEP_TIMEOUT_S * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (20, wake, NULL);

  while (!g_hash_table_contains (probe->seen, event) && !probe->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  if (!g_hash_table_contains (probe->seen, event))
    g_printerr ("bench-client-memory: no “%s” from the program%s\n", event, probe->closed ? " (it ended)" : "");
  return g_hash_table_contains (probe->seen, event);
}

/* Lets what the step started finish (the server keeps answering) before
 * memory is read: a bench's pause, not a test's wait. */
static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint ticker = g_timeout_add (20, wake, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
}

static double
kb_field (const char *text,
          const char *field)
{
  const char *at = text ? strstr (text, field) : NULL;

  return at != NULL ? g_ascii_strtod (at + strlen (field), NULL) : 0;
}

static Memory
read_memory (const char *pid)
{
  g_autofree char *status_path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *rollup_path = g_strdup_printf ("/proc/%s/smaps_rollup", pid);
  g_autofree char *status = NULL;
  g_autofree char *rollup = NULL;
  Memory memory;

  g_file_get_contents (status_path, &status, NULL, NULL);
  g_file_get_contents (rollup_path, &rollup, NULL, NULL);
  memory.rss_mb = kb_field (status, "\nVmRSS:") / 1024.0;
  memory.pss_mb = kb_field (rollup, "\nPss:") / 1024.0;
  memory.private_mb = (kb_field (rollup, "\nPrivate_Clean:") + kb_field (rollup, "\nPrivate_Dirty:")) / 1024.0;
  memory.dirty_mb = kb_field (rollup, "\nPrivate_Dirty:") / 1024.0;
  return memory;
}

static void
write_settings (const char *config_home,
                const char *server_url,
                gint64      outlet_id)
{
  g_autofree char *dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *text = g_strdup_printf ("[org/tessera/Tessera]\nserver-url='%s'\nlast-login='boxoffice'\n"
                                           "last-outlet-id=%" G_GINT64_FORMAT "\n", server_url, outlet_id);

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

/* The settings and the window layouts the client left there. */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static Run
run_once (const Variant *variant,
          const char    *server_url,
          gint64         outlet_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autofree char *config_home = g_dir_make_tmp ("bench-client-memory-XXXXXX", &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Probe probe = { seen, FALSE };
  const char *pid;
  gint64 started;
  Run run = { 0 };

  g_assert_no_error (error);
  write_settings (config_home, server_url, outlet_id);
  g_subprocess_launcher_setenv (launcher, "TESSERA_STARTUP_PROBE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", TS_SCHEMA_DIR, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "TESSERA_LOCALEDIR", TS_LOCALEDIR, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  g_subprocess_launcher_unsetenv (launcher, "GDK_DEBUG");
  if (variant->renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", variant->renderer, TRUE);
  if (variant->gdk_debug != NULL)
    g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", variant->gdk_debug, TRUE);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, variant->program, NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (process);
  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  read_next_line (stdout_lines, &probe);

  if (wait_for (&probe, "sign-in-shown"))
    {
      run.startup_ms = (*(gint64 *) g_hash_table_lookup (seen, "sign-in-shown") - started) / 1000.0;
      settle (SETTLE_MS);
      run.memory[AT_WINDOW] = read_memory (pid);
      run.reached[AT_WINDOW] = TRUE;
    }
  if (run.reached[AT_WINDOW] && variant->drives_session && x_display != NULL)
    {
      /* Keys go to the window under the pointer (Xvfb has no window
       * manager): the sign-in window, then the main window, at the top left.
       * The password field has the focus (the login is remembered). */
      fake_motion (x_display, -1, 60, 90, CurrentTime);
      XSync (x_display, False);
      type_text ("boxoffice-password");
      press_key (XK_Return, NoSymbol);
      if (wait_for (&probe, "session-shown"))
        {
          settle (SETTLE_MS);
          run.memory[AT_SIGNED_IN] = read_memory (pid);
          run.reached[AT_SIGNED_IN] = TRUE;
          /* The Sales page: Ctrl+F, the search, Enter chooses the first
           * performance found (Hamlet, in the opera house) */
          press_key (XK_f, XK_Control_L);
          type_text ("hamlet");
          settle (SETTLE_MS);                 /* the search's own delay */
          press_key (XK_Return, NoSymbol);
          if (wait_for (&probe, "seat-map-ready"))
            {
              settle (SETTLE_MS);
              run.memory[AT_MAP] = read_memory (pid);
              run.reached[AT_MAP] = TRUE;
            }
        }
    }

  if (probe.closed)
    {
      g_subprocess_wait (process, NULL, NULL);
      g_printerr ("bench-client-memory: %s ended with status %d\n", variant->program,
                  g_subprocess_get_status (process));
    }
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  /* the read still pending holds &probe: let it see the end */
  while (!probe.closed)
    g_main_context_iteration (NULL, TRUE);
  remove_tree (config_home);
  return run;
}

typedef struct
{
  double startup_ms;
  Memory memory[N_STEPS];
  gboolean reached[N_STEPS];
} Figures;

/* The median of each figure over the runs. */
static Figures
measure (const Variant *variant,
         const char    *server_url,
         gint64         outlet_id)
{
  g_autoptr(GArray) startup = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *values[N_STEPS][4];
  Figures figures = { 0 };

  for (guint s = 0; s < N_STEPS; s++)
    for (guint k = 0; k < 4; k++)
      values[s][k] = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < runs; i++)
    {
      Run run = run_once (variant, server_url, outlet_id);

      if (run.reached[AT_WINDOW])
        g_array_append_val (startup, run.startup_ms);
      for (guint s = 0; s < N_STEPS; s++)
        if (run.reached[s])
          {
            g_array_append_val (values[s][0], run.memory[s].rss_mb);
            g_array_append_val (values[s][1], run.memory[s].pss_mb);
            g_array_append_val (values[s][2], run.memory[s].private_mb);
            g_array_append_val (values[s][3], run.memory[s].dirty_mb);
          }
    }
  figures.startup_ms = ts_bench_median (startup);
  for (guint s = 0; s < N_STEPS; s++)
    {
      figures.reached[s] = values[s][0]->len > 0;
      figures.memory[s].rss_mb = ts_bench_median (values[s][0]);
      figures.memory[s].pss_mb = ts_bench_median (values[s][1]);
      figures.memory[s].private_mb = ts_bench_median (values[s][2]);
      figures.memory[s].dirty_mb = ts_bench_median (values[s][3]);
      for (guint k = 0; k < 4; k++)
        g_array_unref (values[s][k]);
    }
  return figures;
}

static void
print_step (const char    *label,
            const Figures *figures,
            Step           step,
            gboolean       with_startup)
{
  const Memory *m = &figures->memory[step];
  g_autofree char *startup = with_startup ? g_strdup_printf ("%6.0f ms", figures->startup_ms) : g_strdup ("");

  if (!figures->reached[step])
    {
      g_print ("  %-44s %9s   (not reached)\n", label, startup);
      return;
    }
  g_print ("  %-44s %9s   %6.1f  %6.1f  %7.1f  %6.1f\n", label, startup, m->rss_mb, m->pss_mb, m->private_mb,
           m->dirty_mb);
}

static void
print_client (const char    *name,
              const Figures *figures)
{
  g_autofree char *window = g_strdup_printf ("%s: sign-in window", name);
  g_autofree char *signed_in = g_strdup_printf ("%s: signed in (Sales page)", name);
  g_autofree char *map = g_strdup_printf ("%s: the 2,000-seat map", name);

  print_step (window, figures, AT_WINDOW, TRUE);
  print_step (signed_in, figures, AT_SIGNED_IN, FALSE);
  print_step (map, figures, AT_MAP, FALSE);
}

static void
season (TsServerConfig *config,
        gpointer        data)
{
  config->demo_season = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Runs per figure, the median printed (default 3)", "N" },
    { "gl", 0, 0, G_OPTION_ARG_NONE, &with_gl_renderer, "Also the client with the GL renderer (GSK_RENDERER=gl)", NULL },
    { "client", 0, 0, G_OPTION_ARG_FILENAME, &other_client,
      "Also another build's client (it must print TESSERA_STARTUP_PROBE's lines)", "PATH" },
    { NULL }
  };
  const Variant floor = { "GTK alone", TS_FLOOR, NULL, NULL, FALSE };
  const Variant client = { "tessera", TS_CLIENT, NULL, NULL, TRUE };
  const Variant gl_opened = { "GL opened", TS_CLIENT, "cairo", "gl-egl", TRUE };
  const Variant gl_renderer = { "GL renderer", TS_CLIENT, "gl", NULL, TRUE };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the client's start and memory, for terminal servers");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autoptr(JsonNode) directory = NULL;
  JsonArray *outlets;
  gint64 uth = 0;
  Figures floor_figures, client_figures, before_figures, gl_figures, other_figures;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-client-memory needs an X display: xvfb-run -a dbus-run-session -- %s\n", argv[0]);
      return 77;
    }
  if (!xtest_open ())
    g_printerr ("bench-client-memory: no XTEST on this display; only the sign-in window is measured\n");

  server = ts_test_server_new_with (season, NULL);
  directory = ts_test_expect (server, "GET", "/api/v1/outlets/directory", NULL, NULL, 200);
  outlets = json_object_get_array_member (json_node_get_object (directory), "outlets");
  for (guint i = 0; i < json_array_get_length (outlets); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (outlets, i), "code"), "UTH") == 0)
      uth = json_object_get_int_member (json_array_get_object_element (outlets, i), "id");

  floor_figures = measure (&floor, ts_test_server_get_url (server), uth);
  client_figures = measure (&client, ts_test_server_get_url (server), uth);
  before_figures = measure (&gl_opened, ts_test_server_get_url (server), uth);
  if (with_gl_renderer)
    gl_figures = measure (&gl_renderer, ts_test_server_get_url (server), uth);
  if (other_client != NULL)
    {
      const Variant other = { "--client", other_client, NULL, NULL, TRUE };

      other_figures = measure (&other, ts_test_server_get_url (server), uth);
    }

  g_print ("bench-client-memory: the real client on DISPLAY=%s, the median of %d runs each;\n"
           "  memory in MB from /proc: PSS divides each shared page among the processes mapping it;\n"
           "  private pages no other process maps now; dirty, the private pages this process wrote\n"
           "  (heap, relocations): what one more session costs, its clean pages being shared then\n\n",
           g_getenv ("DISPLAY"), runs);
  g_print ("  %-44s %9s   %6s  %6s  %7s  %6s\n", "", "start", "RSS", "PSS", "private", "dirty");
  print_step ("GTK alone, one window (baseline)", &floor_figures, AT_WINDOW, TRUE);
  print_client (client.name, &client_figures);
  print_client (gl_opened.name, &before_figures);
  if (with_gl_renderer)
    print_client (gl_renderer.name, &gl_figures);
  if (other_client != NULL)
    print_client ("--client", &other_figures);
  g_print ("\n  against GTK alone: start ×%.2f; RSS ×%.2f at the sign-in window, ×%.2f after the map"
           " (+%.1f MB); dirty ×%.2f after the map (+%.1f MB)\n",
           client_figures.startup_ms / floor_figures.startup_ms,
           client_figures.memory[AT_WINDOW].rss_mb / floor_figures.memory[AT_WINDOW].rss_mb,
           client_figures.memory[AT_MAP].rss_mb / floor_figures.memory[AT_WINDOW].rss_mb,
           client_figures.memory[AT_MAP].rss_mb - floor_figures.memory[AT_WINDOW].rss_mb,
           client_figures.memory[AT_MAP].dirty_mb / floor_figures.memory[AT_WINDOW].dirty_mb,
           client_figures.memory[AT_MAP].dirty_mb - floor_figures.memory[AT_WINDOW].dirty_mb);
  g_print ("  against GL opened: RSS after the map ×%.2f, dirty ×%.2f\n",
           client_figures.memory[AT_MAP].rss_mb / before_figures.memory[AT_MAP].rss_mb,
           client_figures.memory[AT_MAP].dirty_mb / before_figures.memory[AT_MAP].dirty_mb);
  if (x_display != NULL)
    XCloseDisplay (x_display);
  return 0;
}
