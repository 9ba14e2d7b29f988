/* ts-patron-picker-private.h — the patron search as the tests (and the
 * dialogs' test hooks) use it, as a person does: typed, then one chosen */
#pragma once

#include "ts-patron-picker.h"

G_BEGIN_DECLS

/* Types text in the search and searches at once (the entry waits before
 * it searches; a test does not); "found" notifies when the answer is listed. */
void     _ts_patron_picker_search       (TsPatronPicker *self,
                                         const char     *text);
/* How many answers have been listed since the picker was made. */
guint    _ts_patron_picker_get_answers  (TsPatronPicker *self);
/* Chooses the index-th patron found; FALSE when there is none. */
gboolean _ts_patron_picker_choose       (TsPatronPicker *self,
                                         guint           index);
/* Chooses the patron of that number among those found; FALSE when not listed. */
gboolean _ts_patron_picker_choose_id    (TsPatronPicker *self,
                                         gint64          patron_id);
/* What the picker says under the search ("" for nothing). */
const char *_ts_patron_picker_get_status (TsPatronPicker *self);

G_END_DECLS
