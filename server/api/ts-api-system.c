/* ts-api-system.c — health and system-wide settings (C1, C2, M5) */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-validate.h"

gboolean
ts_api_health (TsRequest *req,
               PGconn    *conn,
               GError   **error)
{
  JsonNode *node = ts_pg_exec_json (conn,
                                    "SELECT jsonb_build_object ('status', 'ok', 'database', 'ok',"
                                    "                           'version', $1::text)",
                                    1, (const char *[]) { TS_VERSION }, error);
  return ts_request_answer (req, 200, node);
}

static gboolean
answer_settings (TsRequest  *req,
                 PGconn     *conn,
                 GError    **error)
{
  JsonNode *node = ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('licence_count', s.licence_count,"
      "                           'outlet_count', (SELECT count (*) FROM outlet),"
      "                           'max_outlets', 20,"
      "                           'display_letter_source', s.display_letter_source)"
      "  FROM system_setting s",
      0, NULL, error);

  if (node == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "The system settings row is missing");
      return FALSE;
    }
  ts_request_take_response (req, 200, node);
  return TRUE;
}

gboolean
ts_api_system_get (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  return answer_settings (req, conn, error);
}

gboolean
ts_api_system_patch (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const char * const allowed[] = { "licence_count", "display_letter_source", NULL };
  JsonObject *body;
  gint64 count;
  gboolean present;
  const char *source;
  g_autofree char *text = NULL;
  g_autoptr(PGresult) result = NULL;

  if (!ts_policy_require_master (req, "edit system-wide settings", error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  /* a null licence_count is checked as 0 (out of range), as it always has */
  if (body == NULL
      || !ts_json_get_int (body, "licence_count", FALSE, &count, &present, error)
      || !ts_json_check_not_null (body, "display_letter_source", error)
      || !ts_json_get_string (body, "display_letter_source", FALSE, &source, NULL, error))
    return FALSE;

  /* M5: a sold seat's upper-case letter comes from its ticket type or its price zone */
  if (source != NULL)
    {
      g_autoptr(PGresult) chosen = NULL;

      if (!g_str_equal (source, "ticket_type") && !g_str_equal (source, "price_zone"))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "display_letter_source: must be ticket_type or price_zone");  /* M5 */
          return FALSE;
        }
      chosen = ts_pg_exec (conn, "UPDATE system_setting SET display_letter_source = $1",
                           1, (const char *[]) { source }, error);
      if (chosen == NULL)
        return FALSE;
    }

  if (present)
    {
      if (!ts_validate_int_range ("licence_count", count, 1, 20, error))
        return FALSE;
      text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      result = ts_pg_exec (conn, "UPDATE system_setting SET licence_count = $1::integer",
                           1, (const char *[]) { text }, error);
      if (result == NULL)
        return FALSE;
    }
  return answer_settings (req, conn, error);
}
