/* ts-money.h — money is always an integer number of cents, never a float */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ts_money_parse  (const char  *text,
                           gint64      *out_cents,
                           GError     **error);
char     *ts_money_format (gint64       cents,
                           const char  *currency);
/* Cents as the reader's language writes money on screen: "$35.00",
 * "-$5.00" in English, « 35,00 $ » in French (Canada).  Never through a
 * double.  ts_money_format is the fixed form, for files and logs. */
char     *ts_money_format_local (gint64  cents);

G_END_DECLS
