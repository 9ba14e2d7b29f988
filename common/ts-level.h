/* ts-level.h — employee levels (rule C4) and the grant rules (C2, C5) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ordered: each level may do everything the levels below it can (C4).
 * No Access cannot sign in; Scanner may only validate tickets. */
typedef enum
{
  TS_LEVEL_NO_ACCESS = 0,
  TS_LEVEL_SCANNER,
  TS_LEVEL_STAFF,
  TS_LEVEL_WALKUP,
  TS_LEVEL_BOX_OFFICE,
  TS_LEVEL_MANAGER,
  TS_LEVEL_ADMIN,
  TS_LEVEL_MASTER,
} TsLevel;

#define TS_LEVEL_LAST TS_LEVEL_MASTER

const char *ts_level_to_string    (TsLevel     level);
gboolean    ts_level_from_string  (const char *name,
                                   TsLevel    *out_level);
const char *ts_level_display_name (TsLevel     level);

gboolean    ts_level_can_grant    (TsLevel     actor,
                                   TsLevel     granted);
gboolean    ts_level_can_manage   (TsLevel     actor,
                                   TsLevel     target);

G_END_DECLS
