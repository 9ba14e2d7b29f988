/* test-server-process.c — the tessera-server program itself: --help, the
 * first-run Master User command, signals and clean shutdown of the embedded
 * cluster, HTTPS */
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

static char *server_path;

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *data_dir;
} Running;

static char *
make_base_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tessera-process-XXXXXX", &error);

  g_assert_no_error (error);
  g_chmod (dir, 0755);      /* as root, PostgreSQL runs as another account */
  return dir;
}

static GSubprocess *
spawn (const char * const *argv,
       const char         *master_password,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);

  if (master_password != NULL)
    g_subprocess_launcher_setenv (launcher, "TESSERA_MASTER_PASSWORD", master_password, TRUE);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

/* Runs to completion; returns the exit status and the output. */
static int
run (const char * const *argv,
     const char         *master_password,
     char              **out_output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn (argv, master_password, &error);
  g_autofree char *output = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (out_output != NULL)
    *out_output = g_steal_pointer (&output);
  return g_subprocess_get_exit_status (process);
}

/* Starts the server and waits for its "listening on URL/api/v1" line. */
static void
start (Running            *running,
       const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  char *line;

  g_ptr_array_add (argv, server_path);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, running->data_dir);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  running->process = spawn ((const char * const *) argv->pdata, NULL, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      const char *at = strstr (line, "listening on ");

      if (at != NULL)
        {
          running->url = g_strndup (at + 13, strlen (at + 13) - strlen ("/api/v1"));
          g_free (line);
          break;
        }
      g_test_message ("server: %s", line);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (running->url);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;   /* a self-signed test certificate */
}

static guint
http_status (const char *method,
             const char *url,
             const char *body,
             char      **out_body)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  return soup_message_get_status (msg);
}

static void
stop (Running *running)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_file = g_build_filename (running->data_dir, "pgdata", "postmaster.pid", NULL);

  g_assert_true (g_file_test (pid_file, G_FILE_TEST_EXISTS));
  g_subprocess_send_signal (running->process, SIGTERM);
  g_subprocess_wait (running->process, NULL, &error);
  g_assert_no_error (error);
  /* clean shutdown: exit status 0, and the embedded cluster stopped with it */
  g_assert_true (g_subprocess_get_if_exited (running->process));
  g_assert_cmpint (g_subprocess_get_exit_status (running->process), ==, 0);
  g_assert_false (g_file_test (pid_file, G_FILE_TEST_EXISTS));
  g_clear_object (&running->process);
  g_clear_pointer (&running->url, g_free);
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    run (argv, NULL, NULL);
}

static void
test_help (void)
{
  const char *argv[] = { server_path, "--help", NULL };
  const char *bad[] = { server_path, "--no-such-option", NULL };
  g_autofree char *output = NULL;
  g_autofree char *complaint = NULL;

  g_assert_cmpint (run (argv, NULL, &output), ==, 0);
  g_assert_nonnull (strstr (output, "--database"));
  g_assert_nonnull (strstr (output, "--create-master-user"));
  g_assert_nonnull (strstr (output, "--tls-certificate"));
  g_assert_cmpint (run (bad, NULL, &complaint), ==, 2);
  g_assert_nonnull (strstr (complaint, "--help"));
}

static void
test_first_run_and_clean_shutdown (void)
{
  g_autofree char *base = make_base_dir ();
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  const char *create[] = { server_path, "--data-dir", running.data_dir, "--create-master-user", "boss", NULL };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;

  /* C2: the first run creates the one Master User… */
  g_assert_cmpint (run (create, "correct horse battery", &first), ==, 0);
  g_assert_nonnull (strstr (first, "Created the Master User"));
  /* …and a second one is refused */
  g_assert_cmpint (run (create, "another password", &second), ==, 1);
  g_assert_nonnull (strstr (second, "already a Master User"));

  start (&running, NULL);
  url = g_strconcat (running.url, "/api/v1/session", NULL);
  g_assert_cmpuint (http_status ("POST", url, "{\"login\": \"boss\", \"password\": \"correct horse battery\"}",
                                 &answer), ==, 201);
  g_assert_nonnull (strstr (answer, "\"level\":\"master\""));
  /* no demo data unless asked for */
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&url, g_free);
  url = g_strconcat (running.url, "/api/v1/outlets/directory", NULL);
  g_assert_cmpuint (http_status ("GET", url, NULL, &answer), ==, 200);
  g_assert_cmpstr (answer, ==, "{\"outlets\":[]}");
  stop (&running);

  /* and it starts again on the same data */
  start (&running, NULL);
  stop (&running);

  remove_tree (base);
  g_free (running.data_dir);
}

static void
test_https (void)
{
  g_autofree char *base = make_base_dir ();
  g_autofree char *cert = g_build_filename (base, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (base, "key.pem", NULL);
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert, NULL };
  const char *tls[] = { "--tls-certificate", cert, "--tls-key", key, NULL };
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;

  g_assert_cmpint (run (openssl, NULL, NULL), ==, 0);
  start (&running, tls);
  g_assert_true (g_str_has_prefix (running.url, "https://"));
  url = g_strconcat (running.url, "/api/v1/health", NULL);
  g_assert_cmpuint (http_status ("GET", url, NULL, &answer), ==, 200);
  g_assert_nonnull (strstr (answer, "\"status\":\"ok\""));
  stop (&running);

  remove_tree (base);
  g_free (running.data_dir);
}

/* run-demo.sh's server: the demo consortium and a season on sale, loaded
 * once (a restart leaves them alone); its seeded sales pass the selling
 * engine's rules like any other. */
static void
test_demo_season (void)
{
  g_autofree char *base = make_base_dir ();
  const char *demo[] = { "--demo-season", NULL };
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *token = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) list = NULL;
  const char *at, *end;

  for (int round = 0; round < 2; round++)
    {
      start (&running, demo);
      g_clear_pointer (&url, g_free);
      g_clear_pointer (&answer, g_free);
      url = g_strconcat (running.url, "/api/v1/session", NULL);
      g_assert_cmpuint (http_status ("POST", url, "{\"outlet\": \"ATH\", \"login\": \"boxoffice\","
                                     " \"password\": \"boxoffice-password\"}", &answer), ==, 201);
      at = strstr (answer, "\"token\":\"");
      g_assert_nonnull (at);
      at += strlen ("\"token\":\"");
      end = strchr (at, '"');
      g_free (token);
      token = g_strndup (at, end - at);
      g_free (url);
      url = g_strconcat (running.url, "/api/v1/sales/performances", NULL);
      g_clear_object (&msg);
      msg = soup_message_new ("GET", url);
      {
        g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
        g_autoptr(GError) error = NULL;

        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
        g_clear_pointer (&list, g_bytes_unref);
        list = soup_session_send_and_read (session, msg, NULL, &error);
        g_assert_no_error (error);
      }
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      {
        g_autofree char *text = g_strndup (g_bytes_get_data (list, NULL), g_bytes_get_size (list));

        /* ATH sells UTH's Hamlet (E3, E4) and its own match, nothing else */
        g_assert_nonnull (strstr (text, "Hamlet"));
        g_assert_nonnull (strstr (text, "Varsity Volleyball"));
        g_assert_null (strstr (text, "Studio Sessions"));
      }
      stop (&running);
    }
  remove_tree (base);
  g_free (running.data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  server_path = g_strdup (g_getenv ("TESSERA_SERVER"));
  if (server_path == NULL)
    g_error ("TESSERA_SERVER must name the tessera-server program");

  g_test_add_func ("/process/help", test_help);
  g_test_add_func ("/process/first-run-and-shutdown", test_first_run_and_clean_shutdown);
  g_test_add_func ("/process/https", test_https);
  g_test_add_func ("/process/demo-season", test_demo_season);

  return g_test_run ();
}
