/* ts-face-editor-window.h — a ticket face's name and SVG source beside its
 * live preview, filled with a real sold ticket's values (F1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_FACE_EDITOR_WINDOW (ts_face_editor_window_get_type ())
G_DECLARE_FINAL_TYPE (TsFaceEditorWindow, ts_face_editor_window, TS, FACE_EDITOR_WINDOW, TsDialog)

/* Edits face face_id, or (0) makes a new face for outlet_id (0: the
 * caller's own) starting from the source of face from_face_id (0: the stock
 * thermal ticket; a new face may start again from a stock face).  "saved" carries the face as the server answered it; "ready"
 * once the face is loaded.  Properties "preview-pending" (a preview is
 * still to be drawn from what was typed) and "preview-error" (why the source
 * cannot be drawn, "" when it can). */
TsFaceEditorWindow *ts_face_editor_window_new (GtkWindow   *parent,
                                               TsApiClient *client,
                                               gint64       outlet_id,
                                               gint64       face_id,
                                               gint64       from_face_id);

G_END_DECLS
