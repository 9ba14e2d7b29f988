/* ts-error.c — error domain and stable wire names */
#include "ts-error.h"

G_DEFINE_QUARK (ts-error-quark, ts_error)

static const struct
{
  TsErrorCode code;
  const char *name;
} error_names[] = {
  { TS_ERROR_INTERNAL, "internal" },
  { TS_ERROR_INVALID, "invalid_input" },
  { TS_ERROR_NOT_FOUND, "not_found" },
  { TS_ERROR_UNAUTHORIZED, "unauthorized" },
  { TS_ERROR_FORBIDDEN, "forbidden" },
  { TS_ERROR_CONFLICT, "conflict" },
  { TS_ERROR_LIMIT, "limit_reached" },
  { TS_ERROR_WRONG_PASSWORD, "wrong_password" },
  { TS_ERROR_LOCKED, "locked" },
  { TS_ERROR_RESIGNED, "resigned" },
  { TS_ERROR_NO_ACCESS, "no_access" },
  { TS_ERROR_TOO_LARGE, "too_large" },
  { TS_ERROR_UNAVAILABLE, "unavailable" },
  { TS_ERROR_UNREACHABLE, "unreachable" },
  { TS_ERROR_THROTTLED, "throttled" },
  { TS_ERROR_OVERRIDE_NEEDED, "override_needed" },
  { TS_ERROR_TIMEOUT, "timeout" },
};

const char *
ts_error_code_to_string (TsErrorCode code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (error_names[i].code == code)
      return error_names[i].name;
  return "internal";
}

gboolean
ts_error_code_from_string (const char  *name,
                           TsErrorCode *out_code)
{
  g_return_val_if_fail (out_code != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (error_names); i++)
    {
      if (g_str_equal (error_names[i].name, name))
        {
          *out_code = error_names[i].code;
          return TRUE;
        }
    }
  return FALSE;
}
