/* ts-router.c — match "METHOD /path" against the route table */
#include <stdlib.h>
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-router.h"
#include "ts-validate.h"

static const TsRoute routes[] = {
  { "GET",    "/health",                  TS_ROUTE_PUBLIC,    ts_api_health },
  { "GET",    "/outlets/directory",       TS_ROUTE_PUBLIC,    ts_api_outlets_directory },
  { "POST",   "/session",                 TS_ROUTE_PUBLIC,    ts_api_session_create, TS_ROUTE_JSON_BODY, 0, TS_ROUTE_CHECKS_PASSWORD },
  { "GET",    "/session",                 TS_ROUTE_SIGNED_IN, ts_api_session_get },
  { "DELETE", "/session",                 TS_ROUTE_SIGNED_IN, ts_api_session_delete },
  { "POST",   "/session/password",        TS_ROUTE_SIGNED_IN, ts_api_session_password, TS_ROUTE_JSON_BODY, 0, TS_ROUTE_CHECKS_PASSWORD },
  { "GET",    "/system",                  TS_ROUTE_SIGNED_IN, ts_api_system_get },
  { "PATCH",  "/system",                  TS_ROUTE_SIGNED_IN, ts_api_system_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/outlets",                 TS_ROUTE_SIGNED_IN, ts_api_outlets_list },
  { "POST",   "/outlets",                 TS_ROUTE_SIGNED_IN, ts_api_outlets_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/outlets/{id}",            TS_ROUTE_SIGNED_IN, ts_api_outlet_get },
  { "PATCH",  "/outlets/{id}",            TS_ROUTE_SIGNED_IN, ts_api_outlet_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/outlets/{id}/employees",  TS_ROUTE_SIGNED_IN, ts_api_employees_list },
  { "POST",   "/outlets/{id}/employees",  TS_ROUTE_SIGNED_IN, ts_api_employees_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/employees/{id}",          TS_ROUTE_SIGNED_IN, ts_api_employee_get },
  { "PATCH",  "/employees/{id}",          TS_ROUTE_SIGNED_IN, ts_api_employee_patch, TS_ROUTE_JSON_BODY },
  { "POST",   "/employees/{id}/lock",     TS_ROUTE_SIGNED_IN, ts_api_employee_lock },
  { "POST",   "/employees/{id}/unlock",   TS_ROUTE_SIGNED_IN, ts_api_employee_unlock },
  { "GET",    "/audit",                   TS_ROUTE_SIGNED_IN, ts_api_audit_list },
  { "GET",    "/patrons",                 TS_ROUTE_SIGNED_IN, ts_api_patrons_search },
  { "POST",   "/patrons",                 TS_ROUTE_SIGNED_IN, ts_api_patrons_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/duplicates",      TS_ROUTE_SIGNED_IN, ts_api_patrons_duplicates },
  { "GET",    "/patrons/{id}",            TS_ROUTE_SIGNED_IN, ts_api_patron_get },
  { "PATCH",  "/patrons/{id}",            TS_ROUTE_SIGNED_IN, ts_api_patron_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/account",    TS_ROUTE_SIGNED_IN, ts_api_patron_account },
  { "GET",    "/patrons/{id}/audit",      TS_ROUTE_SIGNED_IN, ts_api_patron_audit },
  { "POST",   "/patrons/{id}/contact-points", TS_ROUTE_SIGNED_IN, ts_api_contact_points_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/notes",      TS_ROUTE_SIGNED_IN, ts_api_patron_notes_list },
  { "POST",   "/patrons/{id}/notes",      TS_ROUTE_SIGNED_IN, ts_api_patron_notes_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/tags",       TS_ROUTE_SIGNED_IN, ts_api_patron_tags_list },
  { "PUT",    "/patrons/{id}/tags",       TS_ROUTE_SIGNED_IN, ts_api_patron_tags_put, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/donations",  TS_ROUTE_SIGNED_IN, ts_api_patron_donations_list },
  { "POST",   "/patrons/{id}/donations",  TS_ROUTE_SIGNED_IN, ts_api_patron_donations_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/memberships", TS_ROUTE_SIGNED_IN, ts_api_patron_memberships_list },
  { "POST",   "/patrons/{id}/memberships", TS_ROUTE_SIGNED_IN, ts_api_patron_memberships_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/contact-preferences", TS_ROUTE_SIGNED_IN, ts_api_patron_preferences_get },
  { "PUT",    "/patrons/{id}/contact-preferences", TS_ROUTE_SIGNED_IN, ts_api_patron_preferences_put, TS_ROUTE_JSON_BODY },
  { "GET",    "/patrons/{id}/mailing-lists", TS_ROUTE_SIGNED_IN, ts_api_patron_mailing_lists },
  { "GET",    "/mailing-lists",           TS_ROUTE_SIGNED_IN, ts_api_mailing_lists_list },
  { "POST",   "/mailing-lists",           TS_ROUTE_SIGNED_IN, ts_api_mailing_lists_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/mailing-lists/{id}/members", TS_ROUTE_SIGNED_IN, ts_api_mailing_list_members },
  { "POST",   "/mailing-lists/{id}/members", TS_ROUTE_SIGNED_IN, ts_api_mailing_list_add, TS_ROUTE_JSON_BODY },
  { "DELETE", "/mailing-lists/{id}/members/{id}", TS_ROUTE_SIGNED_IN, ts_api_mailing_list_remove },
  { "GET",    "/maps",                    TS_ROUTE_SIGNED_IN, ts_api_maps_list },
  /* a 60,000-seat pretix plan is about 10 MB */
  { "POST",   "/maps",                    TS_ROUTE_SIGNED_IN, ts_api_maps_create, TS_ROUTE_JSON_BODY, 32 * 1024 },
  { "GET",    "/maps/{id}",               TS_ROUTE_SIGNED_IN, ts_api_map_get },
  { "PATCH",  "/maps/{id}",               TS_ROUTE_SIGNED_IN, ts_api_map_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/maps/{id}/export",        TS_ROUTE_SIGNED_IN, ts_api_map_export },
  { "GET",    "/maps/{id}/compact",       TS_ROUTE_SIGNED_IN, ts_api_map_compact },
  { "POST",   "/maps/{id}/duplicate",     TS_ROUTE_SIGNED_IN, ts_api_map_duplicate, TS_ROUTE_JSON_BODY },
  { "PUT",    "/maps/{id}/plan",          TS_ROUTE_SIGNED_IN, ts_api_map_replace_plan, TS_ROUTE_JSON_BODY, 32 * 1024 },
  /* Season setup (ts-api-events.c, ts-api-pricing.c) */
  { "GET",    "/events",                  TS_ROUTE_SIGNED_IN, ts_api_events_list },
  { "POST",   "/events",                  TS_ROUTE_SIGNED_IN, ts_api_events_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/events/{id}",             TS_ROUTE_SIGNED_IN, ts_api_event_get },
  { "PATCH",  "/events/{id}",             TS_ROUTE_SIGNED_IN, ts_api_event_patch, TS_ROUTE_JSON_BODY },
  { "POST",   "/events/{id}/performances", TS_ROUTE_SIGNED_IN, ts_api_performances_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/performances/{id}",       TS_ROUTE_SIGNED_IN, ts_api_performance_get },
  { "PATCH",  "/performances/{id}",       TS_ROUTE_SIGNED_IN, ts_api_performance_patch, TS_ROUTE_JSON_BODY },
  { "DELETE", "/performances/{id}",       TS_ROUTE_SIGNED_IN, ts_api_performance_delete },
  { "GET",    "/performances/{id}/redemptions", TS_ROUTE_SIGNED_IN, ts_api_redemptions_list },
  { "POST",   "/performances/{id}/redemptions", TS_ROUTE_SIGNED_IN, ts_api_redemptions_create, TS_ROUTE_JSON_BODY },
  { "PATCH",  "/redemptions/{id}",        TS_ROUTE_SIGNED_IN, ts_api_redemption_patch, TS_ROUTE_JSON_BODY },
  { "DELETE", "/redemptions/{id}",        TS_ROUTE_SIGNED_IN, ts_api_redemption_delete },
  { "GET",    "/commission-tables",       TS_ROUTE_SIGNED_IN, ts_api_commission_tables_list },
  { "POST",   "/commission-tables",       TS_ROUTE_SIGNED_IN, ts_api_commission_tables_create, TS_ROUTE_JSON_BODY },
  { "PATCH",  "/commission-tables/{id}",  TS_ROUTE_SIGNED_IN, ts_api_commission_table_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/ticket-types",            TS_ROUTE_SIGNED_IN, ts_api_ticket_types_list },
  { "POST",   "/ticket-types",            TS_ROUTE_SIGNED_IN, ts_api_ticket_types_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/ticket-types/{id}",       TS_ROUTE_SIGNED_IN, ts_api_ticket_type_get },
  { "PATCH",  "/ticket-types/{id}",       TS_ROUTE_SIGNED_IN, ts_api_ticket_type_patch, TS_ROUTE_JSON_BODY },
  { "GET",    "/hold-letters",            TS_ROUTE_SIGNED_IN, ts_api_hold_letters_list },
  { "PUT",    "/hold-letters/{key}",      TS_ROUTE_SIGNED_IN, ts_api_hold_letter_put, TS_ROUTE_JSON_BODY },
  { "DELETE", "/hold-letters/{key}",      TS_ROUTE_SIGNED_IN, ts_api_hold_letter_delete },
  { "PATCH",  "/contact-points/{id}",     TS_ROUTE_SIGNED_IN, ts_api_contact_point_patch, TS_ROUTE_JSON_BODY },
  { "DELETE", "/contact-points/{id}",     TS_ROUTE_SIGNED_IN, ts_api_contact_point_delete },
  { "POST",   "/contact-points/{id}/primary", TS_ROUTE_SIGNED_IN, ts_api_contact_point_make_primary },
  /* Selling (ts-api-sales.c, ts-api-orders.c) */
  { "GET",    "/sales/performances",      TS_ROUTE_SIGNED_IN, ts_api_sales_performances },
  { "GET",    "/performances/{id}/offer", TS_ROUTE_SIGNED_IN, ts_api_performance_offer },
  { "GET",    "/performances/{id}/seats", TS_ROUTE_SIGNED_IN, ts_api_performance_seats },
  { "GET",    "/performances/{id}/party", TS_ROUTE_SIGNED_IN, ts_api_performance_party },
  { "GET",    "/performances/{id}/will-call", TS_ROUTE_SIGNED_IN, ts_api_performance_will_call },
  { "POST",   "/performances/{id}/holds", TS_ROUTE_SIGNED_IN, ts_api_performance_hold, TS_ROUTE_JSON_BODY },
  { "POST",   "/performances/{id}/holds/release", TS_ROUTE_SIGNED_IN, ts_api_performance_release, TS_ROUTE_JSON_BODY },
  { "POST",   "/carts",                   TS_ROUTE_SIGNED_IN, ts_api_carts_create },
  { "POST",   "/carts/hold",              TS_ROUTE_SIGNED_IN, ts_api_carts_hold, TS_ROUTE_JSON_BODY },
  { "POST",   "/carts/release",           TS_ROUTE_SIGNED_IN, ts_api_carts_release, TS_ROUTE_JSON_BODY },
  { "POST",   "/orders",                  TS_ROUTE_SIGNED_IN, ts_api_orders_create, TS_ROUTE_JSON_BODY },
  { "GET",    "/orders/{id}",             TS_ROUTE_SIGNED_IN, ts_api_order_get },
  { "POST",   "/orders/{id}/refund",      TS_ROUTE_SIGNED_IN, ts_api_order_refund, TS_ROUTE_JSON_BODY },
  { "POST",   "/orders/{id}/exchange",    TS_ROUTE_SIGNED_IN, ts_api_order_exchange, TS_ROUTE_JSON_BODY },
  { "POST",   "/orders/{id}/move",        TS_ROUTE_SIGNED_IN, ts_api_order_move, TS_ROUTE_JSON_BODY },
  { "GET",    "/accounts/balances",       TS_ROUTE_SIGNED_IN, ts_api_accounts_balances },
  { "GET",    "/accounts/settlement",     TS_ROUTE_SIGNED_IN, ts_api_accounts_settlement },
  { "POST",   "/accounts/settlements",    TS_ROUTE_SIGNED_IN, ts_api_accounts_settle, TS_ROUTE_JSON_BODY },
  { "GET",    "/accounts/till",           TS_ROUTE_SIGNED_IN, ts_api_accounts_till },
  { "GET",    "/patrons/{id}/vouchers",   TS_ROUTE_SIGNED_IN, ts_api_patron_vouchers },
  { "GET",    "/patrons/{id}/orders",     TS_ROUTE_SIGNED_IN, ts_api_patron_orders },
};

static gboolean
parse_id (const char *segment,
          gint64     *out_id)
{
  char *end = NULL;
  gint64 value;

  if (segment[0] < '1' || segment[0] > '9' || strlen (segment) > 15)
    return FALSE;
  value = g_ascii_strtoll (segment, &end, 10);
  /* Ids are 32-bit in the schema: a larger one names nothing (404). */
  if (end == NULL || *end != '\0' || value > G_MAXINT32)
    return FALSE;
  *out_id = value;
  return TRUE;
}

static gboolean
path_matches (const char  *pattern,
              char       **segments,
              gint64      *ids,
              guint       *n_ids,
              const char **key)
{
  g_auto(GStrv) parts = g_strsplit (pattern + 1, "/", -1);
  guint n = 0;
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    {
      if (segments[i] == NULL)
        return FALSE;
      if (g_str_equal (parts[i], "{key}"))
        {
          /* the handler checks what it names (a hold letter) and says what is wrong */
          if (segments[i][0] == '\0')
            return FALSE;
          *key = segments[i];
        }
      else if (g_str_equal (parts[i], "{id}"))
        {
          if (n >= TS_REQUEST_MAX_IDS || !parse_id (segments[i], &ids[n]))
            return FALSE;
          n++;
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  if (segments[i] != NULL)
    return FALSE;
  *n_ids = n;
  return TRUE;
}

const TsRoute *
ts_router_match (const char  *method,
                 const char  *path,
                 TsRequest   *request,
                 GError     **error)
{
  g_auto(GStrv) segments = NULL;
  gboolean path_found = FALSE;
  g_autofree char *trimmed = NULL;
  gsize len;

  if (path == NULL || path[0] != '/')
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such API endpoint");
      return NULL;
    }
  trimmed = g_strdup (path + 1);
  len = strlen (trimmed);
  if (len > 0 && trimmed[len - 1] == '/')
    trimmed[len - 1] = '\0';
  segments = g_strsplit (trimmed, "/", -1);

  for (gsize r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      gint64 ids[TS_REQUEST_MAX_IDS];
      guint n_ids = 0;
      const char *key = NULL;

      if (!path_matches (routes[r].pattern, segments, ids, &n_ids, &key))
        continue;
      path_found = TRUE;
      if (!g_str_equal (routes[r].method, method))
        continue;
      memcpy (request->ids, ids, sizeof ids);
      request->n_ids = n_ids;
      g_free (request->key);
      request->key = g_strdup (key);
      request->route = &routes[r];
      return &routes[r];
    }

  /* what the client sent comes back by its start only (issue 9) */
  {
    g_autofree char *quoted_method = ts_validate_quote (method);
    g_autofree char *quoted_path = ts_validate_quote (path);

    if (path_found)
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "Method %s is not allowed on %s", quoted_method, quoted_path);
    else
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such API endpoint: %s", quoted_path);
  }
  return NULL;
}

const TsRoute *
ts_router_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
