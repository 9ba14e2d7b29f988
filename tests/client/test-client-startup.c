/* test-client-startup.c — the real client binary, as a terminal server
 * starts it for each session: its sign-in window shows (it says so on
 * standard output with TESSERA_STARTUP_PROBE=1), and with the cairo
 * renderer, its default, no GL library is in the process (GDK would
 * otherwise load Mesa and llvmpipe's LLVM, ~45 MB per session, for no
 * frame).  The figures are bench/bench-client-memory's. */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#define DEADLINE_S 60

typedef struct
{
  char    *line;
  gboolean done;
} Reading;

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reading *reading = user_data;

  reading->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  reading->done = TRUE;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The first line the client prints, within the deadline (NULL otherwise). */
static char *
first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Reading reading = { NULL, FALSE };
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (50, wake, NULL);

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, cancellable, line_read, &reading);
  while (!reading.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  g_cancellable_cancel (cancellable);
  while (!reading.done)
    g_main_context_iteration (NULL, TRUE);
  return reading.line;
}

static GSubprocess *
start_client (const char *renderer)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "TESSERA_STARTUP_PROBE", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GDK_DEBUG");
  if (renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  /* nothing answers there: the sign-in window shows all the same */
  process = g_subprocess_launcher_spawn (launcher, &error, TS_CLIENT, "--server", "http://127.0.0.1:9", NULL);
  g_assert_no_error (error);
  return process;
}

static void
stop_client (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

static char *
mapped_gl (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (process));
  g_autofree char *maps = NULL;
  const char *libraries[] = { "libLLVM", "_dri.so", "libGLX_mesa", "libEGL_mesa", NULL };

  g_assert_true (g_file_get_contents (path, &maps, NULL, NULL));
  for (guint i = 0; libraries[i] != NULL; i++)
    if (strstr (maps, libraries[i]) != NULL)
      return g_strdup (libraries[i]);
  return NULL;
}

/* The sign-in window is drawn, and no GL is loaded. */
static void
assert_no_gl (const char *renderer)
{
  g_autoptr(GSubprocess) client = start_client (renderer);
  g_autofree char *line = first_line (client);
  g_autofree char *gl = NULL;

  g_assert_cmpstr (line, ==, "tessera-probe: sign-in-shown");
  gl = mapped_gl (client);
  if (gl != NULL)
    g_error ("the client loaded %s although cairo draws", gl);
  stop_client (client);
}

/* By default */
static void
test_default_opens_no_gl (void)
{
  assert_no_gl (NULL);
}

/* GSK_RENDERER=cairo, said explicitly */
static void
test_cairo_opens_no_gl (void)
{
  assert_no_gl ("cairo");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("no X display: run under xvfb-run\n");
      return 77;
    }
  g_test_add_func ("/client/startup/default-opens-no-gl", test_default_opens_no_gl);
  g_test_add_func ("/client/startup/cairo-opens-no-gl", test_cairo_opens_no_gl);
  return g_test_run ();
}
