/* ts-trust-server-dialog.h — a server's certificate this computer does not
 * trust: trust it after checking its fingerprint (first connection), or a
 * warning that it changed (docs/security.md, "Certificates the client
 * trusts") */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_TRUST_SERVER_DIALOG (ts_trust_server_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsTrustServerDialog, ts_trust_server_dialog, TS, TRUST_SERVER_DIALOG, TsDialog)

/* certificate: what the server at host_port presented, refused as not
 * trusted (ts_api_client_get_untrusted_certificate).  When no certificate
 * is pinned for host_port the dialog shows its SHA-256 fingerprint and
 * offers to trust it: "Trust This Server" pins it (ts-known-servers.h),
 * emits "trusted" and closes.  When another one is pinned it warns that
 * the server may be impersonated, shows both fingerprints and how an
 * administrator makes way for the new one, and trusts nothing. */
TsTrustServerDialog *ts_trust_server_dialog_new (GtkWindow       *parent,
                                                 const char      *host_port,
                                                 GTlsCertificate *certificate);

G_END_DECLS
