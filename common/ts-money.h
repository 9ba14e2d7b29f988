/* ts-money.h — money is always an integer number of cents, never a float */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ts_money_parse  (const char  *text,
                           gint64      *out_cents,
                           GError     **error);
char     *ts_money_format (gint64       cents,
                           const char  *currency);

G_END_DECLS
