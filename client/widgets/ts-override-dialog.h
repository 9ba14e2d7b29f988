/* ts-override-dialog.h — the owning outlet's explicit override (S3): the
 * server's refusal, a required reason, and "Override (recorded in the audit
 * log)" or Cancel */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_OVERRIDE_DIALOG (ts_override_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOverrideDialog, ts_override_dialog, TS, OVERRIDE_DIALOG, TsDialog)

/* Whether to offer an override for this refusal: the server said only an
 * override would allow it ("override_needed"), and the signed-in person
 * may give one — Box Office level and up, of the outlet that owns the
 * performance (owner_outlet_id), or the Master User.  A selling outlet, or
 * a level below Box Office, is never offered one. */
gboolean          ts_override_dialog_offered     (TsApiClient      *client,
                                                  const GError     *error,
                                                  gint64            owner_outlet_id);
/* refusal: the server's message.  Emits "override" (const char *reason,
 * trimmed, never empty) and closes when the person overrides; closing it
 * otherwise (Cancel, Escape) overrides nothing. */
TsOverrideDialog *ts_override_dialog_new         (GtkWindow        *parent,
                                                  const char       *refusal);
/* Adds "override": {"reason"} to a request body (S3). */
void              ts_override_dialog_add_to      (JsonObject       *request,
                                                  const char       *reason);
/* For a dialog whose submission (ts_dialog_send) was refused with error:
 * when an override is offered (ts_override_dialog_offered), asks for it
 * over the dialog and answers TRUE; on "override", sends the submission
 * again (ts_dialog_send_again) with the reason added to its member
 * (NULL: the body itself).  FALSE, asking nothing, otherwise. */
gboolean          ts_override_dialog_ask         (TsDialog         *dialog,
                                                  const GError     *error,
                                                  gint64            owner_outlet_id,
                                                  const char       *member);

G_END_DECLS
