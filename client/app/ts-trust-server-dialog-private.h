/* ts-trust-server-dialog-private.h — what the trust dialog's tests read */
#pragma once

#include "ts-trust-server-dialog.h"

G_BEGIN_DECLS

/* The fingerprint shown of the certificate presented, as one line. */
char     *_ts_trust_server_dialog_get_shown_fingerprint (TsTrustServerDialog *self);
/* TRUE for the warning: another certificate is pinned for the server. */
gboolean  _ts_trust_server_dialog_is_changed            (TsTrustServerDialog *self);

G_END_DECLS
