/* ts-router.c — match "METHOD /path" against the route table */
#include <stdlib.h>
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-router.h"
#include "ts-validate.h"

/* The usual route: for a signed-in caller; with or without a JSON body
 * (one without refuses any body but {}).  The few others are written out. */
#define SIGNED_IN(method, pattern, handler)      { method, pattern, TS_ROUTE_SIGNED_IN, handler, TS_ROUTE_NO_BODY }
#define SIGNED_IN_BODY(method, pattern, handler) { method, pattern, TS_ROUTE_SIGNED_IN, handler, TS_ROUTE_JSON_BODY }
/* C4: the few routes a Scanner may call as well (every other answers it 403). */
#define SCANNER(method, pattern, handler)        { method, pattern, TS_ROUTE_SIGNED_IN, handler, TS_ROUTE_NO_BODY, 0, TS_ROUTE_FOR_SCANNER }
#define SCANNER_BODY(method, pattern, handler)   { method, pattern, TS_ROUTE_SIGNED_IN, handler, TS_ROUTE_JSON_BODY, 0, TS_ROUTE_FOR_SCANNER }

static const TsRoute routes[] = {
  /* Public: no session yet (ts-api-system.c, ts-api-outlets.c, ts-api-session.c) */
  { "GET",    "/health",                  TS_ROUTE_PUBLIC,    ts_api_health },
  { "GET",    "/outlets/directory",       TS_ROUTE_PUBLIC,    ts_api_outlets_directory },
  { "POST",   "/session",                 TS_ROUTE_PUBLIC,    ts_api_session_create, TS_ROUTE_JSON_BODY, 0, TS_ROUTE_CHECKS_PASSWORD },
  /* Sessions, the system, outlets and their employees (ts-api-session.c, ts-api-system.c,
   * ts-api-outlets.c, ts-api-employees.c, ts-api-audit.c) */
  SCANNER        ("GET",    "/session",                            ts_api_session_get),
  SCANNER        ("DELETE", "/session",                            ts_api_session_delete),
  { "POST",   "/session/password",        TS_ROUTE_SIGNED_IN, ts_api_session_password, TS_ROUTE_JSON_BODY, 0,
    TS_ROUTE_CHECKS_PASSWORD | TS_ROUTE_FOR_SCANNER },
  SIGNED_IN      ("GET",    "/system",                             ts_api_system_get),
  SIGNED_IN_BODY ("PATCH",  "/system",                             ts_api_system_patch),
  SIGNED_IN      ("GET",    "/outlets",                            ts_api_outlets_list),
  SIGNED_IN_BODY ("POST",   "/outlets",                            ts_api_outlets_create),
  SIGNED_IN      ("GET",    "/outlets/{id}",                       ts_api_outlet_get),
  SIGNED_IN_BODY ("PATCH",  "/outlets/{id}",                       ts_api_outlet_patch),
  SIGNED_IN      ("GET",    "/outlets/{id}/employees",             ts_api_employees_list),
  SIGNED_IN_BODY ("POST",   "/outlets/{id}/employees",             ts_api_employees_create),
  SIGNED_IN      ("GET",    "/employees/{id}",                     ts_api_employee_get),
  SIGNED_IN_BODY ("PATCH",  "/employees/{id}",                     ts_api_employee_patch),
  SIGNED_IN      ("POST",   "/employees/{id}/lock",                ts_api_employee_lock),
  SIGNED_IN      ("POST",   "/employees/{id}/unlock",              ts_api_employee_unlock),
  SIGNED_IN      ("GET",    "/audit",                              ts_api_audit_list),
  /* Patrons (ts-api-patrons.c, ts-api-contact-points.c, ts-api-patron-data.c) */
  SIGNED_IN      ("GET",    "/patrons",                            ts_api_patrons_search),
  SIGNED_IN_BODY ("POST",   "/patrons",                            ts_api_patrons_create),
  SIGNED_IN      ("GET",    "/patrons/duplicates",                 ts_api_patrons_duplicates),
  SIGNED_IN      ("GET",    "/patrons/{id}",                       ts_api_patron_get),
  SIGNED_IN_BODY ("PATCH",  "/patrons/{id}",                       ts_api_patron_patch),
  SIGNED_IN      ("GET",    "/patrons/{id}/account",               ts_api_patron_account),
  SIGNED_IN      ("GET",    "/patrons/{id}/audit",                 ts_api_patron_audit),
  SIGNED_IN_BODY ("POST",   "/patrons/{id}/contact-points",        ts_api_contact_points_create),
  SIGNED_IN      ("GET",    "/patrons/{id}/notes",                 ts_api_patron_notes_list),
  SIGNED_IN_BODY ("POST",   "/patrons/{id}/notes",                 ts_api_patron_notes_create),
  SIGNED_IN      ("GET",    "/patrons/{id}/tags",                  ts_api_patron_tags_list),
  SIGNED_IN_BODY ("PUT",    "/patrons/{id}/tags",                  ts_api_patron_tags_put),
  SIGNED_IN      ("GET",    "/patrons/{id}/donations",             ts_api_patron_donations_list),
  SIGNED_IN_BODY ("POST",   "/patrons/{id}/donations",             ts_api_patron_donations_create),
  SIGNED_IN      ("GET",    "/patrons/{id}/memberships",           ts_api_patron_memberships_list),
  SIGNED_IN_BODY ("POST",   "/patrons/{id}/memberships",           ts_api_patron_memberships_create),
  SIGNED_IN      ("GET",    "/patrons/{id}/contact-preferences",   ts_api_patron_preferences_get),
  SIGNED_IN_BODY ("PUT",    "/patrons/{id}/contact-preferences",   ts_api_patron_preferences_put),
  SIGNED_IN      ("GET",    "/patrons/{id}/mailing-lists",         ts_api_patron_mailing_lists),
  SIGNED_IN      ("GET",    "/mailing-lists",                      ts_api_mailing_lists_list),
  SIGNED_IN_BODY ("POST",   "/mailing-lists",                      ts_api_mailing_lists_create),
  SIGNED_IN      ("GET",    "/mailing-lists/{id}/members",         ts_api_mailing_list_members),
  SIGNED_IN_BODY ("POST",   "/mailing-lists/{id}/members",         ts_api_mailing_list_add),
  SIGNED_IN      ("DELETE", "/mailing-lists/{id}/members/{id}",    ts_api_mailing_list_remove),
  /* Partner companies and patrons' preferences for them (ts-api-partners.c) */
  SIGNED_IN      ("GET",    "/partner-companies",                  ts_api_partner_companies_list),
  SIGNED_IN_BODY ("POST",   "/partner-companies",                  ts_api_partner_companies_create),
  SIGNED_IN      ("GET",    "/partner-companies/questions",        ts_api_partner_questions),
  SIGNED_IN      ("GET",    "/partner-companies/{id}",             ts_api_partner_company_get),
  SIGNED_IN_BODY ("PATCH",  "/partner-companies/{id}",             ts_api_partner_company_patch),
  SIGNED_IN      ("DELETE", "/partner-companies/{id}",             ts_api_partner_company_delete),
  SIGNED_IN      ("GET",    "/partner-companies/{id}/patrons",     ts_api_partner_company_patrons),
  SIGNED_IN      ("GET",    "/patrons/{id}/partner-preferences",   ts_api_patron_partner_preferences_get),
  SIGNED_IN_BODY ("PUT",    "/patrons/{id}/partner-preferences",   ts_api_patron_partner_preferences_put),
  /* Theatre maps (ts-api-maps.c) */
  SIGNED_IN      ("GET",    "/maps",                               ts_api_maps_list),
  /* a 60,000-seat pretix plan is about 10 MB */
  { "POST",   "/maps",                    TS_ROUTE_SIGNED_IN, ts_api_maps_create, TS_ROUTE_JSON_BODY, 32 * 1024 },
  SIGNED_IN      ("GET",    "/maps/{id}",                          ts_api_map_get),
  SIGNED_IN_BODY ("PATCH",  "/maps/{id}",                          ts_api_map_patch),
  SIGNED_IN      ("GET",    "/maps/{id}/export",                   ts_api_map_export),
  SIGNED_IN      ("GET",    "/maps/{id}/compact",                  ts_api_map_compact),
  SIGNED_IN_BODY ("POST",   "/maps/{id}/duplicate",                ts_api_map_duplicate),
  { "PUT",    "/maps/{id}/plan",          TS_ROUTE_SIGNED_IN, ts_api_map_replace_plan, TS_ROUTE_JSON_BODY, 32 * 1024 },
  /* Ticket faces (ts-api-faces.c); an SVG may be up to 1 MB, more as JSON text */
  { "GET",    "/faces",                   TS_ROUTE_SIGNED_IN, ts_api_faces_list, TS_ROUTE_NO_BODY },
  { "POST",   "/faces",                   TS_ROUTE_SIGNED_IN, ts_api_faces_create, TS_ROUTE_JSON_BODY, 3 * 1024 },
  SIGNED_IN      ("GET",    "/faces/sample",                       ts_api_faces_sample),
  SIGNED_IN      ("GET",    "/faces/{id}",                         ts_api_face_get),
  { "PATCH",  "/faces/{id}",              TS_ROUTE_SIGNED_IN, ts_api_face_patch, TS_ROUTE_JSON_BODY, 3 * 1024 },
  SIGNED_IN      ("DELETE", "/faces/{id}",                         ts_api_face_delete),
  SIGNED_IN_BODY ("POST",   "/faces/{id}/duplicate",               ts_api_face_duplicate),
  /* Season setup (ts-api-events.c, ts-api-pricing.c) */
  SIGNED_IN      ("GET",    "/events",                             ts_api_events_list),
  SIGNED_IN_BODY ("POST",   "/events",                             ts_api_events_create),
  SIGNED_IN      ("GET",    "/events/{id}",                        ts_api_event_get),
  SIGNED_IN_BODY ("PATCH",  "/events/{id}",                        ts_api_event_patch),
  SIGNED_IN_BODY ("POST",   "/events/{id}/performances",           ts_api_performances_create),
  SIGNED_IN      ("GET",    "/performances/{id}",                  ts_api_performance_get),
  SIGNED_IN_BODY ("PATCH",  "/performances/{id}",                  ts_api_performance_patch),
  SIGNED_IN      ("DELETE", "/performances/{id}",                  ts_api_performance_delete),
  SIGNED_IN      ("GET",    "/performances/{id}/redemptions",      ts_api_redemptions_list),
  SIGNED_IN_BODY ("POST",   "/performances/{id}/redemptions",      ts_api_redemptions_create),
  SIGNED_IN_BODY ("PATCH",  "/redemptions/{id}",                   ts_api_redemption_patch),
  SIGNED_IN      ("DELETE", "/redemptions/{id}",                   ts_api_redemption_delete),
  SIGNED_IN      ("GET",    "/commission-tables",                  ts_api_commission_tables_list),
  SIGNED_IN_BODY ("POST",   "/commission-tables",                  ts_api_commission_tables_create),
  SIGNED_IN_BODY ("PATCH",  "/commission-tables/{id}",             ts_api_commission_table_patch),
  SIGNED_IN      ("GET",    "/ticket-types",                       ts_api_ticket_types_list),
  SIGNED_IN_BODY ("POST",   "/ticket-types",                       ts_api_ticket_types_create),
  SIGNED_IN      ("GET",    "/ticket-types/{id}",                  ts_api_ticket_type_get),
  SIGNED_IN_BODY ("PATCH",  "/ticket-types/{id}",                  ts_api_ticket_type_patch),
  /* Hold letters (ts-api-pricing.c), contact points (ts-api-contact-points.c) */
  SIGNED_IN      ("GET",    "/hold-letters",                       ts_api_hold_letters_list),
  SIGNED_IN_BODY ("PUT",    "/hold-letters/{key}",                 ts_api_hold_letter_put),
  SIGNED_IN      ("DELETE", "/hold-letters/{key}",                 ts_api_hold_letter_delete),
  SIGNED_IN_BODY ("PATCH",  "/contact-points/{id}",                ts_api_contact_point_patch),
  SIGNED_IN      ("DELETE", "/contact-points/{id}",                ts_api_contact_point_delete),
  SIGNED_IN      ("POST",   "/contact-points/{id}/primary",        ts_api_contact_point_make_primary),
  /* Selling (ts-api-sales.c, ts-api-orders.c) */
  SIGNED_IN      ("GET",    "/sales/performances",                 ts_api_sales_performances),
  SIGNED_IN      ("GET",    "/performances/{id}/offer",            ts_api_performance_offer),
  SIGNED_IN      ("GET",    "/performances/{id}/seats",            ts_api_performance_seats),
  SIGNED_IN      ("GET",    "/performances/{id}/party",            ts_api_performance_party),
  SIGNED_IN      ("GET",    "/performances/{id}/will-call",        ts_api_performance_will_call),
  SIGNED_IN_BODY ("POST",   "/performances/{id}/will-call/hand-over", ts_api_performance_will_call_hand_over),
  SIGNED_IN_BODY ("POST",   "/performances/{id}/holds",            ts_api_performance_hold),
  SIGNED_IN_BODY ("POST",   "/performances/{id}/holds/release",    ts_api_performance_release),
  SIGNED_IN      ("GET",    "/carts",                              ts_api_carts_list),
  SIGNED_IN      ("POST",   "/carts",                              ts_api_carts_create),
  SIGNED_IN_BODY ("POST",   "/carts/hold",                         ts_api_carts_hold),
  SIGNED_IN_BODY ("POST",   "/carts/release",                      ts_api_carts_release),
  SIGNED_IN_BODY ("POST",   "/orders",                             ts_api_orders_create),
  SIGNED_IN      ("GET",    "/orders/{id}",                        ts_api_order_get),
  SIGNED_IN_BODY ("POST",   "/orders/{id}/refund",                 ts_api_order_refund),
  SIGNED_IN_BODY ("POST",   "/orders/{id}/patron",                 ts_api_order_patron),
  SIGNED_IN_BODY ("POST",   "/orders/{id}/exchange",               ts_api_order_exchange),
  SIGNED_IN_BODY ("POST",   "/orders/{id}/move",                   ts_api_order_move),
  /* Printed tickets (ts-api-tickets.c) */
  SIGNED_IN      ("GET",    "/orders/{id}/tickets",                ts_api_order_tickets),
  SIGNED_IN      ("GET",    "/orders/{id}/tickets.pdf",            ts_api_order_tickets_pdf),
  SIGNED_IN_BODY ("POST",   "/orders/{id}/reprint",                ts_api_order_reprint),
  /* Reports and accounts (ts-api-reports.c) */
  SIGNED_IN      ("GET",    "/accounts/balances",                  ts_api_accounts_balances),
  SIGNED_IN      ("GET",    "/accounts/settlement",                ts_api_accounts_settlement),
  SIGNED_IN_BODY ("POST",   "/accounts/settlements",               ts_api_accounts_settle),
  SIGNED_IN      ("GET",    "/accounts/till",                      ts_api_accounts_till),
  SIGNED_IN_BODY ("POST",   "/accounts/till/close",                ts_api_accounts_till_close),
  SIGNED_IN      ("GET",    "/reports/sales",                      ts_api_report_sales),
  SIGNED_IN      ("GET",    "/reports/sales-over-time",            ts_api_report_sales_over_time),
  SIGNED_IN      ("GET",    "/reports/zone-sales",                 ts_api_report_zone_sales),
  SIGNED_IN      ("GET",    "/reports/attendance",                 ts_api_report_attendance),
  SIGNED_IN      ("GET",    "/reports/donations",                  ts_api_report_donations),
  SIGNED_IN      ("GET",    "/reports/memberships",                ts_api_report_memberships),
  SIGNED_IN      ("GET",    "/reports/mailing-lists",              ts_api_report_mailing_lists),
  SIGNED_IN      ("GET",    "/reports/mailing-list",               ts_api_report_mailing_list),
  SIGNED_IN      ("GET",    "/reports/channels",                   ts_api_report_channels),
  SIGNED_IN      ("GET",    "/reports/end-of-day",                 ts_api_report_end_of_day),
  SIGNED_IN      ("GET",    "/patrons/{id}/vouchers",              ts_api_patron_vouchers),
  SIGNED_IN      ("GET",    "/patrons/{id}/orders",                ts_api_patron_orders),
  /* Scanning at the door (ts-api-scans.c) */
  SCANNER_BODY   ("POST",   "/scans",                              ts_api_scans_create),
  SCANNER_BODY   ("POST",   "/scans/batch",                        ts_api_scans_batch),
  SCANNER        ("GET",    "/scans/performances",                 ts_api_scans_performances),
  SCANNER        ("GET",    "/performances/{id}/door-list",        ts_api_performance_door_list),
  SCANNER        ("GET",    "/performances/{id}/attendance",       ts_api_performance_attendance),
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
