/* ts-test-process.c — the real tessera-server program in a process of its own */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-pg-cluster.h"
#include "ts-test-client.h"
#include "ts-test-process.h"

struct _TsTestProcess
{
  char        *data_dir;
  char        *owner_conninfo;
  char        *admin_conninfo;
  guint        port;
  char        *url;
  GSubprocess *process;
  GThread     *reader;
  GMutex       lock;
  GString     *output;       /* everything it printed, across restarts */
};

static const char *
server_path (void)
{
  const char *path = g_getenv ("TESSERA_SERVER");

  if (path == NULL)
    g_error ("TESSERA_SERVER must name the tessera-server program");
  return path;
}

/* A test that aborts must not leave the server running: it dies with us.
 * (Runs in the child between fork and exec.) */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

TsTestProcess *
ts_test_process_new (const char *data_dir)
{
  TsTestProcess *self = g_new0 (TsTestProcess, 1);
  g_autoptr(TsPgCluster) naming = ts_pg_cluster_new (data_dir, NULL, NULL);

  self->data_dir = g_strdup (data_dir);
  self->owner_conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_OWNER, TS_PG_DATABASE);
  self->admin_conninfo = ts_pg_cluster_dup_conninfo (naming, TS_PG_SUPERUSER, TS_PG_DATABASE);
  self->port = ts_test_free_port ();
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->output = g_string_new (NULL);
  g_mutex_init (&self->lock);
  ts_test_watch_cluster (data_dir);
  return self;
}

static gpointer
read_output (gpointer data)
{
  TsTestProcess *self = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      g_mutex_lock (&self->lock);
      g_string_append_printf (self->output, "%s\n", line);
      g_mutex_unlock (&self->lock);
      g_free (line);
    }
  return NULL;
}

guint
ts_test_process_times_said (TsTestProcess *self,
                            const char    *text)
{
  guint count = 0;

  g_mutex_lock (&self->lock);
  for (const char *at = self->output->str; (at = strstr (at, text)) != NULL; at += strlen (text))
    count++;
  g_mutex_unlock (&self->lock);
  return count;
}

void
ts_test_process_start (TsTestProcess      *self,
                       const char * const *extra)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint listening = ts_test_process_times_said (self, "listening on ");

  g_ptr_array_add (argv, g_strdup (server_path ()));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (self->data_dir));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", self->port));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (g_getenv ("TESSERA_LOCALEDIR") == NULL)
    g_subprocess_launcher_setenv (launcher, "TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);
  g_assert_null (self->process);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  self->reader = g_thread_new ("server-output", read_output, self);
  ts_test_process_wait_for_output (self, "listening on ", listening + 1, 60000);
}

void
ts_test_process_wait_for_output (TsTestProcess *self,
                                 const char    *text,
                                 guint          count,
                                 guint          timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (ts_test_process_times_said (self, text) < count)
    {
      if (g_get_monotonic_time () > end)
        {
          g_autofree char *said = ts_test_process_dup_output (self);

          g_error ("The server did not say “%s” (×%u) within %u ms; it said:\n%s", text, count, timeout_ms, said);
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
}

static void
reaped (TsTestProcess *self,
        int            signal_number)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, signal_number);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&self->reader));
}

void
ts_test_process_kill (TsTestProcess *self)
{
  reaped (self, SIGKILL);
  g_assert_true (g_subprocess_get_if_signaled (self->process));
  g_clear_object (&self->process);
}

void
ts_test_process_stop (TsTestProcess *self)
{
  reaped (self, SIGTERM);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
  g_clear_object (&self->process);
}

void
ts_test_process_free (TsTestProcess *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    ts_test_process_stop (self);
  g_free (self->data_dir);
  g_free (self->owner_conninfo);
  g_free (self->admin_conninfo);
  g_free (self->url);
  g_string_free (self->output, TRUE);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
ts_test_process_get_url (TsTestProcess *self)
{
  return self->url;
}

const char *
ts_test_process_get_data_dir (TsTestProcess *self)
{
  return self->data_dir;
}

const char *
ts_test_process_get_owner_conninfo (TsTestProcess *self)
{
  return self->owner_conninfo;
}

const char *
ts_test_process_get_admin_conninfo (TsTestProcess *self)
{
  return self->admin_conninfo;
}

char *
ts_test_process_dup_output (TsTestProcess *self)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strdup (self->output->str);
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
ts_test_process_http (TsTestProcess *self,
                      const char    *method,
                      const char    *path,
                      const char    *token,
                      const char    *body,
                      JsonNode     **out_answer)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *out_answer = NULL;
      if (g_bytes_get_size (answer) > 0
          && json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
        *out_answer = json_node_ref (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
}

static void
post_answered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TsTestAnswer *answer = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &answer->error);

  answer->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  answer->answered = TRUE;
}

void
ts_test_process_post_async (TsTestProcess *self,
                            SoupSession   *session,
                            const char    *path,
                            const char    *token,
                            const char    *body,
                            TsTestAnswer  *answer)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer->answered = FALSE;
  answer->status = 0;
  g_clear_error (&answer->error);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, post_answered, answer);
}

char *
ts_test_process_sign_in (TsTestProcess *self,
                         const char    *outlet,
                         const char    *login,
                         const char    *password)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = ts_test_sign_in_body (outlet, login, password);
  guint status = ts_test_process_http (self, "POST", "/api/v1/session", NULL, body, &answer);

  if (status != 201)
    g_error ("Cannot sign in as %s at %s: %u", login, outlet ? outlet : "(Master User)", status);
  return g_strdup (ts_test_member_string (answer, "token"));
}

gint64
ts_test_process_owner_int (TsTestProcess *self,
                           const char    *format,
                           ...)
{
  va_list args;
  gint64 value;

  va_start (args, format);
  value = ts_test_int_at_valist (self->owner_conninfo, format, args);
  va_end (args);
  return value;
}

int
ts_test_process_run (const char * const  *args,
                     char               **out_output)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_ptr_array_add (argv, (char *) server_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("tessera-server %s: %s", args[0], output);
  if (out_output != NULL)
    *out_output = g_steal_pointer (&output);
  return g_subprocess_get_exit_status (process);
}

char *
ts_test_process_make_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (pattern, &error);

  g_assert_no_error (error);
  g_chmod (dir, 0755);      /* as root, PostgreSQL runs as another account */
  return dir;
}

void
ts_test_process_remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}
