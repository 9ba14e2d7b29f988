/* ts-server-config.c — defaults, config file, validation */
#include <unistd.h>

#include "ts-error.h"
#include "ts-server-config.h"
#include "ts-sign-in-limiter.h"

TsServerConfig *
ts_server_config_new (void)
{
  TsServerConfig *self = g_new0 (TsServerConfig, 1);

  self->listen_address = g_strdup ("127.0.0.1");
  self->port = 8080;
  self->data_dir = ts_server_config_default_data_dir ();
  self->pg_user = g_strdup ("postgres");
  self->pool_size = 8;
  self->sign_in_pool_size = 2;
  self->max_body_kb = 1024;
  /* longer than the desktop client's own idle timeout (60 s), so that it is
   * the client that drops an idle connection, not a request in its way */
  self->idle_timeout = 75;
  self->request_timeout = 60;
  self->shutdown_timeout = 10;
  self->max_connections = 1000;
  self->max_body_memory_mb = 256;
  self->session_hours = 12;
  self->bcrypt_cost = 10;
  self->sign_in_burst = TS_SIGN_IN_LIMITER_BURST;
  self->sign_in_per_minute = TS_SIGN_IN_LIMITER_PER_MINUTE;
  return self;
}

void
ts_server_config_free (TsServerConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->listen_address);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->database);
  g_free (self->owner_database);
  g_free (self->data_dir);
  g_free (self->pg_bindir);
  g_free (self->pg_user);
  g_free (self);
}

/* Root's home is not readable by the unprivileged account that must run
 * PostgreSQL (initdb refuses root), so root gets a system location. */
char *
ts_server_config_default_data_dir (void)
{
  if (geteuid () == 0)
    return g_strdup ("/var/lib/tessera");
  return g_build_filename (g_get_user_data_dir (), "tessera", NULL);
}

static gboolean
take_string (GKeyFile    *kf,
             const char  *group,
             const char  *key,
             char       **target,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value = g_key_file_get_string (kf, group, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
          || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (*target);
  *target = value;
  return TRUE;
}

static gboolean
take_uint (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           guint       *target,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 value;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  value = g_key_file_get_int64 (kf, group, key, &local_error);
  if (local_error != NULL || value < 0 || value > G_MAXINT)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "[%s] %s must be a non-negative whole number", group, key);
      return FALSE;
    }
  *target = (guint) value;
  return TRUE;
}

static gboolean
take_bool (GKeyFile    *kf,
           const char  *group,
           const char  *key,
           gboolean    *target,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  value = g_key_file_get_boolean (kf, group, key, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "[%s] %s must be true or false", group, key);
      return FALSE;
    }
  *target = value;
  return TRUE;
}

static const char *known_server_keys[] = {
  "listen", "port", "tls-certificate", "tls-key", "max-body-kb", "max-body-memory-mb",
  "idle-timeout", "request-timeout", "shutdown-timeout", "max-connections", "session-hours",
  "bcrypt-cost", "demo-data", "demo-season", "verbose",
  "sign-in-burst", "sign-in-per-minute",
  NULL
};
static const char *known_database_keys[] = {
  "conninfo", "owner-conninfo", "data-dir", "pg-bindir", "pg-user", "pool-size",
  "sign-in-pool-size", NULL
};

static gboolean
check_keys (GKeyFile    *kf,
            const char  *group,
            const char **known,
            GError     **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_strv_contains (known, keys[i]))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "unknown setting “%s” in group [%s]", keys[i], group);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ts_server_config_load_file (TsServerConfig  *self,
                            const char      *path,
                            GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return FALSE;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_str_equal (groups[i], "server") && !g_str_equal (groups[i], "database"))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "%s: unknown group [%s] (expected [server] and [database])", path, groups[i]);
          return FALSE;
        }
    }

  return check_keys (kf, "server", known_server_keys, error)
      && check_keys (kf, "database", known_database_keys, error)
      && take_string (kf, "server", "listen", &self->listen_address, error)
      && take_uint (kf, "server", "port", &self->port, error)
      && take_string (kf, "server", "tls-certificate", &self->tls_certificate, error)
      && take_string (kf, "server", "tls-key", &self->tls_key, error)
      && take_uint (kf, "server", "max-body-kb", &self->max_body_kb, error)
      && take_uint (kf, "server", "idle-timeout", &self->idle_timeout, error)
      && take_uint (kf, "server", "request-timeout", &self->request_timeout, error)
      && take_uint (kf, "server", "shutdown-timeout", &self->shutdown_timeout, error)
      && take_uint (kf, "server", "max-connections", &self->max_connections, error)
      && take_uint (kf, "server", "max-body-memory-mb", &self->max_body_memory_mb, error)
      && take_uint (kf, "server", "session-hours", &self->session_hours, error)
      && take_uint (kf, "server", "bcrypt-cost", &self->bcrypt_cost, error)
      && take_uint (kf, "server", "sign-in-burst", &self->sign_in_burst, error)
      && take_uint (kf, "server", "sign-in-per-minute", &self->sign_in_per_minute, error)
      && take_bool (kf, "server", "demo-data", &self->demo_data, error)
      && take_bool (kf, "server", "demo-season", &self->demo_season, error)
      && take_bool (kf, "server", "verbose", &self->verbose, error)
      && take_string (kf, "database", "conninfo", &self->database, error)
      && take_string (kf, "database", "owner-conninfo", &self->owner_database, error)
      && take_string (kf, "database", "data-dir", &self->data_dir, error)
      && take_string (kf, "database", "pg-bindir", &self->pg_bindir, error)
      && take_string (kf, "database", "pg-user", &self->pg_user, error)
      && take_uint (kf, "database", "pool-size", &self->pool_size, error)
      && take_uint (kf, "database", "sign-in-pool-size", &self->sign_in_pool_size, error);
}

gboolean
ts_server_config_validate (TsServerConfig  *self,
                           GError         **error)
{
  if (self->port > 65535)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "port must be 0–65535");
      return FALSE;
    }
  if ((self->tls_certificate == NULL) != (self->tls_key == NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "HTTPS needs both a certificate and a key (--tls-certificate and --tls-key)");
      return FALSE;
    }
  if (self->pool_size < 1 || self->pool_size > 64)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "pool-size must be 1–64");
      return FALSE;
    }
  if (self->sign_in_pool_size < 1 || self->sign_in_pool_size > 16)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "sign-in-pool-size must be 1–16");
      return FALSE;
    }
  if (self->max_body_kb < 1 || self->max_body_kb > 65536)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "max-body-kb must be 1–65536");
      return FALSE;
    }
  if (self->idle_timeout < 1 || self->idle_timeout > 3600)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "idle-timeout must be 1–3600 seconds");
      return FALSE;
    }
  if (self->request_timeout < 1 || self->request_timeout > 3600)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "request-timeout must be 1–3600 seconds");
      return FALSE;
    }
  if (self->shutdown_timeout > 3600)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "shutdown-timeout must be 0–3600 seconds");
      return FALSE;
    }
  if (self->max_connections < 1 || self->max_connections > 100000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "max-connections must be 1–100000");
      return FALSE;
    }
  /* at least one upload of the largest kind (a 32 MiB seating plan) must fit */
  if (self->max_body_memory_mb < 64 || self->max_body_memory_mb > 1024 * 1024
      || (guint64) self->max_body_memory_mb * 1024 < self->max_body_kb)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "max-body-memory-mb must be 64–1048576 and at least max-body-kb");
      return FALSE;
    }
  if (self->session_hours < 1 || self->session_hours > 24 * 30)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "session-hours must be 1–720");
      return FALSE;
    }
  if (self->bcrypt_cost < 4 || self->bcrypt_cost > 16)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "bcrypt-cost must be 4–16");
      return FALSE;
    }
  if (self->sign_in_burst < 1 || self->sign_in_burst > 10000
      || self->sign_in_per_minute < 1 || self->sign_in_per_minute > 10000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "sign-in-burst and sign-in-per-minute must be 1–10000");
      return FALSE;
    }
  if (self->database == NULL && self->data_dir == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "either --database or --data-dir is needed");
      return FALSE;
    }
  return TRUE;
}
