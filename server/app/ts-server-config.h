/* ts-server-config.h — settings from the config file and the command line */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* shop-active-limit when the configuration does not say (docs/architecture.md, "The on-sale rush"). */
#define TS_SHOP_ACTIVE_LIMIT_DEFAULT 48


typedef struct
{
  char     *listen_address;   /* "127.0.0.1", "0.0.0.0" or "::" */
  guint     port;             /* 0 = any free port */
  char     *tls_certificate;  /* PEM file; HTTPS when set with tls_key */
  char     *tls_key;
  gboolean  behind_tls_proxy; /* a TLS proxy in front encrypts: plain HTTP outside loopback is allowed */
  char     *trusted_proxies;  /* addresses/networks whose X-Forwarded-For names the client; NULL: none */
  char     *database;         /* libpq conninfo for the application role; NULL = embedded */
  char     *owner_database;   /* conninfo for the owner role (migrations); NULL = database */
  char     *data_dir;         /* embedded cluster lives in data_dir/pgdata */
  char     *pg_bindir;        /* where initdb/pg_ctl are; NULL = search */
  char     *pg_user;          /* account that runs the embedded cluster when started as root */
  char     *wal_archive_dir;  /* the embedded cluster archives its WAL there (point-in-time recovery); NULL: not */
  guint     pool_size;        /* database connections = worker threads */
  guint     sign_in_pool_size; /* more of them, only for password checks (bcrypt) */
  guint     max_body_kb;
  guint     idle_timeout;     /* s: a kept-alive connection idle this long is closed */
  guint     request_timeout;  /* s: for a request to arrive whole, and for its answer to be taken */
  guint     shutdown_timeout; /* s: SIGTERM waits this long for requests in flight */
  guint     max_connections;  /* open at once; more are answered 503 and closed */
  guint     max_body_memory_mb; /* request bodies held at once, all connections; more: 503 */
  guint     session_hours;
  guint     bcrypt_cost;
  guint     report_timeout;   /* s: one report's query may run this long (R2 reports, 503 timeout) */
  guint     sign_in_burst;      /* password checks one address may make at once (C6) */
  guint     sign_in_per_minute; /* …and failures it may add per minute after that */
  char     *payment_provider; /* the storefront's card payments: "test", or NULL (none; "test" with demo_data) */
  guint     shop_active_limit; /* shoppers in a storefront at once; more wait in line (0: no waiting room) */
  char     *payment_secret;   /* signs the provider's notifications; NULL = made at start */
  char     *smtp_host;        /* mail (issue 14): NULL = queued mail waits */
  guint     smtp_port;
  char     *smtp_user;        /* AUTH PLAIN when set */
  char     *smtp_password;
  gboolean  smtp_starttls;    /* STARTTLS, required: mail is never sent in clear then */
  char     *smtp_ca_file;     /* PEM of the CAs the SMTP server's certificate chains to; NULL: the system's */
  char     *mail_from;        /* the From address of the storefronts' mail */
  guint     mail_retry_seconds; /* the first wait after a failed sending, doubling up to an hour */
  gboolean  demo_data;
  gboolean  demo_season;      /* with demo_data: events on sale to try selling with */
  gboolean  verbose;
} TsServerConfig;

TsServerConfig *ts_server_config_new        (void);
void            ts_server_config_free       (TsServerConfig  *self);
/* Reads [server] / [database] groups of a GKeyFile; unknown keys are errors. */
gboolean        ts_server_config_load_file  (TsServerConfig  *self,
                                             const char      *path,
                                             GError         **error);
/* Also refuses plain HTTP on an address other computers reach (a
 * password never crosses a network in clear) unless behind_tls_proxy. */
gboolean        ts_server_config_validate   (TsServerConfig  *self,
                                             GError         **error);
/* TRUE for 127.0.0.0/8, ::1 and "localhost": only this computer connects. */
gboolean        ts_server_config_is_loopback (const char     *listen_address);
char           *ts_server_config_default_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsServerConfig, ts_server_config_free)

G_END_DECLS
