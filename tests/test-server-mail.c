/* test-server-mail.c — the mail queue as a patron waiting for a mail sees it
 * (issue 14): what a storefront queues arrives over SMTP, well formed; an
 * SMTP server that is down delays it and none is lost; a server without
 * SMTP keeps it; a sender killed in the middle of sending leaves it to the
 * next server, which sends it once, and two servers never send one twice;
 * with smtp-starttls the mail goes only over TLS to a server whose
 * certificate checks, never in clear */
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ts-mail-queue.h"
#include "ts-test-client.h"
#include "ts-test-smtp-sink.h"

typedef struct
{
  guint       port;
  guint       retry;
  gboolean    starttls;
  const char *ca_file;
} MailSetup;

static void
setup_mail (TsServerConfig *config,
            gpointer        data)
{
  MailSetup *setup = data;

  config->smtp_host = g_strdup ("127.0.0.1");
  config->smtp_port = setup->port;
  config->mail_from = g_strdup ("tickets@uth.example.org");
  config->smtp_user = g_strdup ("tessera");
  config->smtp_password = g_strdup ("smtp-secret");
  config->mail_retry_seconds = setup->retry;
  config->smtp_starttls = setup->starttls;
  config->smtp_ca_file = g_strdup (setup->ca_file);
}

/* Queues as a storefront step does (the strings are the test's own). */
static gint64
enqueue (TsTestServer *server,
         const char   *to,
         const char   *subject,
         const char   *body)
{
  return ts_test_owner_int (server, "SELECT ts_mail_enqueue ($m$%s$m$, $m$%s$m$, $m$%s$m$, 'fr')",
                            to, subject, body);
}

static gboolean
is_sent (TsTestServer *server,
         gint64        id)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM mail_queue WHERE id = %" G_GINT64_FORMAT
                            " AND sent_at IS NOT NULL", id) == 1;
}

/* The sink has the message a moment before the sender's commit marks it
 * sent. */
static void
wait_until_sent (TsTestServer *server,
                 gint64        id)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!is_sent (server, id))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
}

static void
wait_for_attempts (TsTestServer *server,
                   gint64        id,
                   gint64        attempts)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (ts_test_owner_int (server, "SELECT attempts FROM mail_queue WHERE id = %" G_GINT64_FORMAT, id) < attempts)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50 * 1000);
    }
}

/* A queued message arrives whole: the address, a French subject encoded
 * for mail, the body in UTF-8 with a line that starts with a dot, and the
 * headers a mail program expects; the queue marks it sent. */
static void
test_sent (void)
{
  g_autoptr(TsTestSmtpSink) sink = ts_test_smtp_sink_new (0);
  MailSetup setup = { ts_test_smtp_sink_get_port (sink), 1 };
  g_autoptr(TsTestServer) server = ts_test_server_new_with (setup_mail, &setup);
  const char *subject = "Votre compte — Théâtre Hamlet, une très longue ligne d’objet qui doit être pliée en plusieurs mots";
  const char *body = "Bonjour Émile,\n.Une ligne qui commence par un point\n\nhttps://uth.example.org/account/reset/abc=def\nÀ bientôt  ";
  const TsTestMail *mail;
  gint64 id;

  id = enqueue (server, "emile@example.ca", subject, body);
  ts_test_smtp_sink_wait (sink, 1, 30);
  mail = ts_test_smtp_sink_get (sink, 0);
  g_assert_cmpstr (mail->rcpt_to, ==, "<emile@example.ca>");
  g_assert_cmpstr (mail->mail_from, ==, "<tickets@uth.example.org>");
  g_assert_cmpstr (mail->auth_user, ==, "tessera");
  g_assert_cmpstr (mail->subject, ==, subject);
  g_assert_cmpstr (mail->body, ==, "Bonjour Émile,\n.Une ligne qui commence par un point\n\n"
                                   "https://uth.example.org/account/reset/abc=def\nÀ bientôt  \n");
  g_assert_true (g_str_has_prefix (mail->header_block, "Date: "));
  g_assert_nonnull (strstr (mail->header_block, "\r\nMessage-ID: <"));
  g_assert_nonnull (strstr (mail->header_block, "@uth.example.org>\r\n"));
  g_assert_nonnull (strstr (mail->header_block, "\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (mail->header_block, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_nonnull (strstr (mail->header_block, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
  g_assert_nonnull (strstr (mail->header_block, "\r\nTo: emile@example.ca\r\n"));
  /* every line of the message fits what SMTP allows, and is ASCII */
  {
    g_auto(GStrv) lines = g_strsplit (mail->raw, "\r\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_assert_cmpuint (strlen (lines[i]), <=, 78);
        for (const char *c = lines[i]; *c != '\0'; c++)
          g_assert_cmpint ((guchar) *c, <, 128);
      }
  }
  wait_until_sent (server, id);
  /* counted once the commit has returned */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       ts_mail_queue_get_sent (ts_server_get_mail_queue (ts_test_server_get_server (server))) == 0;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  g_assert_cmpuint (ts_mail_queue_get_sent (ts_server_get_mail_queue (ts_test_server_get_server (server))), ==, 1);
  /* R1: queued and sent are audited, without the body */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'mail' AND entity_id = '%"
                                      G_GINT64_FORMAT "' AND action IN ('mail_queued', 'mail_sent')", id), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'mail'"
                                      " AND after::text LIKE '%%abc=def%%'"), ==, 0);
}

/* The SMTP server is down: the message waits and is tried again; when the
 * server is back it arrives, once. */
static void
test_smtp_down (void)
{
  MailSetup setup = { ts_test_free_port (), 1 };
  g_autoptr(TsTestServer) server = ts_test_server_new_with (setup_mail, &setup);
  g_autoptr(TsTestSmtpSink) sink = NULL;
  gint64 id;

  id = enqueue (server, "guest@example.org", "Hamlet", "Vos billets");
  wait_for_attempts (server, id, 1);
  g_assert_false (is_sent (server, id));
  g_assert_cmpstr (ts_test_owner_sqlf (server, "SELECT last_error IS NOT NULL AND next_attempt_at > now () - interval '1 second'"
                                       " FROM mail_queue WHERE id = %" G_GINT64_FORMAT, id), ==, "t");

  sink = ts_test_smtp_sink_new (setup.port);
  ts_test_smtp_sink_wait (sink, 1, 60);
  g_assert_cmpstr (ts_test_smtp_sink_get (sink, 0)->rcpt_to, ==, "<guest@example.org>");
  wait_until_sent (server, id);
  /* nothing more is sent: the message went once */
  ts_mail_queue_wake (ts_server_get_mail_queue (ts_test_server_get_server (server)));
  g_usleep (500 * 1000);
  g_assert_cmpuint (ts_test_smtp_sink_get_n (sink), ==, 1);
}

/* A server without smtp-host keeps what is queued (and says so once, at
 * start). */
static void
test_no_host (void)
{
  g_autoptr(TsTestServer) server = NULL;
  gint64 id;

  server = ts_test_server_new ();
  g_assert_nonnull (ts_server_get_mail_queue (ts_test_server_get_server (server)));
  id = enqueue (server, "guest@example.org", "Hamlet", "Vos billets");
  g_usleep (500 * 1000);
  g_assert_false (is_sent (server, id));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT attempts FROM mail_queue WHERE id = %" G_GINT64_FORMAT, id), ==, 0);
}

/* The real tessera-server, connected to our database, starts sending to an
 * SMTP server that never answers: it holds the message.  A second sender
 * does not send it meanwhile (two servers never send one twice); once the
 * first is killed (SIGKILL, nothing cleaned up) the second sends it, once. */
static void
test_killed_while_sending (void)
{
  g_autoptr(TsTestServer) server = ts_test_server_new ();
  g_autoptr(TsTestSmtpSink) silent = ts_test_smtp_sink_new_silent (0);
  g_autoptr(TsTestSmtpSink) sink = ts_test_smtp_sink_new (0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tessera-mail-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "tessera.conf", NULL);
  g_autofree char *config = g_strdup_printf ("[server]\nport = 0\nsmtp-host = 127.0.0.1\nsmtp-port = %u\n"
                                             "mail-from = tickets@uth.example.org\n"
                                             "[database]\nconninfo = %s\nowner-conninfo = %s\n",
                                             ts_test_smtp_sink_get_port (silent),
                                             ts_test_server_get_app_conninfo (server),
                                             ts_test_server_get_owner_conninfo (server));
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(TsMailQueue) second = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  id = enqueue (server, "emile@example.ca", "Hamlet", "Vos billets");
  first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            g_getenv ("TESSERA_SERVER"), "--config", config_path, NULL);
  g_assert_no_error (error);
  while (ts_test_smtp_sink_get_connections (silent) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  second = ts_mail_queue_new (ts_test_server_get_app_conninfo (server),
                              &(TsSmtpSettings) { (char *) "127.0.0.1", ts_test_smtp_sink_get_port (sink), NULL, NULL,
                                                  FALSE, (char *) "tickets@uth.example.org", 5 },
                              1);
  ts_mail_queue_start (second);
  ts_mail_queue_wake (second);
  g_usleep (1500 * 1000);
  g_assert_cmpuint (ts_test_smtp_sink_get_n (sink), ==, 0);
  g_assert_false (is_sent (server, id));

  g_subprocess_send_signal (first, SIGKILL);
  g_subprocess_wait (first, NULL, NULL);
  ts_test_smtp_sink_wait (sink, 1, 60);
  g_assert_cmpstr (ts_test_smtp_sink_get (sink, 0)->rcpt_to, ==, "<emile@example.ca>");
  wait_until_sent (server, id);
  g_usleep (500 * 1000);
  g_assert_cmpuint (ts_test_smtp_sink_get_n (sink), ==, 1);
  ts_mail_queue_stop (second);
  g_unlink (config_path);
  g_rmdir (dir);
}

/* STARTTLS (RFC 3207) ---------------------------------------------------------- */

/* A mail relay's own certificate for 127.0.0.1, self-signed, made here:
 * dir/cert.pem (also the CA file the server is given) and dir/key.pem. */
static GTlsCertificate *
relay_certificate (const char *dir)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                                  "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                                                  "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL },
                               NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
remove_relay_files (const char *dir)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);

  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

/* smtp-starttls with a relay that offers it: the connection turns to TLS,
 * the certificate checks against smtp-ca-file, and the mail arrives. */
static void
test_starttls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tessera-smtp-XXXXXX", NULL);
  g_autofree char *ca_file = g_build_filename (dir, "cert.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = relay_certificate (dir);
  g_autoptr(TsTestSmtpSink) sink = ts_test_smtp_sink_new_tls (0, certificate);
  MailSetup setup = { ts_test_smtp_sink_get_port (sink), 1, TRUE, ca_file };
  g_autoptr(TsTestServer) server = ts_test_server_new_with (setup_mail, &setup);
  gint64 id = enqueue (server, "emile@example.ca", "Votre compte", "Bonjour Émile");

  ts_test_smtp_sink_wait (sink, 1, 30);
  g_assert_true (ts_test_smtp_sink_get (sink, 0)->tls);
  g_assert_cmpstr (ts_test_smtp_sink_get (sink, 0)->auth_user, ==, "tessera");   /* the password went over TLS */
  wait_until_sent (server, id);
  remove_relay_files (dir);
}

/* smtp-starttls with a relay that does not offer it (or an attacker who
 * took the offer out), then with one whose certificate does not check:
 * nothing is sent, the mail stays queued. */
static void
test_starttls_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tessera-smtp-XXXXXX", NULL);
  g_autoptr(GTlsCertificate) certificate = relay_certificate (dir);

  for (guint i = 0; i < 2; i++)
    {
      gboolean offers = i == 1;
      g_autoptr(TsTestSmtpSink) sink = offers ? ts_test_smtp_sink_new_tls (0, certificate) : ts_test_smtp_sink_new (0);
      MailSetup setup = { ts_test_smtp_sink_get_port (sink), 1, TRUE, NULL };   /* the system's CAs only */
      g_autoptr(TsTestServer) server = ts_test_server_new_with (setup_mail, &setup);
      gint64 id = enqueue (server, "guest@example.org", "Hamlet", "Vos billets");
      g_autofree char *error = NULL;

      wait_for_attempts (server, id, 1);
      g_assert_cmpuint (ts_test_smtp_sink_get_connections (sink), >, 0);
      g_assert_cmpuint (ts_test_smtp_sink_get_n (sink), ==, 0);
      g_assert_false (is_sent (server, id));
      error = ts_test_owner_sqlf (server, "SELECT last_error FROM mail_queue WHERE id = %" G_GINT64_FORMAT, id);
      if (!offers)
        g_assert_nonnull (strstr (error, "STARTTLS"));
    }
  remove_relay_files (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mail/sent", test_sent);
  g_test_add_func ("/mail/smtp-down", test_smtp_down);
  g_test_add_func ("/mail/no-host", test_no_host);
  g_test_add_func ("/mail/killed-while-sending", test_killed_while_sending);
  g_test_add_func ("/mail/starttls", test_starttls);
  g_test_add_func ("/mail/starttls-refused", test_starttls_refused);
  return g_test_run ();
}
