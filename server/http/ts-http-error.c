/* ts-http-error.c — map TsError codes to HTTP status and the error body */
#include "ts-error.h"
#include "ts-http-error.h"

guint
ts_http_error_status (const GError *error)
{
  if (error == NULL || error->domain != TS_ERROR)
    return 500;

  switch ((TsErrorCode) error->code)
    {
    case TS_ERROR_INVALID: return 400;
    case TS_ERROR_UNAUTHORIZED: return 401;
    case TS_ERROR_WRONG_PASSWORD: return 401;
    case TS_ERROR_FORBIDDEN: return 403;
    case TS_ERROR_LOCKED: return 403;
    case TS_ERROR_RESIGNED: return 403;
    case TS_ERROR_NO_ACCESS: return 403;
    case TS_ERROR_NOT_FOUND: return 404;
    case TS_ERROR_CONFLICT: return 409;
    case TS_ERROR_OVERRIDE_NEEDED: return 409;
    case TS_ERROR_TOO_LARGE: return 413;
    case TS_ERROR_LIMIT: return 422;
    case TS_ERROR_THROTTLED: return 429;
    case TS_ERROR_UNAVAILABLE: return 503;
    case TS_ERROR_UNREACHABLE: return 503;
    case TS_ERROR_TIMEOUT: return 503;
    case TS_ERROR_INTERNAL:
    default:
      return 500;
    }
}

JsonNode *
ts_http_error_body (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *code = "internal";
  const char *message = "Internal error";

  if (error != NULL && error->domain == TS_ERROR)
    {
      code = ts_error_code_to_string (error->code);
      message = error->message;
    }
  else if (error != NULL)
    message = error->message;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
