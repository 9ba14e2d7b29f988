/* ts-server-config.c — defaults, config file, validation */
#include <string.h>
#include <unistd.h>

#include "ts-error.h"
#include "ts-proxy-trust.h"
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
  self->report_timeout = 30;
  self->sign_in_burst = TS_SIGN_IN_LIMITER_BURST;
  self->sign_in_per_minute = TS_SIGN_IN_LIMITER_PER_MINUTE;
  self->smtp_port = 25;
  self->mail_retry_seconds = 60;
  /* the waiting room is on: past this many shoppers at one storefront, an
   * on-sale rush waits in line rather than slowing every page down (six per
   * database connection of the default pool; bench-onsale) */
  self->shop_active_limit = TS_SHOP_ACTIVE_LIMIT_DEFAULT;
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
  g_free (self->trusted_proxies);
  g_free (self->database);
  g_free (self->owner_database);
  g_free (self->data_dir);
  g_free (self->pg_bindir);
  g_free (self->pg_user);
  g_free (self->wal_archive_dir);
  g_free (self->payment_provider);
  g_free (self->payment_secret);
  g_free (self->smtp_host);
  g_free (self->smtp_user);
  g_free (self->smtp_password);
  g_free (self->smtp_ca_file);
  g_free (self->mail_from);
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

/* Every setting of the config file, in the order they are read; a key
 * that is not here is refused. */
typedef enum
{
  SETTING_TEXT,
  SETTING_NUMBER,     /* a non-negative whole number */
  SETTING_SWITCH,     /* true or false */
} SettingKind;

typedef struct
{
  const char  *group;
  const char  *key;
  SettingKind  kind;
  gsize        offset;   /* of its field in TsServerConfig */
} Setting;

#define SETTING(group, key, kind, field) { group, key, kind, G_STRUCT_OFFSET (TsServerConfig, field) }

static const Setting settings[] = {
  SETTING ("server", "listen", SETTING_TEXT, listen_address),
  SETTING ("server", "port", SETTING_NUMBER, port),
  SETTING ("server", "tls-certificate", SETTING_TEXT, tls_certificate),
  SETTING ("server", "tls-key", SETTING_TEXT, tls_key),
  SETTING ("server", "behind-tls-proxy", SETTING_SWITCH, behind_tls_proxy),
  SETTING ("server", "trusted-proxies", SETTING_TEXT, trusted_proxies),
  SETTING ("server", "max-body-kb", SETTING_NUMBER, max_body_kb),
  SETTING ("server", "idle-timeout", SETTING_NUMBER, idle_timeout),
  SETTING ("server", "request-timeout", SETTING_NUMBER, request_timeout),
  SETTING ("server", "shutdown-timeout", SETTING_NUMBER, shutdown_timeout),
  SETTING ("server", "max-connections", SETTING_NUMBER, max_connections),
  SETTING ("server", "max-body-memory-mb", SETTING_NUMBER, max_body_memory_mb),
  SETTING ("server", "session-hours", SETTING_NUMBER, session_hours),
  SETTING ("server", "bcrypt-cost", SETTING_NUMBER, bcrypt_cost),
  SETTING ("server", "report-timeout", SETTING_NUMBER, report_timeout),
  SETTING ("server", "sign-in-burst", SETTING_NUMBER, sign_in_burst),
  SETTING ("server", "sign-in-per-minute", SETTING_NUMBER, sign_in_per_minute),
  SETTING ("server", "payment-provider", SETTING_TEXT, payment_provider),
  SETTING ("server", "payment-secret", SETTING_TEXT, payment_secret),
  SETTING ("server", "smtp-host", SETTING_TEXT, smtp_host),
  SETTING ("server", "smtp-port", SETTING_NUMBER, smtp_port),
  SETTING ("server", "smtp-user", SETTING_TEXT, smtp_user),
  SETTING ("server", "smtp-password", SETTING_TEXT, smtp_password),
  SETTING ("server", "smtp-starttls", SETTING_SWITCH, smtp_starttls),
  SETTING ("server", "smtp-ca-file", SETTING_TEXT, smtp_ca_file),
  SETTING ("server", "mail-from", SETTING_TEXT, mail_from),
  SETTING ("server", "mail-retry-seconds", SETTING_NUMBER, mail_retry_seconds),
  SETTING ("server", "shop-active-limit", SETTING_NUMBER, shop_active_limit),
  SETTING ("server", "demo-data", SETTING_SWITCH, demo_data),
  SETTING ("server", "demo-season", SETTING_SWITCH, demo_season),
  SETTING ("server", "verbose", SETTING_SWITCH, verbose),
  SETTING ("database", "conninfo", SETTING_TEXT, database),
  SETTING ("database", "owner-conninfo", SETTING_TEXT, owner_database),
  SETTING ("database", "data-dir", SETTING_TEXT, data_dir),
  SETTING ("database", "pg-bindir", SETTING_TEXT, pg_bindir),
  SETTING ("database", "pg-user", SETTING_TEXT, pg_user),
  SETTING ("database", "wal-archive-dir", SETTING_TEXT, wal_archive_dir),
  SETTING ("database", "pool-size", SETTING_NUMBER, pool_size),
  SETTING ("database", "sign-in-pool-size", SETTING_NUMBER, sign_in_pool_size),
};

/* Reads one setting, when the file has it, into its field of self. */
static gboolean
take (GKeyFile        *kf,
      const Setting   *setting,
      TsServerConfig  *self,
      GError         **error)
{
  gpointer field = G_STRUCT_MEMBER_P (self, setting->offset);
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_has_key (kf, setting->group, setting->key, NULL))
    return TRUE;
  switch (setting->kind)
    {
    case SETTING_TEXT:
      {
        char *value = g_key_file_get_string (kf, setting->group, setting->key, error);

        if (value == NULL)
          return FALSE;
        g_free (*(char **) field);
        *(char **) field = value;
        return TRUE;
      }
    case SETTING_NUMBER:
      {
        gint64 value = g_key_file_get_int64 (kf, setting->group, setting->key, &local_error);

        if (local_error != NULL || value < 0 || value > G_MAXINT)
          {
            g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                         "[%s] %s must be a non-negative whole number", setting->group, setting->key);
            return FALSE;
          }
        *(guint *) field = (guint) value;
        return TRUE;
      }
    case SETTING_SWITCH:
      {
        gboolean value = g_key_file_get_boolean (kf, setting->group, setting->key, &local_error);

        if (local_error != NULL)
          {
            g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                         "[%s] %s must be true or false", setting->group, setting->key);
            return FALSE;
          }
        *(gboolean *) field = value;
        return TRUE;
      }
    }
  g_assert_not_reached ();
}

static gboolean
is_setting (const char *group,
            const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].group, group) && g_str_equal (settings[i].key, key))
      return TRUE;
  return FALSE;
}

static gboolean
check_keys (GKeyFile    *kf,
            const char  *group,
            GError     **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!is_setting (group, keys[i]))
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

  if (!check_keys (kf, "server", error) || !check_keys (kf, "database", error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (!take (kf, &settings[i], self, error))
      return FALSE;
  return TRUE;
}

/* A number setting from min to max; message says so in the setting's words. */
static gboolean
in_range (guint        value,
          guint        min,
          guint        max,
          const char  *message,
          GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;
  g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, message);
  return FALSE;
}

gboolean
ts_server_config_is_loopback (const char *listen_address)
{
  g_autoptr(GInetAddress) address = NULL;

  if (listen_address == NULL || g_ascii_strcasecmp (listen_address, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (listen_address);
  /* "0.0.0.0" and "::" are every address, not loopback */
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
ts_server_config_validate (TsServerConfig  *self,
                           GError         **error)
{
  if (!in_range (self->port, 0, 65535, "port must be 0–65535", error))
    return FALSE;
  if ((self->tls_certificate == NULL) != (self->tls_key == NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "HTTPS needs both a certificate and a key (--tls-certificate and --tls-key)");
      return FALSE;
    }
  /* Passwords and tokens never cross a network in clear: plain HTTP is
   * for this computer alone, or behind a proxy that does the TLS */
  if (self->tls_certificate == NULL && !self->behind_tls_proxy
      && !ts_server_config_is_loopback (self->listen_address))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "listen = %s reaches other computers, and plain HTTP would send passwords over the network "
                   "in clear: serve HTTPS with tls-certificate and tls-key (--tls-certificate FILE --tls-key FILE; "
                   "tessera-server --generate-certificate makes a pair), or, when a TLS proxy in front of this "
                   "server encrypts, say so with behind-tls-proxy = true in [server] (--behind-tls-proxy)",
                   self->listen_address);
      return FALSE;
    }
  {
    g_autoptr(TsProxyTrust) trust = ts_proxy_trust_new (self->trusted_proxies, error);

    if (trust == NULL)
      return FALSE;
  }
  if (!in_range (self->pool_size, 1, 64, "pool-size must be 1–64", error)
      || !in_range (self->sign_in_pool_size, 1, 16, "sign-in-pool-size must be 1–16", error)
      || !in_range (self->max_body_kb, 1, 65536, "max-body-kb must be 1–65536", error)
      || !in_range (self->idle_timeout, 1, 3600, "idle-timeout must be 1–3600 seconds", error)
      || !in_range (self->request_timeout, 1, 3600, "request-timeout must be 1–3600 seconds", error)
      || !in_range (self->shutdown_timeout, 0, 3600, "shutdown-timeout must be 0–3600 seconds", error)
      || !in_range (self->max_connections, 1, 100000, "max-connections must be 1–100000", error)
      || !in_range (self->shop_active_limit, 0, 1000000, "shop-active-limit must be 0–1000000", error))
    return FALSE;
  /* at least one upload of the largest kind (a 32 MiB seating plan) must fit */
  if (self->max_body_memory_mb < 64 || self->max_body_memory_mb > 1024 * 1024
      || (guint64) self->max_body_memory_mb * 1024 < self->max_body_kb)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "max-body-memory-mb must be 64–1048576 and at least max-body-kb");
      return FALSE;
    }
  if (!in_range (self->session_hours, 1, 24 * 30, "session-hours must be 1–720", error)
      || !in_range (self->bcrypt_cost, 4, 16, "bcrypt-cost must be 4–16", error)
      || !in_range (self->report_timeout, 1, 3600, "report-timeout must be 1–3600", error)
      || !in_range (self->smtp_port, 1, 65535, "smtp-port must be 1–65535", error)
      || !in_range (self->mail_retry_seconds, 1, 3600, "mail-retry-seconds must be 1–3600", error))
    return FALSE;
  if (self->sign_in_burst < 1 || self->sign_in_burst > 10000
      || self->sign_in_per_minute < 1 || self->sign_in_per_minute > 10000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "sign-in-burst and sign-in-per-minute must be 1–10000");
      return FALSE;
    }
  /* S4: only the built-in test provider today; a real one is a
   * TsPaymentProvider of its own (docs/architecture.md, "Payments") */
  if (self->payment_provider != NULL && !g_str_equal (self->payment_provider, "test"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "payment-provider must be test (the only one built in)");
      return FALSE;
    }
  if (self->payment_secret != NULL && strlen (self->payment_secret) < 16)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "payment-secret must be at least 16 characters");
      return FALSE;
    }
  if (self->database != NULL && self->wal_archive_dir != NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "wal-archive-dir archives the embedded database's WAL; a database given with "
                   "--database archives its own (archive_command in its postgresql.conf)");
      return FALSE;
    }
  if (self->database == NULL && self->data_dir == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "either --database or --data-dir is needed");
      return FALSE;
    }
  return TRUE;
}
