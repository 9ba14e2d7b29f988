/* ts-outlet-copy-dialog.h — the Master User copies a theatre map or a ticket
 * face for an outlet, which owns the copy (C2, M2, F1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

/* The typed call that makes the copy: ts_api_client_duplicate_map_async,
 * ts_api_client_duplicate_face_async. */
typedef void (*TsOutletCopyFunc) (TsApiClient         *client,
                                  gint64               id,
                                  gint64               outlet_id,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);

#define TS_TYPE_OUTLET_COPY_DIALOG (ts_outlet_copy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsOutletCopyDialog, ts_outlet_copy_dialog, TS, OUTLET_COPY_DIALOG, TsDialog)

/* Copies object id (called name) with copy, for the outlet chosen in the
 * dialog, under the name typed (at most max_name characters).  title, kind
 * (the label over the original's name: "Map") and note (what becomes of the
 * copy) are said as given, translated.  "saved" gives the server's answer. */
TsOutletCopyDialog *ts_outlet_copy_dialog_new (GtkWindow        *parent,
                                               TsApiClient      *client,
                                               const char       *title,
                                               const char       *kind,
                                               const char       *note,
                                               gint64            id,
                                               const char       *name,
                                               guint             max_name,
                                               TsOutletCopyFunc  copy);

G_END_DECLS
