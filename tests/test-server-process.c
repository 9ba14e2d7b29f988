/* test-server-process.c — the tessera-server program itself: --help, the
 * first-run Master User command, signals and clean shutdown of the embedded
 * cluster, a shutdown that lets requests in flight finish, HTTPS with a
 * certificate it made (--generate-certificate), and plain HTTP refused
 * outside loopback unless a TLS proxy is said to be in front */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

static char *server_path;

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *data_dir;
  const char  *localedir;   /* TESSERA_LOCALEDIR for it; NULL: inherited */
  GString     *log;         /* what it said before listening */
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
       const char         *localedir,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);

  if (localedir != NULL)
    g_subprocess_launcher_setenv (launcher, "TESSERA_LOCALEDIR", localedir, TRUE);
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
  g_autoptr(GSubprocess) process = spawn (argv, master_password, NULL, &error);
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

  running->process = spawn ((const char * const *) argv->pdata, NULL, running->localedir, &error);
  if (running->log == NULL)
    running->log = g_string_new (NULL);
  g_string_truncate (running->log, 0);
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
      g_string_append_printf (running->log, "%s\n", line);
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
running_clear (Running *running)
{
  g_free (running->data_dir);
  if (running->log != NULL)
    g_string_free (running->log, TRUE);
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  if (g_getenv ("TESSERA_TEST_KEEP") == NULL)
    run (argv, NULL, NULL);
}

/* Fails unless text has each of the pieces (NULL-terminated). */
static void
assert_mentions (const char *text,
                 ...)
{
  va_list pieces;
  const char *piece;

  va_start (pieces, text);
  while ((piece = va_arg (pieces, const char *)) != NULL)
    if (strstr (text, piece) == NULL)
      g_error ("“%s” does not say “%s”", text, piece);
  va_end (pieces);
}

static void
test_help (void)
{
  const char *argv[] = { server_path, "--help", NULL };
  const char *bad[] = { server_path, "--no-such-option", NULL };
  g_autofree char *output = NULL;
  g_autofree char *complaint = NULL;

  g_assert_cmpint (run (argv, NULL, &output), ==, 0);
  assert_mentions (output, "--database", "--create-master-user", "--tls-certificate", "--generate-certificate",
                   "--behind-tls-proxy", "--certificate-name", "--backup", "--restore", NULL);
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

  /* without its French catalogue the server says so once, at start */
  running.localedir = "/nonexistent/tessera-locale";
  start (&running, NULL);
  {
    const char *at = strstr (running.log->str, "storefront's catalogue");

    g_assert_nonnull (at);
    g_assert_null (strstr (at + 1, "storefront's catalogue"));
  }
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

  /* and it starts again on the same data; with the catalogue, silent about it */
  running.localedir = TS_TEST_LOCALEDIR;
  start (&running, NULL);
  g_assert_null (strstr (running.log->str, "storefront's catalogue"));
  stop (&running);

  remove_tree (base);
  running_clear (&running);
}

static guint
count_entries (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The SHA-256 fingerprint of a PEM certificate file, as openssl reads it
 * ("AB:CD:…"): another program's reading than the server's. */
static char *
openssl_fingerprint (const char *path)
{
  const char *argv[] = { "openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256", NULL };
  g_autofree char *output = NULL;
  const char *equals;

  g_assert_cmpint (run (argv, NULL, &output), ==, 0);
  equals = strchr (output, '=');
  g_assert_nonnull (equals);
  return g_strstrip (g_strdup (equals + 1));
}

static gboolean
keep_certificate (SoupMessage          *msg,
                  GTlsCertificate      *certificate,
                  GTlsCertificateFlags  errors,
                  gpointer              user_data)
{
  g_set_object ((GTlsCertificate **) user_data, certificate);
  return TRUE;
}

/* The certificate a server at url presents. */
static GTlsCertificate *
presented_certificate (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *seen = NULL;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (keep_certificate), &seen);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (seen);
  return seen;
}

static gboolean
strv_has (GStrv        list,
          const char  *wanted)
{
  return list != NULL && g_strv_contains ((const char * const *) list, wanted);
}

/* tessera-server --generate-certificate makes the pair a first install
 * serves HTTPS with: the key readable by its owner only, the names asked for
 * in subjectAltName, its fingerprint printed for the administrator to read
 * to the agents; it never replaces a file.  The server then serves HTTPS
 * with it, on every address. */
static void
test_https (void)
{
  g_autofree char *base = make_base_dir ();
  g_autofree char *cert = g_build_filename (base, "tls", "cert.pem", NULL);
  g_autofree char *key = g_build_filename (base, "tls", "key.pem", NULL);
  g_autofree char *other_key = g_build_filename (base, "tls", "other-key.pem", NULL);
  const char *generate[] = { server_path, "--generate-certificate", "--tls-certificate", cert, "--tls-key", key,
                             "--certificate-name", "tickets.example.org", "--certificate-name", "127.0.0.1",
                             "--certificate-name", "::1", "--certificate-name", "localhost", NULL };
  const char *overwrite[] = { server_path, "--generate-certificate", "--tls-certificate", cert, "--tls-key", other_key,
                              NULL };
  const char *half[] = { server_path, "--generate-certificate", "--tls-certificate", cert, NULL };
  const char *tls[] = { "--listen", "0.0.0.0", "--tls-certificate", cert, "--tls-key", key, NULL };
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *made = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *refused_half = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *cert_before = NULL;
  g_autoptr(GTlsCertificate) pair = NULL;
  g_autoptr(GTlsCertificate) served = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) dns_names = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf key_stat;
  GPtrArray *ips;
  gboolean has_loopback_v4 = FALSE, has_loopback_v6 = FALSE;

  g_assert_cmpint (run (generate, NULL, &made), ==, 0);
  g_test_message ("%s", made);

  /* the key: its owner's only */
  g_assert_cmpint (g_stat (key, &key_stat), ==, 0);
  g_assert_cmpint (key_stat.st_mode & 0777, ==, 0600);

  /* a pair that goes together, for the names asked for */
  pair = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  g_object_get (pair, "dns-names", &addresses, NULL);
  ips = g_tls_certificate_get_ip_addresses (pair);
  for (guint i = 0; ips != NULL && i < ips->len; i++)
    {
      g_autofree char *ip = g_inet_address_to_string (g_ptr_array_index (ips, i));

      has_loopback_v4 = has_loopback_v4 || g_str_equal (ip, "127.0.0.1");
      has_loopback_v6 = has_loopback_v6 || g_str_equal (ip, "::1");
    }
  if (ips != NULL)
    g_ptr_array_unref (ips);
  g_assert_true (has_loopback_v4 && has_loopback_v6);
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      GBytes *name = g_ptr_array_index (addresses, i);
      g_autofree char *text = g_strndup (g_bytes_get_data (name, NULL), g_bytes_get_size (name));

      g_strv_builder_add (names, text);
    }
  dns_names = g_strv_builder_end (names);
  g_assert_true (strv_has (dns_names, "tickets.example.org"));
  g_assert_true (strv_has (dns_names, "localhost"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (pair);

    /* years, so that the workstations that trusted it are not asked again soon */
    g_assert_cmpint (g_date_time_difference (not_after, now) / G_TIME_SPAN_DAY, >, 3 * 365);
  }

  /* the fingerprint printed is the certificate's */
  fingerprint = openssl_fingerprint (cert);
  g_assert_cmpuint (strlen (fingerprint), ==, 95);
  g_assert_nonnull (strstr (made, fingerprint));

  /* never over an existing file, and nothing half-made */
  g_assert_true (g_file_get_contents (cert, &cert_before, NULL, NULL));
  g_assert_cmpint (run (overwrite, NULL, &refused), ==, 1);
  g_assert_nonnull (strstr (refused, "already exists"));
  g_assert_false (g_file_test (other_key, G_FILE_TEST_EXISTS));
  {
    g_autofree char *cert_after = NULL;

    g_assert_true (g_file_get_contents (cert, &cert_after, NULL, NULL));
    g_assert_cmpstr (cert_after, ==, cert_before);
  }
  g_assert_cmpint (run (half, NULL, &refused_half), ==, 2);
  g_assert_nonnull (strstr (refused_half, "--tls-key"));
  {
    /* a name that is neither a host name nor an address: said, nothing made */
    g_autofree char *bad_cert = g_build_filename (base, "tls", "bad-cert.pem", NULL);
    g_autofree char *bad_key = g_build_filename (base, "tls", "bad-key.pem", NULL);
    const char *bad[] = { server_path, "--generate-certificate", "--tls-certificate", bad_cert, "--tls-key", bad_key,
                          "--certificate-name", "tickets example", NULL };
    g_autofree char *said = NULL;

    g_assert_cmpint (run (bad, NULL, &said), ==, 1);
    g_assert_nonnull (strstr (said, "--certificate-name"));
    g_assert_false (g_file_test (bad_cert, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (bad_key, G_FILE_TEST_EXISTS));
  }

  /* the server serves HTTPS with it, outside loopback too */
  start (&running, tls);
  g_assert_true (g_str_has_prefix (running.url, "https://"));
  url = g_strconcat (running.url, "/api/v1/health", NULL);
  served = presented_certificate (url);
  g_assert_true (g_tls_certificate_is_same (served, pair));
  g_assert_cmpuint (http_status ("GET", url, NULL, &answer), ==, 200);
  g_assert_nonnull (strstr (answer, "\"status\":\"ok\""));

  /* kept-alive TLS connections the client closes are closed by the server
   * too (libsoup 3.2 alone would keep each in CLOSE-WAIT) */
  {
    g_autofree char *fd_dir = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (running.process));
    guint before, after = 0;

    /* first, every database worker connects (the pool opens them as needed) */
    for (guint i = 0; i < 40; i++)
      {
        g_autofree char *warm = NULL;

        g_assert_cmpuint (http_status ("GET", url, NULL, &warm), ==, 200);
      }
    g_usleep (300 * 1000);
    before = count_entries (fd_dir);

    for (guint i = 0; i < 200; i++)
      {
        g_autofree char *again = NULL;

        g_assert_cmpuint (http_status ("GET", url, NULL, &again), ==, 200);
      }
    for (guint i = 0; i < 50 && (after = count_entries (fd_dir)) > before + 2; i++)
      g_usleep (100 * 1000);
    g_test_message ("server's open files: %u before, %u after 200 TLS connections", before, after);
    g_assert_cmpuint (after, <=, before + 2);
  }
  stop (&running);

  remove_tree (base);
  running_clear (&running);
}

/* Outside loopback without TLS the server refuses to start, saying which
 * settings would let it; told that a TLS proxy is in front, it serves plain
 * HTTP there. */
static void
test_plain_http_outside_loopback (void)
{
  g_autofree char *base = make_base_dir ();
  g_autofree char *data_dir = g_build_filename (base, "db", NULL);
  const char *everywhere[] = { server_path, "--data-dir", data_dir, "--port", "0", "--listen", "0.0.0.0", NULL };
  const char *proxied[] = { "--listen", "0.0.0.0", "--behind-tls-proxy", NULL };
  Running running = { NULL, NULL, g_strdup (data_dir) };
  g_autofree char *refusal = NULL;
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;

  g_assert_cmpint (run (everywhere, NULL, &refusal), ==, 1);
  assert_mentions (refusal, "listen = 0.0.0.0", "--tls-certificate", "--generate-certificate", "--behind-tls-proxy",
                   NULL);
  /* refused before anything was made */
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));

  start (&running, proxied);
  g_assert_true (g_str_has_prefix (running.url, "http://"));
  url = g_strconcat (running.url, "/api/v1/health", NULL);
  g_assert_cmpuint (http_status ("GET", url, NULL, &answer), ==, 200);
  {
    /* the browsers speak HTTPS to the proxy: the storefront's cookies are
     * Secure, as when the server does TLS itself */
    g_autofree char *shop = g_strconcat (running.url, "/shop/?lang=en", NULL);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", shop);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    const char *cookie;

    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 303);
    cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
    g_assert_nonnull (cookie);
    g_assert_nonnull (strstr (cookie, "; Secure"));
  }
  stop (&running);

  remove_tree (base);
  running_clear (&running);
}

/* What ATH's tills took over the four weeks before today, as its Box
 * Office agent sees them (GET /accounts/till, day by day). */
static gint64
ath_tills_taken (SoupSession *session,
                 const char  *base_url,
                 const char  *token)
{
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 taken = 0;

  for (int days = 0; days <= 29; days++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -days);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *url = g_strconcat (base_url, "/api/v1/accounts/till?date=", date, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      for (const char *at = strstr (text, "\"taken_cents\":"); at != NULL; at = strstr (at + 1, "\"taken_cents\":"))
        taken += g_ascii_strtoll (at + strlen ("\"taken_cents\":"), NULL, 10);
    }
  return taken;
}

/* One outlet employee's GET of path, as JSON. */
static JsonNode *
get_as (const char *base_url,
        const char *outlet,
        const char *login,
        const char *path)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/session", NULL);
  g_autofree char *sign_in = g_strdup_printf ("{\"outlet\": \"%s\", \"login\": \"%s\", \"password\": \"%s-password\"}",
                                              outlet, login, login);
  g_autofree char *answer = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(SoupSession) soup = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_cmpuint (http_status ("POST", url, sign_in, &answer), ==, 201);
  session = json_from_string (answer, &error);
  g_assert_no_error (error);
  auth = g_strconcat ("Bearer ", json_object_get_string_member (json_node_get_object (session), "token"), NULL);
  g_free (url);
  url = g_strconcat (base_url, "/api/v1", path, NULL);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

/* F3, E2, E3: the demo's storefronts: UTH's (at its own host name too, with
 * online cancelling) and ATH's open, TIX's not; each of Hamlet's
 * performances inside its internet window, sold online by other outlets'
 * storefronts, ATH the one other outlet on its list; ATH's own match and
 * the club's standing floor (general admission) on sale online. */
static void
check_demo_storefronts (const char *base_url)
{
  static const struct { const char *code; gboolean open; const char *host; gint64 cancel_hours; } expected[] = {
    { "UTH", TRUE, "uth.localhost", 48 }, { "ATH", TRUE, NULL, 0 }, { "TIX", FALSE, NULL, 0 },
  };
  gint64 ath_id = 0;
  g_autoptr(JsonNode) events = NULL;
  JsonArray *list;
  guint hamlet_performances = 0, jazz_performances = 0;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonNode) outlets = get_as (base_url, expected[i].code, "admin", "/outlets");
      JsonObject *outlet = json_array_get_object_element (
          json_object_get_array_member (json_node_get_object (outlets), "outlets"), 0);

      g_assert_cmpstr (json_object_get_string_member (outlet, "code"), ==, expected[i].code);
      g_assert_cmpint (json_object_get_boolean_member (outlet, "web_enabled"), ==, expected[i].open);
      g_assert_cmpstr (json_object_get_string_member_with_default (outlet, "web_host", NULL), ==, expected[i].host);
      g_assert_cmpint (json_object_get_int_member_with_default (outlet, "web_cancel_hours", 0), ==,
                       expected[i].cancel_hours);
      if (expected[i].open)
        {
          g_assert_true (g_regex_match_simple ("^#[0-9a-f]{6}$", json_object_get_string_member (outlet, "web_colour"), 0, 0));
          g_assert_cmpstr (json_object_get_string_member (outlet, "web_intro_en"), !=, "");
          g_assert_cmpstr (json_object_get_string_member (outlet, "web_intro_fr"), !=, "");
        }
      if (g_str_equal (expected[i].code, "ATH"))
        ath_id = json_object_get_int_member (outlet, "id");
    }

  events = get_as (base_url, "UTH", "manager", "/events");
  list = json_object_get_array_member (json_node_get_object (events), "events");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *event = json_array_get_object_element (list, i);
      const char *name = json_object_get_string_member (event, "name");
      g_autofree char *path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, json_object_get_int_member (event, "id"));
      g_autoptr(JsonNode) whole = NULL;
      JsonArray *performances;

      if (!g_str_equal (name, "Hamlet") && !g_str_equal (name, "Late Night Jazz"))
        continue;
      whole = get_as (base_url, "UTH", "manager", path);
      performances = json_object_get_array_member (json_node_get_object (whole), "performances");
      for (guint k = 0; k < json_array_get_length (performances); k++)
        {
          JsonObject *performance = json_array_get_object_element (performances, k);
          g_autoptr(GDateTime) on_sale = g_date_time_new_from_iso8601 (
              json_object_get_string_member (performance, "internet_on_sale"), NULL);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          /* E2: the internet window is open (no off-sale time: until it starts) */
          g_assert_nonnull (on_sale);
          g_assert_cmpint (g_date_time_compare (on_sale, now), <, 0);
          g_assert_true (json_object_get_null_member (performance, "internet_off_sale"));
          if (g_str_equal (name, "Hamlet"))
            {
              JsonArray *permitted = json_object_get_array_member (performance, "permitted_outlets");

              g_assert_true (json_object_get_boolean_member (performance, "allow_other_outlets"));
              g_assert_true (json_object_get_boolean_member (performance, "online_at_other_outlets"));
              g_assert_cmpuint (json_array_get_length (permitted), ==, 1);
              g_assert_cmpint (json_array_get_int_element (permitted, 0), ==, ath_id);
              hamlet_performances++;
            }
          else
            jazz_performances++;
        }
    }
  g_assert_cmpuint (hamlet_performances, ==, 3);
  g_assert_cmpuint (jazz_performances, ==, 1);
  {
    g_autoptr(JsonNode) ath_events = get_as (base_url, "ATH", "manager", "/events");
    JsonArray *ath_list = json_object_get_array_member (json_node_get_object (ath_events), "events");
    JsonObject *volleyball = json_array_get_object_element (ath_list, 0);
    g_autofree char *path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, json_object_get_int_member (volleyball, "id"));
    g_autoptr(JsonNode) whole = get_as (base_url, "ATH", "manager", path);
    JsonObject *match = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (whole), "performances"), 0);

    g_assert_cmpuint (json_array_get_length (ath_list), ==, 1);
    g_assert_false (json_object_get_null_member (match, "internet_on_sale"));
  }
}

/* run-demo.sh's server: the demo consortium, a season on sale and the weeks
 * of history before today, loaded once (a restart leaves them alone); its
 * seeded sales pass the selling engine's rules like any other. */
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
  gint64 taken[2];

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
      check_demo_storefronts (running.url);
      /* The history: ATH took money on days before today (more than the
       * season's two sales of today), and only once. */
      taken[round] = ath_tills_taken (session, running.url, token);
      g_test_message ("ATH's tills took %" G_GINT64_FORMAT " cents over four weeks", taken[round]);
      g_assert_cmpint (taken[round], >, 6500 + 6000);
      stop (&running);
    }
  g_assert_cmpint (taken[0], ==, taken[1]);
  remove_tree (base);
  running_clear (&running);
}

/* Shutdown drains ----------------------------------------------------------- */

static GSocket *
connect_to (const char *url)
{
  const char *colon = strrchr (url, ':');
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) atoi (colon + 1));
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_timeout (socket, 10);
  if (!g_socket_connect (socket, address, NULL, NULL))
    g_clear_object (&socket);
  return socket;
}

static void
send_all (GSocket    *socket,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize length = strlen (text);

  while (length > 0)
    {
      gssize sent = g_socket_send (socket, text, length, NULL, &error);

      g_assert_no_error (error);
      text += sent;
      length -= sent;
    }
}

/* Everything until the server closes (or 10 s pass). */
static char *
receive_all (GSocket *socket)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize got;

  while ((got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (text, buffer, got);
  return g_string_free (text, FALSE);
}

/* One response: its headers and Content-Length bytes of body. */
static char *
receive_response (GSocket *socket)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  const char *end = NULL;
  gsize wanted = G_MAXSIZE;
  gssize got;

  while ((end == NULL || text->len < wanted)
         && (got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      g_string_append_len (text, buffer, got);
      if (end == NULL && (end = strstr (text->str, "\r\n\r\n")) != NULL)
        {
          const char *length = strstr (text->str, "Content-Length: ");

          wanted = (gsize) (end + 4 - text->str) + (length ? g_ascii_strtoull (length + 16, NULL, 10) : 0);
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
exited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Waits at most seconds for the process to end; then it must have ended
 * cleanly (0) and stopped its embedded cluster. */
static void
expect_clean_exit (Running *running,
                   guint    seconds)
{
  g_autofree char *pid_file = g_build_filename (running->data_dir, "pgdata", "postmaster.pid", NULL);
  gboolean done = FALSE;
  gboolean late = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, set_true, &late);

  g_subprocess_wait_async (running->process, NULL, exited, &done);
  while (!done && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  g_assert_true (done);
  g_assert_true (g_subprocess_get_if_exited (running->process));
  g_assert_cmpint (g_subprocess_get_exit_status (running->process), ==, 0);
  g_assert_false (g_file_test (pid_file, G_FILE_TEST_EXISTS));
  g_clear_object (&running->process);
  g_clear_pointer (&running->url, g_free);
}

static char *
write_config (const char *base,
              const char *text)
{
  char *path = g_build_filename (base, "server.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* SIGTERM stops accepting at once and closes idle connections, but a request
 * in flight still gets its answer; then the process exits 0. */
static void
test_shutdown_drains (void)
{
  g_autofree char *base = make_base_dir ();
  g_autofree char *config = write_config (base, "[server]\nshutdown-timeout=20\n");
  const char *extra[] = { "--config", config, NULL };
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  const char *body = "{\"login\": \"nobody\", \"password\": \"not this one\"}";
  g_autofree char *headers = NULL;
  g_autofree char *first_half = NULL;
  g_autofree char *idle_answer = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GSocket) in_flight = NULL;
  g_autoptr(GSocket) idle = NULL;
  g_autoptr(GSocket) late = NULL;
  gint64 signalled;

  start (&running, extra);

  /* a request whose body is half sent when the signal comes */
  in_flight = connect_to (running.url);
  g_assert_nonnull (in_flight);
  headers = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", strlen (body));
  send_all (in_flight, headers);
  first_half = g_strndup (body, strlen (body) / 2);
  send_all (in_flight, first_half);

  /* a kept-alive connection, idle when the signal comes */
  idle = connect_to (running.url);
  g_assert_nonnull (idle);
  send_all (idle, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  {
    g_autofree char *health = receive_response (idle);

    g_assert_true (g_str_has_prefix (health, "HTTP/1.1 200"));
    g_assert_null (strstr (health, "Connection: close"));
  }

  g_usleep (300 * 1000);
  g_subprocess_send_signal (running.process, SIGTERM);
  signalled = g_get_monotonic_time ();
  g_usleep (500 * 1000);

  /* no new connections */
  late = connect_to (running.url);
  g_assert_null (late);
  /* the idle one is closed at once */
  idle_answer = receive_all (idle);
  g_assert_cmpstr (idle_answer, ==, "");

  /* the one in flight is answered, and told the connection ends */
  send_all (in_flight, body + strlen (first_half));
  answer = receive_all (in_flight);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 401"));
  g_assert_nonnull (strstr (answer, "\"wrong_password\""));
  g_assert_nonnull (strstr (answer, "Connection: close"));

  /* and then it is gone, promptly and cleanly */
  expect_clean_exit (&running, 10);
  g_assert_cmpint (g_get_monotonic_time () - signalled, <, 8 * G_USEC_PER_SEC);

  remove_tree (base);
  running_clear (&running);
}

/* A request that never completes does not hold the shutdown beyond
 * shutdown-timeout. */
static void
test_shutdown_is_bounded (void)
{
  g_autofree char *base = make_base_dir ();
  g_autofree char *config = write_config (base, "[server]\nshutdown-timeout=1\n");
  const char *extra[] = { "--config", config, NULL };
  Running running = { NULL, NULL, g_build_filename (base, "db", NULL) };
  g_autoptr(GSocket) stuck = NULL;
  gint64 signalled;

  start (&running, extra);
  stuck = connect_to (running.url);
  g_assert_nonnull (stuck);
  send_all (stuck, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
  g_usleep (300 * 1000);
  g_subprocess_send_signal (running.process, SIGTERM);
  signalled = g_get_monotonic_time ();
  expect_clean_exit (&running, 10);
  g_assert_cmpint (g_get_monotonic_time () - signalled, <, 6 * G_USEC_PER_SEC);

  remove_tree (base);
  running_clear (&running);
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
  g_test_add_func ("/process/plain-http-outside-loopback", test_plain_http_outside_loopback);
  g_test_add_func ("/process/shutdown-drains", test_shutdown_drains);
  g_test_add_func ("/process/shutdown-is-bounded", test_shutdown_is_bounded);
  g_test_add_func ("/process/demo-season", test_demo_season);

  return g_test_run ();
}
