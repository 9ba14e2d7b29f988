/* ts-remote-gateway.h — tessera-remote: signs a person in against the
 * Tessera server, starts a desktop for the session (TsRemoteSession) and
 * shows it in the browser through the gateway's own HTTP server */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char     *server_url;       /* the Tessera server: sign-in and the clients' server */
  char     *server_ca;        /* its certificate (self-signed) or its CA, when the system does not trust it; or NULL */
  char     *client;           /* the tessera program */
  char     *broadwayd;        /* the gtk4-broadwayd program */
  char     *runtime_dir;      /* where the sessions' private folders go */
  guint     max_sessions;     /* beyond: 503 */
  guint     idle_timeout_s;   /* no input from the browser for this long ends a session */
  gboolean  secure_cookies;   /* HTTPS (here or at a TLS proxy in front): cookies are Secure */
} TsRemoteSettings;

#define TS_TYPE_REMOTE_GATEWAY (ts_remote_gateway_get_type ())
G_DECLARE_FINAL_TYPE (TsRemoteGateway, ts_remote_gateway, TS, REMOTE_GATEWAY, GObject)

/* NULL when server_ca cannot be read. */
TsRemoteGateway *ts_remote_gateway_new            (const TsRemoteSettings *settings,
                                                   GError                **error);
/* Listens on address:port (0: any free port); HTTPS with certificate. */
gboolean         ts_remote_gateway_listen         (TsRemoteGateway        *self,
                                                   GInetAddress           *address,
                                                   guint                   port,
                                                   GTlsCertificate        *certificate,
                                                   GError                **error);
guint            ts_remote_gateway_get_port       (TsRemoteGateway        *self);
guint            ts_remote_gateway_get_n_sessions (TsRemoteGateway        *self);
/* Stops listening and ends every session (their processes get SIGTERM,
 * then SIGKILL after a grace; their Tessera sessions are signed out);
 * returns once they are gone, iterating the thread-default main context. */
void             ts_remote_gateway_shutdown       (TsRemoteGateway        *self);

G_END_DECLS
