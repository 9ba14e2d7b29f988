/* ts-validate.h — input checks shared by the server (authoritative) and the
 * client (early feedback in dialogs).  Each returns FALSE with a TS_ERROR_INVALID
 * error whose message names the field and what is expected. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ts_validate_required    (const char *field, const char *value, gsize max_len, GError **error);
gboolean ts_validate_optional    (const char *field, const char *value, gsize max_len, GError **error);
gboolean ts_validate_email       (const char *field, const char *value, GError **error);
gboolean ts_validate_phone       (const char *field, const char *value, GError **error);
gboolean ts_validate_web_site    (const char *field, const char *value, GError **error);
gboolean ts_validate_host_name   (const char *field, const char *value, GError **error);
gboolean ts_validate_colour      (const char *field, const char *value, GError **error);
gboolean ts_validate_time_zone   (const char *field, const char *value, GError **error);
gboolean ts_validate_currency    (const char *field, const char *value, GError **error);
gboolean ts_validate_outlet_code (const char *field, const char *value, GError **error);
gboolean ts_validate_login       (const char *field, const char *value, GError **error);
gboolean ts_validate_password    (const char *field, const char *value, GError **error);
gboolean ts_validate_date        (const char *field, const char *value, GError **error);
/* An instant with its UTC offset: 2026-11-24T19:30:00-05:00 (or …Z). */
gboolean ts_validate_timestamp   (const char *field, const char *value, GError **error);
gboolean ts_validate_int_range   (const char *field, gint64 value, gint64 min, gint64 max, GError **error);
gboolean ts_validate_svg         (const char *field, const char *value, gsize max_len, GError **error);

/* How an error message shows a value a person sent: between “ ”, at most
 * TS_VALIDATE_QUOTE_CHARS characters of it and then "…", control characters
 * and bad UTF-8 as "?", so a 10,000-character value or one with a NUL never
 * comes back whole (issue 9).  NULL quotes as “”. */
#define TS_VALIDATE_QUOTE_CHARS 20
char    *ts_validate_quote       (const char *value);

G_END_DECLS
