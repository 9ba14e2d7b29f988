/* ts-json-field.c — a request body's members read and validated in one call */
#include "ts-json.h"
#include "ts-validate.h"

#include "ts-json-field.h"

gboolean
ts_json_field_text (JsonObject  *object,
                    const char  *member,
                    TsJsonField  flags,
                    gsize        max_chars,
                    const char **out_value,
                    gboolean    *out_present,
                    GError     **error)
{
  *out_value = NULL;
  if (((flags & TS_JSON_FIELD_NOT_NULL) && !ts_json_check_not_null (object, member, error))
      || !ts_json_get_string (object, member, (flags & TS_JSON_FIELD_REQUIRED) != 0, out_value, out_present, error))
    return FALSE;
  if (*out_value == NULL)
    return TRUE;
  if (flags & TS_JSON_FIELD_NOT_BLANK)
    return ts_validate_required (member, *out_value, max_chars, error);
  return ts_validate_optional (member, *out_value, max_chars, error);
}

gboolean
ts_json_field_int (JsonObject  *object,
                   const char  *member,
                   TsJsonField  flags,
                   gint64       min,
                   gint64       max,
                   gint64      *out_value,
                   gboolean    *out_present,
                   GError     **error)
{
  gboolean required = (flags & TS_JSON_FIELD_REQUIRED) != 0;
  gboolean present = FALSE;

  *out_value = 0;
  if ((flags & TS_JSON_FIELD_NOT_NULL) && !ts_json_check_not_null (object, member, error))
    return FALSE;
  if (flags & TS_JSON_FIELD_BIGINT)
    {
      if (!ts_json_get_int64 (object, member, required, out_value, &present, error))
        return FALSE;
    }
  else if (!ts_json_get_int (object, member, required, out_value, &present, error))
    return FALSE;
  if (out_present != NULL)
    *out_present = present;
  /* a null is the caller's to clear (present, 0), never a number out of range */
  if (!present || json_object_get_null_member (object, member))
    return TRUE;
  return ts_validate_int_range (member, *out_value, min, max, error);
}

gboolean
ts_json_field_id (JsonObject  *object,
                  const char  *member,
                  TsJsonField  flags,
                  gint64      *out_value,
                  gboolean    *out_present,
                  GError     **error)
{
  *out_value = 0;
  if ((flags & TS_JSON_FIELD_NOT_NULL) && !ts_json_check_not_null (object, member, error))
    return FALSE;
  return ts_json_get_id (object, member, (flags & TS_JSON_FIELD_REQUIRED) != 0, out_value, out_present, error);
}
