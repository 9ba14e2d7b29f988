/* ts-known-servers.h — the servers whose self-signed certificate this
 * person trusted, as SSH's known_hosts (docs/security.md, "Certificates the
 * client trusts")
 *
 * A certificate the system trusts (signed by an authority it knows) needs
 * nothing here.  Any other is accepted only when it is exactly the one
 * pinned for its server's host and port, in
 * $XDG_CONFIG_HOME/tessera/known-servers (a GKeyFile: a group per
 * "host:port" with the certificate's SHA-256 "fingerprint").  An unknown one
 * is refused until the person trusts it (TsTrustServerDialog); a different
 * one for a known server is refused, loudly, until an administrator removes
 * the old pin (tessera --forget-server URL).  The file is read again at every check: a pin
 * made in another window counts at once. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TS_SERVER_TRUST_UNKNOWN,    /* no pin for this server: ask the person */
  TS_SERVER_TRUST_PINNED,     /* exactly the certificate pinned for it */
  TS_SERVER_TRUST_CHANGED,    /* another certificate is pinned for it: possible impersonation */
} TsServerTrust;

/* "host:port" of an https:// address (port 443 when it names none); NULL
 * for anything else. */
char          *ts_known_servers_host_port_of (GUri            *uri);
/* The file, $XDG_CONFIG_HOME/tessera/known-servers. */
char          *ts_known_servers_path         (void);
/* The certificate's SHA-256 as people read it (ts-fingerprint.h). */
char          *ts_known_servers_fingerprint  (GTlsCertificate *certificate);
/* Whether certificate is the one pinned for host_port; *out_pinned: the
 * pinned fingerprint when there is one (may be NULL). */
TsServerTrust  ts_known_servers_check        (const char      *host_port,
                                              GTlsCertificate *certificate,
                                              char           **out_pinned);
/* Pins certificate for host_port, replacing no other: refused when another
 * certificate is pinned for it (only its removal from the file, by an
 * administrator, makes way for a new one). */
gboolean       ts_known_servers_pin          (const char      *host_port,
                                              GTlsCertificate *certificate,
                                              GError         **error);
/* Removes the pin of host_port (`tessera --forget-server URL`, what an
 * administrator does once a server's certificate was really replaced): the
 * next connection asks again.  *out_fingerprint: the one forgotten, NULL
 * when none was pinned. */
gboolean       ts_known_servers_forget       (const char      *host_port,
                                              char           **out_fingerprint,
                                              GError         **error);

G_END_DECLS
