/* ts-map-duplicate-dialog.h — the Master User copies a theatre map for an outlet (M2) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_MAP_DUPLICATE_DIALOG (ts_map_duplicate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsMapDuplicateDialog, ts_map_duplicate_dialog, TS, MAP_DUPLICATE_DIALOG, TsDialog)

/* Copies map map_id (called map_name) for the outlet chosen in the dialog,
 * under the name typed; "saved" gives {"map": Summary} of the copy. */
TsMapDuplicateDialog *ts_map_duplicate_dialog_new (GtkWindow   *parent,
                                                   TsApiClient *client,
                                                   gint64       map_id,
                                                   const char  *map_name);

G_END_DECLS
