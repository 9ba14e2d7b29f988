/* main.c — tessera-server: options, signals, main loop */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib-unix.h>
#include <termios.h>

#include "ts-certificate.h"
#include "ts-backup.h"
#include "ts-demo-data.h"
#include "ts-pg.h"
#include "ts-server.h"
#include "ts-unlock.h"

typedef struct
{
  GMainLoop *loop;
  TsServer  *server;      /* NULL until it has started */
  gboolean   draining;
} Running;

static void
drained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Running *running = user_data;

  ts_server_drain_finish (TS_SERVER (source), result, NULL);
  g_main_loop_quit (running->loop);
}

/* SIGTERM or SIGINT: stop accepting at once, let the requests in flight
 * finish (at most shutdown-timeout seconds), then stop.  A second one stops
 * at once. */
static gboolean
stop_on_signal (gpointer user_data)
{
  Running *running = user_data;

  if (running->server == NULL || running->draining)
    {
      g_main_loop_quit (running->loop);
      return G_SOURCE_CONTINUE;
    }
  running->draining = TRUE;
  g_message ("Stopping: no new connections; finishing the requests in flight");
  ts_server_drain_async (running->server, drained, running);
  return G_SOURCE_CONTINUE;
}

/* Each connection is a descriptor: allow as many as the system lets us, so
 * that max-connections (and the database pool) fit. */
static void
raise_open_files_limit (guint wanted)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
      getrlimit (RLIMIT_NOFILE, &limit);
    }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
    g_warning ("Only %lu open files are allowed; max-connections (%u) needs about %u: "
               "raise the limit (ulimit -n, LimitNOFILE=)", (unsigned long) limit.rlim_cur,
               wanted - 100, wanted);
}

static char *
read_password (const char *prompt)
{
  const char *from_env = g_getenv ("TESSERA_MASTER_PASSWORD");
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buffer[256];

  if (from_env != NULL)
    return g_strdup (from_env);
  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      fprintf (stderr, "\n");
    }
  buffer[strcspn (buffer, "\r\n")] = '\0';
  return g_strdup (buffer);
}

/* A command-line option, when given, replaces the config file's value. */
static void
take_option (char **field,
             char **option)
{
  if (*option == NULL)
    return;
  g_free (*field);
  *field = g_steal_pointer (option);
}

typedef struct
{
  const char *login;
  char       *password;
  guint       cost;
} MasterArgs;

static gboolean
create_master (PGconn   *conn,
               gpointer  data,
               GError  **error)
{
  MasterArgs *args = data;

  return ts_demo_data_create_master (conn, args->login, args->password, "Master", "User",
                                     args->cost, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TsServerConfig) config = ts_server_config_new ();
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TsServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *database = NULL;
  g_autofree char *owner_database = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *pg_bindir = NULL;
  g_autofree char *pg_user = NULL;
  g_autofree char *tls_certificate = NULL;
  g_autofree char *tls_key = NULL;
  g_auto(GStrv) certificate_names = NULL;
  g_autofree char *create_master_user = NULL;
  g_autofree char *unlock = NULL;
  g_autofree char *unlock_outlet = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *backup_file = NULL;
  g_autofree char *restore_file = NULL;
  int port = -1;
  int pool_size = -1;
  gboolean demo_data = FALSE;
  gboolean demo_season = FALSE;
  gboolean verbose = FALSE;
  gboolean version = FALSE;
  gboolean behind_tls_proxy = FALSE;
  gboolean generate_certificate = FALSE;
  TsServerConfig *owned;
  Running running = { NULL, NULL, FALSE };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
      "Read settings from FILE ([server] and [database] groups; options given here win)", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "IP address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port (default 8080; 0 picks a free one)", "PORT" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "…and this PEM private key", "FILE" },
    { "behind-tls-proxy", 0, 0, G_OPTION_ARG_NONE, &behind_tls_proxy,
      "Plain HTTP outside loopback: a TLS proxy in front of this server encrypts (otherwise refused)", NULL },
    { "generate-certificate", 0, 0, G_OPTION_ARG_NONE, &generate_certificate,
      "Make a self-signed certificate and key (at --tls-certificate and --tls-key; default /etc/tessera as root, "
      "else --data-dir), print its SHA-256 fingerprint, then exit", NULL },
    { "certificate-name", 0, 0, G_OPTION_ARG_STRING_ARRAY, &certificate_names,
      "With --generate-certificate: a host name or IP address the clients use (repeat; default this machine's "
      "name, localhost, 127.0.0.1, ::1)", "NAME" },
    { "database", 'd', 0, G_OPTION_ARG_STRING, &database,
      "Use an existing PostgreSQL: libpq connection string for the tessera_app role "
      "(default: an embedded private cluster)", "CONNINFO" },
    { "owner-database", 0, 0, G_OPTION_ARG_STRING, &owner_database,
      "Connection string for the tessera_owner role that applies migrations (default: --database)", "CONNINFO" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Where the embedded cluster lives (default ~/.local/share/tessera, or /var/lib/tessera as root)", "DIR" },
    { "pg-bindir", 0, 0, G_OPTION_ARG_FILENAME, &pg_bindir, "Directory of initdb and pg_ctl (default: found)", "DIR" },
    { "pg-user", 0, 0, G_OPTION_ARG_STRING, &pg_user,
      "When started as root, run the embedded PostgreSQL as this account (default postgres)", "USER" },
    { "pool-size", 0, 0, G_OPTION_ARG_INT, &pool_size, "Database connections and worker threads (default 8)", "N" },
    { "demo-data", 0, 0, G_OPTION_ARG_NONE, &demo_data, "Load the demo consortium if the database is empty", NULL },
    { "demo-season", 0, 0, G_OPTION_ARG_NONE, &demo_season,
      "With the demo consortium, a season on sale (venues, events, ticket types, a few sales)", NULL },
    { "create-master-user", 0, 0, G_OPTION_ARG_STRING, &create_master_user,
      "First run: create the Master User LOGIN (password from TESSERA_MASTER_PASSWORD or asked), then exit", "LOGIN" },
    { "unlock", 0, 0, G_OPTION_ARG_STRING, &unlock,
      "Unlock LOGIN after bad passwords (lock-out, waits, an administrator's lock; audited), then exit", "LOGIN" },
    { "outlet", 0, 0, G_OPTION_ARG_STRING, &unlock_outlet,
      "With --unlock: the employee's outlet code (none: the Master User)", "CODE" },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup_file,
      "Back up the database to FILE (pg_dump's custom format; servers may keep selling), then exit", "FILE" },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, &restore_file,
      "Restore a backup into an empty database (a new --data-dir), bring it up to this release, then exit", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log every request", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— the Tessera box-office server");
  g_option_context_set_summary (context,
      "Serves the Tessera JSON API (/api/v1) to the desktop clients of a consortium of outlets.\n"
      "With no --database it creates and runs its own private PostgreSQL cluster (Unix socket\n"
      "only) under --data-dir, and stops it when the server stops (Ctrl+C or SIGTERM).");
  g_option_context_set_description (context,
      "Examples:\n"
      "  tessera-server --demo-data                 embedded database with the demo consortium\n"
      "  tessera-server --create-master-user master  first run on a new database\n"
      "  tessera-server --unlock master              the Master User, locked out by bad passwords\n"
      "  tessera-server --generate-certificate --certificate-name tickets.example.org\n"
      "  tessera-server --listen 0.0.0.0 --tls-certificate cert.pem --tls-key key.pem\n"
      "  tessera-server --backup /var/backups/tessera/today.dump\n"
      "  tessera-server --data-dir /var/lib/tessera-new --restore today.dump\n"
      "  tessera-server -d 'host=db dbname=tessera user=tessera_app' \\\n"
      "                 --owner-database 'host=db dbname=tessera user=tessera_owner'\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tessera-server: %s (try --help)\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("tessera-server %s\n", TS_VERSION);
      return 0;
    }

  if (config_file != NULL && !ts_server_config_load_file (config, config_file, &error))
    {
      g_printerr ("tessera-server: %s\n", error->message);
      return 2;
    }
  take_option (&config->listen_address, &listen);
  take_option (&config->database, &database);
  take_option (&config->owner_database, &owner_database);
  take_option (&config->data_dir, &data_dir);
  take_option (&config->pg_bindir, &pg_bindir);
  take_option (&config->pg_user, &pg_user);
  take_option (&config->tls_certificate, &tls_certificate);
  take_option (&config->tls_key, &tls_key);
  if (port >= 0)
    config->port = (guint) port;
  if (pool_size >= 0)
    config->pool_size = (guint) pool_size;
  config->demo_data = config->demo_data || demo_data || demo_season;
  config->demo_season = config->demo_season || demo_season;
  config->verbose = config->verbose || verbose;
  config->behind_tls_proxy = config->behind_tls_proxy || behind_tls_proxy;
  if (certificate_names != NULL && !generate_certificate)
    {
      g_printerr ("tessera-server: --certificate-name goes with --generate-certificate (try --help)\n");
      return 2;
    }
  if (generate_certificate)
    return ts_certificate_command (config->tls_certificate, config->tls_key,
                                   (const char * const *) certificate_names, config->data_dir);
  if (unlock_outlet != NULL && unlock == NULL)
    {
      g_printerr ("tessera-server: --outlet goes with --unlock LOGIN (try --help)\n");
      return 2;
    }
  if (backup_file != NULL || restore_file != NULL)
    return ts_backup_command (config, backup_file, restore_file);
  if (create_master_user != NULL || unlock != NULL)
    config->port = 0;             /* not serving: any free port */

  /* Catch signals from the start, so a stop during start-up still stops the
   * embedded cluster cleanly (the loop quits as soon as it runs). */
  loop = g_main_loop_new (NULL, FALSE);
  running.loop = loop;
  g_unix_signal_add (SIGINT, stop_on_signal, &running);
  g_unix_signal_add (SIGTERM, stop_on_signal, &running);

  owned = g_steal_pointer (&config);
  raise_open_files_limit (owned->max_connections + owned->pool_size + 100);
  server = ts_server_new (owned);
  if (!ts_server_start (server, &error))
    {
      g_printerr ("tessera-server: %s\n", error->message);
      return 1;
    }

  if (create_master_user != NULL)
    {
      MasterArgs args = { create_master_user, read_password ("Master User password: "), owned->bcrypt_cost };
      gboolean ok = ts_db_run_sync (ts_server_get_db (server), create_master, &args, &error);

      g_free (args.password);
      ts_server_stop (server);
      if (!ok)
        {
          g_printerr ("tessera-server: %s\n", error->message);
          return 1;
        }
      g_print ("Created the Master User “%s”.\n", create_master_user);
      return 0;
    }

  if (unlock != NULL)
    {
      g_autofree char *summary = NULL;
      gboolean ok = ts_unlock_login (ts_server_get_db (server), unlock_outlet, unlock, g_get_user_name (),
                                     &summary, &error);

      ts_server_stop (server);
      if (!ok)
        {
          g_printerr ("tessera-server: %s\n", error->message);
          return 1;
        }
      g_print ("%s\n", summary);
      return 0;
    }

  base_url = ts_server_dup_base_url (server);
  g_message ("Tessera server %s listening on %s/api/v1", TS_VERSION, base_url);

  running.server = server;
  g_main_loop_run (loop);

  g_message ("Stopping");
  ts_server_stop (server);
  return 0;
}
