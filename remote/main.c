/* main.c — tessera-remote, the remote outlets' gateway: options, TLS,
 * signals (README.md, "Remote outlets") */
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>

#include "ts-remote-gateway.h"

static gboolean
stop_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The client installed beside this program, else in the install prefix. */
static char *
default_client (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir != NULL ? g_build_filename (dir, "tessera", NULL) : NULL;

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&beside);
  return g_build_filename (TS_BINDIR, "tessera", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TsRemoteGateway) gateway = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *server_ca = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_certificate = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *client = NULL;
  g_autofree char *broadwayd = NULL;
  g_autofree char *runtime_dir = NULL;
  int port = 8090;
  int max_sessions = 20;
  int idle_timeout = 1800;
  gboolean tls_proxy = FALSE;
  TsRemoteSettings settings = { 0 };
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server_url, "The Tessera server (sign-in and the desktops' server), e.g. https://tessera.example.org", "URL" },
    { "server-ca", 0, 0, G_OPTION_ARG_FILENAME, &server_ca, "The server's certificate when the system does not trust it (self-signed), or its CA (PEM)", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (default 8090; 0 = any free one)", "PORT" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate, "HTTPS: the certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "HTTPS: its private key (PEM)", "FILE" },
    { "tls-proxy", 0, 0, G_OPTION_ARG_NONE, &tls_proxy, "A TLS proxy is in front: plain HTTP outside loopback, Secure cookies", NULL },
    { "client", 0, 0, G_OPTION_ARG_FILENAME, &client, "The tessera client program (default: the one installed beside this)", "FILE" },
    { "broadwayd", 0, 0, G_OPTION_ARG_FILENAME, &broadwayd, "The Broadway display program (default gtk4-broadwayd)", "FILE" },
    { "runtime-dir", 0, 0, G_OPTION_ARG_FILENAME, &runtime_dir, "Where each session's private folder is made (default $XDG_RUNTIME_DIR, else /tmp)", "DIR" },
    { "max-sessions", 0, 0, G_OPTION_ARG_INT, &max_sessions, "Desktops at once; more sign-ins answer 503 (default 20)", "N" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, "Seconds without input from the browser that end a desktop (default 1800)", "SECONDS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— publish the Tessera client to remote outlets in a web browser");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tessera-remote: %s\n", error->message);
      return 2;
    }
  if (server_url == NULL)
    {
      g_printerr ("tessera-remote: --server names the Tessera server, e.g. --server https://tessera.example.org\n");
      return 2;
    }
  if (port < 0 || port > 65535 || max_sessions < 1 || idle_timeout < 1)
    {
      g_printerr ("tessera-remote: --port is 0 to 65535; --max-sessions and --idle-timeout are at least 1\n");
      return 2;
    }
  address = g_inet_address_new_from_string (listen != NULL ? listen : "127.0.0.1");
  if (address == NULL)
    {
      g_printerr ("tessera-remote: --listen: “%s” is not an IP address\n", listen);
      return 2;
    }
  if ((tls_certificate == NULL) != (tls_key == NULL))
    {
      g_printerr ("tessera-remote: HTTPS needs both a certificate and a key (--tls-certificate and --tls-key)\n");
      return 2;
    }
  /* passwords cross the network: never in clear outside this machine */
  if (tls_certificate == NULL && !tls_proxy && !g_inet_address_get_is_loopback (address))
    {
      g_printerr ("tessera-remote: listening on %s without TLS would carry passwords in clear: give "
                  "--tls-certificate and --tls-key, or --tls-proxy when a TLS proxy is in front\n", listen);
      return 2;
    }
  if (tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_certificate, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("tessera-remote: %s\n", error->message);
          return 1;
        }
    }

  settings.server_url = server_url;
  settings.server_ca = server_ca;
  settings.client = client != NULL ? g_strdup (client) : default_client ();
  settings.broadwayd = broadwayd != NULL ? broadwayd : "gtk4-broadwayd";
  settings.runtime_dir = runtime_dir != NULL ? runtime_dir : (char *) g_get_user_runtime_dir ();
  settings.max_sessions = max_sessions;
  settings.idle_timeout_s = idle_timeout;
  settings.secure_cookies = certificate != NULL || tls_proxy;
  gateway = ts_remote_gateway_new (&settings, &error);
  g_free (settings.client);
  if (gateway == NULL)
    {
      g_printerr ("tessera-remote: --server-ca: %s\n", error->message);
      return 1;
    }
  if (!ts_remote_gateway_listen (gateway, address, port, certificate, &error))
    {
      g_printerr ("tessera-remote: %s\n", error->message);
      return 1;
    }
  {
    g_autofree char *host = g_inet_address_to_string (address);

    /* the first line on stdout: a test (or a script) reads the port here */
    printf ("tessera-remote: listening on %s://%s%s%s:%u/ for %s\n", certificate != NULL ? "https" : "http",
            g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "[" : "", host,
            g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "]" : "",
            ts_remote_gateway_get_port (gateway), server_url);
    fflush (stdout);
  }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, stop_on_signal, loop);
  g_unix_signal_add (SIGINT, stop_on_signal, loop);
  g_main_loop_run (loop);

  g_message ("Stopping: ending %u remote desktop(s)", ts_remote_gateway_get_n_sessions (gateway));
  ts_remote_gateway_shutdown (gateway);
  return 0;
}
