/* ts-json-field.h — one member of a request body read, type-checked and
 * validated in one call: text of a length, whole numbers in a range, ids
 *
 * Each reader runs the same steps in the same order, so that one field says
 * what is wrong with it the same way in every route: null refused
 * (TS_JSON_FIELD_NOT_NULL), then the JSON type and presence (ts-json.h), then
 * the value (ts-validate.h).  Every message names the member. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TS_JSON_FIELD_OPTIONAL  = 0,        /* may be absent; null counts as absent */
  TS_JSON_FIELD_REQUIRED  = 1 << 0,   /* absent (or null, without NOT_NULL): "member: is required" */
  TS_JSON_FIELD_NOT_NULL  = 1 << 1,   /* null: "member: cannot be empty" (a field that cannot be cleared) */
  TS_JSON_FIELD_NOT_BLANK = 1 << 2,   /* text, when given: more than spaces (ts_validate_required) */
  TS_JSON_FIELD_BIGINT    = 1 << 3,   /* a whole number read in 64 bits (a bigint column), else 32 */
} TsJsonField;

/* Text of at most max_chars characters, without control characters
 * (ts_validate_optional; with NOT_BLANK, ts_validate_required).  Absent or
 * null: *out_value NULL. */
gboolean ts_json_field_text (JsonObject  *object,
                             const char  *member,
                             TsJsonField  flags,
                             gsize        max_chars,
                             const char **out_value,
                             gboolean    *out_present,
                             GError     **error);
/* A whole number that fits its column (ts_json_get_int, or ts_json_get_int64
 * with BIGINT), then from min to max: "member: must be between min and max"
 * (ts_validate_int_range).  A null (allowed without NOT_NULL) is present,
 * reads as 0 and is not checked against min: the caller clears the field. */
gboolean ts_json_field_int  (JsonObject  *object,
                             const char  *member,
                             TsJsonField  flags,
                             gint64       min,
                             gint64       max,
                             gint64      *out_value,
                             gboolean    *out_present,
                             GError     **error);
/* An id of a row of an `integer` key: "member: must be an id (a whole number
 * from 1 to 2147483647)" (ts_json_get_id). */
gboolean ts_json_field_id   (JsonObject  *object,
                             const char  *member,
                             TsJsonField  flags,
                             gint64      *out_value,
                             gboolean    *out_present,
                             GError     **error);

G_END_DECLS
