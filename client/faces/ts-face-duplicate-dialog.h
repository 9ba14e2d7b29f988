/* ts-face-duplicate-dialog.h — the Master User copies a ticket face for an outlet (F1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_FACE_DUPLICATE_DIALOG (ts_face_duplicate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsFaceDuplicateDialog, ts_face_duplicate_dialog, TS, FACE_DUPLICATE_DIALOG, TsDialog)

/* Copies face face_id (called face_name) for the outlet chosen in the
 * dialog, under the name typed; "saved" gives the copy as the server
 * answered it. */
TsFaceDuplicateDialog *ts_face_duplicate_dialog_new (GtkWindow   *parent,
                                                     TsApiClient *client,
                                                     gint64       face_id,
                                                     const char  *face_name);

G_END_DECLS
