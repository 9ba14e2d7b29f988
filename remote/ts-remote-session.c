/* ts-remote-session.c — one person's remote desktop: its folder, its
 * Broadway display and its client, started together and ended together */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "ts-remote-session.h"

#define DISPLAY_WAIT_S  15      /* broadwayd listens within milliseconds; a loaded host may take longer */
#define KILL_GRACE_S    3       /* SIGTERM, then SIGKILL */
#define ID_BYTES        24      /* 192 bits: neither the path nor the cookie can be guessed */

struct _TsRemoteSession
{
  GObject      parent_instance;

  char        *id;
  char        *cookie;
  char        *token;
  char        *dir;             /* the private folder (0700): sockets, the client's settings */
  GSubprocess *display;
  GSubprocess *client;
  GPid         display_pid;
  GPid         client_pid;
  gboolean     display_gone;
  gboolean     client_gone;
  gboolean     ended;
  guint        kill_timeout;
  SoupSession *soup;            /* HTTP to broadwayd's socket */
  gint64       last_used;
};

enum { ENDED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TsRemoteSession, ts_remote_session, G_TYPE_OBJECT)

static char *
random_hex (void)
{
  guint8 bytes[ID_BYTES];
  GString *text = g_string_sized_new (2 * ID_BYTES);
  int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
  gsize done = 0;

  /* the kernel's randomness, never GLib's g_random (a PRNG seeded once) */
  while (fd >= 0 && done < sizeof bytes)
    {
      gssize n = read (fd, bytes + done, sizeof bytes - done);

      if (n <= 0 && errno != EINTR)
        g_error ("Cannot read /dev/urandom: %s", g_strerror (errno));
      if (n > 0)
        done += n;
    }
  if (fd < 0)
    g_error ("Cannot open /dev/urandom: %s", g_strerror (errno));
  close (fd);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  return g_string_free (text, FALSE);
}

/* Each process leads a group of its own, so that ending the session ends
 * whatever it started; and it dies with the gateway, even a killed one. */
static void
child_setup (gpointer data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static guint64
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (pid <= 0 || !g_file_get_contents (path, &status, NULL, NULL))
    return 0;
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10) : 0;
}

static void
maybe_finished (TsRemoteSession *self)
{
  if (!self->display_gone || !self->client_gone)
    return;
  g_clear_handle_id (&self->kill_timeout, g_source_remove);
  if (self->dir != NULL)
    {
      remove_tree (self->dir);
      g_clear_pointer (&self->dir, g_free);
    }
}

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TsRemoteSession) self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  if (G_SUBPROCESS (source) == self->display)
    self->display_gone = TRUE;
  else
    self->client_gone = TRUE;
  /* the client signed out or was closed, or the display died: either way
   * there is nothing left to show */
  ts_remote_session_end (self);
  maybe_finished (self);
}

static gboolean
kill_after_grace (gpointer user_data)
{
  TsRemoteSession *self = user_data;

  self->kill_timeout = 0;
  ts_remote_session_kill (self);
  return G_SOURCE_REMOVE;
}

static void
ts_remote_session_dispose (GObject *object)
{
  TsRemoteSession *self = TS_REMOTE_SESSION (object);

  g_clear_handle_id (&self->kill_timeout, g_source_remove);
  g_clear_object (&self->soup);
  g_clear_object (&self->display);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ts_remote_session_parent_class)->dispose (object);
}

static void
ts_remote_session_finalize (GObject *object)
{
  TsRemoteSession *self = TS_REMOTE_SESSION (object);

  g_free (self->id);
  g_free (self->cookie);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  G_OBJECT_CLASS (ts_remote_session_parent_class)->finalize (object);
}

static void
ts_remote_session_class_init (TsRemoteSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_remote_session_dispose;
  object_class->finalize = ts_remote_session_finalize;

  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ts_remote_session_init (TsRemoteSession *self)
{
  self->id = random_hex ();
  self->cookie = random_hex ();
  self->last_used = g_get_monotonic_time ();
  self->display_gone = TRUE;
  self->client_gone = TRUE;
}

/* Starting ------------------------------------------------------------------ */

typedef struct
{
  TsRemoteSession *session;
  char            *client;
  char            *server_url;
  char            *language;
  gint64           deadline;
  guint            poll;
} Start;

static void
start_free (Start *start)
{
  g_clear_handle_id (&start->poll, g_source_remove);
  if (start->session != NULL)
    {
      ts_remote_session_end (start->session);
      g_object_unref (start->session);
    }
  g_free (start->client);
  g_free (start->server_url);
  g_free (start->language);
  g_free (start);
}

static GSubprocessLauncher *
launcher_for (TsRemoteSession *self)
{
  /* what they print goes nowhere ("Listening on…"); their warnings go to
   * the gateway's stderr (the journal) */
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* broadwayd and the client find each other in XDG_RUNTIME_DIR
   * (broadway1.socket for display :0): a private folder per session, so no
   * display number is shared and no other user can reach the socket */
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", self->dir, TRUE);
  return launcher;
}

/* The client speaks the sign-in page's language.  gettext follows LANGUAGE
 * under any locale but "C": French Canada's own locale when the machine has
 * it (dates, numbers), else C.UTF-8. */
static void
set_language (GSubprocessLauncher *launcher,
              const char          *language)
{
  gboolean french = g_strcmp0 (language, "fr") == 0;
  locale_t fr_ca = french ? newlocale (LC_ALL_MASK, "fr_CA.UTF-8", (locale_t) 0) : (locale_t) 0;

  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", french ? "fr_CA:fr" : "en", TRUE);
  if (fr_ca != (locale_t) 0)
    {
      g_subprocess_launcher_setenv (launcher, "LANG", "fr_CA.UTF-8", TRUE);
      freelocale (fr_ca);
    }
  else if (french)
    g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
}

/* The servers the gateway's user trusts (their pinned certificates,
 * client/api/ts-known-servers.h) are the desktop's too: a copy in the
 * session's settings, since the client keeps its settings there. */
static void
copy_known_servers (TsRemoteSession *self)
{
  g_autofree char *source = g_build_filename (g_get_user_config_dir (), "tessera", "known-servers", NULL);
  g_autofree char *folder = g_build_filename (self->dir, "config", "tessera", NULL);
  g_autofree char *target = g_build_filename (folder, "known-servers", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (source, &contents, &length, NULL))
    return;
  if (g_mkdir_with_parents (folder, 0700) != 0
      || !g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    g_warning ("Cannot give the desktop the trusted servers of %s", source);
}

/* The token goes through a pipe the client inherits as descriptor 3 and
 * reads once (TESSERA_SESSION_FD): never on the command line, which any
 * user of the machine reads in ps, nor in the environment, which
 * /proc/PID/environ keeps for the client's whole life. */
static gboolean
start_client (Start   *start,
              GError **error)
{
  TsRemoteSession *self = start->session;
  g_autoptr(GSubprocessLauncher) launcher = launcher_for (self);
  g_autofree char *config = g_build_filename (self->dir, "config", NULL);
  g_autofree char *pid = NULL;
  int fds[2];
  gsize length = strlen (self->token);

  copy_known_servers (self);
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;
  if (write (fds[1], self->token, length) != (gssize) length)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot hand the session to the client: %s", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);
  g_subprocess_launcher_setenv (launcher, "TESSERA_SESSION_FD", "3", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "broadway", TRUE);
  g_subprocess_launcher_setenv (launcher, "BROADWAY_DISPLAY", ":0", TRUE);
  /* Broadway's own renderer sends the browser what to draw, not pixels */
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "broadway", TRUE);
  /* sessions share the gateway's user: the client's remembered settings and
   * window layouts stay in the session's folder and go with it */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  set_language (launcher, start->language);
  self->client = g_subprocess_launcher_spawn (launcher, error, start->client, "--server", start->server_url, NULL);
  if (self->client == NULL)
    return FALSE;
  self->client_gone = FALSE;
  pid = g_strdup (g_subprocess_get_identifier (self->client));
  self->client_pid = pid != NULL ? atoi (pid) : 0;
  g_subprocess_wait_async (self->client, NULL, process_exited, g_object_ref (self));
  return TRUE;
}

static gboolean
poll_display (gpointer user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  TsRemoteSession *self = start->session;
  g_autofree char *display_socket = g_build_filename (self->dir, "broadway1.socket", NULL);
  g_autofree char *http_socket = g_build_filename (self->dir, "http.sock", NULL);
  g_autoptr(GError) error = NULL;

  if (self->display_gone)
    {
      start->poll = 0;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "The Broadway display (gtk4-broadwayd) stopped at start (%s %d)",
                               g_subprocess_get_if_signaled (self->display) ? "signal" : "status",
                               g_subprocess_get_if_signaled (self->display) ? g_subprocess_get_term_sig (self->display)
                                                                            : g_subprocess_get_exit_status (self->display));
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  if (!g_file_test (display_socket, G_FILE_TEST_EXISTS) || !g_file_test (http_socket, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () < start->deadline)
        return G_SOURCE_CONTINUE;
      start->poll = 0;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "The Broadway display (gtk4-broadwayd) did not listen within %d s", DISPLAY_WAIT_S);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  start->poll = 0;
  if (!start_client (start, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&start->session), g_object_unref);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
ts_remote_session_start_async (const TsRemoteSessionSpec *spec,
                               const char                *token,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Start *start = g_new0 (Start, 1);
  TsRemoteSession *self;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *template = g_build_filename (spec->runtime_dir, "tessera-remote-XXXXXX", NULL);
  g_autofree char *http_socket = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, ts_remote_session_start_async);
  start->session = self = g_object_new (TS_TYPE_REMOTE_SESSION, NULL);
  start->client = g_strdup (spec->client);
  start->server_url = g_strdup (spec->server_url);
  start->language = g_strdup (spec->language);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);
  self->token = g_strdup (token);

  /* g_mkdtemp makes it 0700 */
  if (g_mkdtemp (template) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               "Cannot make a session folder in %s: %s", spec->runtime_dir, g_strerror (errno));
      g_object_unref (task);
      return;
    }
  self->dir = g_steal_pointer (&template);
  http_socket = g_build_filename (self->dir, "http.sock", NULL);

  /* broadwayd serves its page and WebSocket on a Unix socket in the folder,
   * not on a TCP port that any local user could open */
  launcher = launcher_for (self);
  self->display = g_subprocess_launcher_spawn (launcher, &error, spec->broadwayd, ":0",
                                               "--unixsocket", http_socket, NULL);
  if (self->display == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  self->display_gone = FALSE;
  pid = g_strdup (g_subprocess_get_identifier (self->display));
  self->display_pid = pid != NULL ? atoi (pid) : 0;
  g_subprocess_wait_async (self->display, NULL, process_exited, g_object_ref (self));

  address = g_unix_socket_address_new (http_socket);
  self->soup = soup_session_new_with_options ("remote-connectable", address, "timeout", 30, NULL);

  start->deadline = g_get_monotonic_time () + DISPLAY_WAIT_S * G_USEC_PER_SEC;
  start->poll = g_timeout_add (10, poll_display, task);
}

TsRemoteSession *
ts_remote_session_start_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The session ------------------------------------------------------------ */

const char *
ts_remote_session_get_id (TsRemoteSession *self)
{
  return self->id;
}

const char *
ts_remote_session_get_cookie (TsRemoteSession *self)
{
  return self->cookie;
}

gboolean
ts_remote_session_cookie_is (TsRemoteSession *self,
                             const char      *value)
{
  gsize length = strlen (self->cookie);
  guint8 difference = 0;

  if (value == NULL || strlen (value) != length)
    return FALSE;
  /* every byte compared, whatever the first difference */
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) (self->cookie[i] ^ value[i]);
  return difference == 0;
}

const char *
ts_remote_session_get_token (TsRemoteSession *self)
{
  return self->token;
}

SoupSession *
ts_remote_session_get_display (TsRemoteSession *self)
{
  return self->soup;
}

void
ts_remote_session_touch (TsRemoteSession *self)
{
  self->last_used = g_get_monotonic_time ();
}

gint64
ts_remote_session_get_last_used (TsRemoteSession *self)
{
  return self->last_used;
}

void
ts_remote_session_end (TsRemoteSession *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  g_object_ref (self);
  if (!self->client_gone && self->client_pid > 0)
    kill (-self->client_pid, SIGTERM);
  if (!self->display_gone && self->display_pid > 0)
    kill (-self->display_pid, SIGTERM);
  if (!self->client_gone || !self->display_gone)
    self->kill_timeout = g_timeout_add_seconds (KILL_GRACE_S, kill_after_grace, self);
  g_signal_emit (self, signals[ENDED], 0);
  maybe_finished (self);
  g_object_unref (self);
}

gboolean
ts_remote_session_is_ended (TsRemoteSession *self)
{
  return self->ended;
}

gboolean
ts_remote_session_is_gone (TsRemoteSession *self)
{
  return self->client_gone && self->display_gone;
}

void
ts_remote_session_kill (TsRemoteSession *self)
{
  if (!self->client_gone && self->client_pid > 0)
    kill (-self->client_pid, SIGKILL);
  if (!self->display_gone && self->display_pid > 0)
    kill (-self->display_pid, SIGKILL);
}

guint64
ts_remote_session_get_rss_kib (TsRemoteSession *self)
{
  return (self->client_gone ? 0 : rss_kib (self->client_pid))
         + (self->display_gone ? 0 : rss_kib (self->display_pid));
}
