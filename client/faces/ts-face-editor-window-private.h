/* ts-face-editor-window-private.h — what the face editor's tests read and do */
#pragma once

#include "ts-face-editor-window.h"

G_BEGIN_DECLS

/* The face as last drawn in the preview (the source filled with the
 * sample's values), NULL before the first preview. */
const char *_ts_face_editor_window_get_filled (TsFaceEditorWindow *self);
/* The source, the name, as typed. */
char       *_ts_face_editor_window_get_svg    (TsFaceEditorWindow *self);
void        _ts_face_editor_window_set_svg    (TsFaceEditorWindow *self,
                                               const char         *svg);
void        _ts_face_editor_window_set_name   (TsFaceEditorWindow *self,
                                               const char         *name);
/* What "Import SVG…" does once a file is chosen. */
void        _ts_face_editor_window_import     (TsFaceEditorWindow *self,
                                               GFile              *file);
/* Test Print, written to pdf_path instead of asking the printer. */
gboolean    _ts_face_editor_window_test_print_to (TsFaceEditorWindow *self,
                                                  const char         *pdf_path);
/* The placeholder list (a GtkListBox, one row per name in
 * ts_face_placeholders() order). */
GtkWidget  *_ts_face_editor_window_get_placeholders (TsFaceEditorWindow *self);

G_END_DECLS
