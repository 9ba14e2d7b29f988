/* ts-shop-page-performance.c — one performance: its seat map (filled by
 * seatmap.js), its prices, and the forms that work without JavaScript: best
 * available and general admission (F3, E2, E3, S1, T4); with ?voucher=N,
 * the same forms hold one place for a subscriber's voucher (T3) */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"
#include "ts-shop-plan-cache.h"

#define MAX_AT_ONCE 10

/* The performance of the path if this storefront sells it now; else the
 * same 404 as a page that does not exist (E3, P4). */
static JsonNode *
lookup (TsShopRequest  *req,
        PGconn         *conn,
        const char     *sql,
        GError        **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->ids[0]);
  const char *params[] = { id };
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = ts_pg_exec_json (conn, sql, 1, params, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (&node, json_node_unref);
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return NULL;
    }
  return node;
}

/* What went wrong with the last hold, said in the visitor's language (the
 * cart page sends the visitor back with ?problem=…). */
static const char *
problem_message (TsShopRequest *req)
{
  const char *problem = ts_shop_query_get (req, "problem");

  if (problem == NULL)
    return NULL;
  if (g_str_equal (problem, "taken"))
    return ts_shop_tr (req, N_("Someone else took some of those seats meanwhile. Choose others."));
  if (g_str_equal (problem, "none-left"))
    return ts_shop_tr (req, N_("Not that many seats or places are left. Ask for fewer."));
  if (g_str_equal (problem, "not-online"))
    return ts_shop_tr (req, N_("Those seats are not sold online. Choose others."));
  if (g_str_equal (problem, "choose"))
    return ts_shop_tr (req, N_("Choose from 1 to 10 seats or places."));
  if (g_str_equal (problem, "voucher-one"))
    return ts_shop_tr (req, N_("A voucher is good for one seat or place. Choose just one."));
  if (g_str_equal (problem, "voucher-in-cart"))
    return ts_shop_tr (req, N_("This voucher is already in your cart."));
  return NULL;
}

/* T3: the voucher of ?voucher=N, when the signed-in patron may use it for
 * this performance ({id, ticket_type, subscription}); NULL with *notice
 * set when it is used or not good for it.  Another patron's or another
 * outlet's voucher is the same 404 as an unknown page (P4, F7). */
static JsonNode *
voucher_lookup (TsShopRequest  *req,
                PGconn         *conn,
                const char    **notice,
                GError        **error)
{
  const char *voucher = ts_shop_query_get (req, "voucher");
  g_autofree char *perf = g_strdup_printf ("%" G_GINT64_FORMAT, req->ids[0]);
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  *notice = NULL;
  if (voucher == NULL)
    return NULL;
  if (!ts_pg_exec_simple (conn, "SAVEPOINT voucher", error))
    return NULL;
  node = ts_pg_exec_json (conn, "SELECT ts_shop_voucher_for ($1, $2::integer)", 2,
                          (const char *[]) { voucher, perf }, &local_error);
  if (node != NULL)
    return node;
  if (!ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT voucher", error))
    return NULL;
  if (g_error_matches (local_error, TS_ERROR, TS_ERROR_CONFLICT))
    *notice = strstr (local_error->message, "already used") != NULL
                ? ts_shop_tr (req, N_("This voucher has already been used."))
                : ts_shop_tr (req, N_("This voucher is not good for this performance."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* The voucher's hidden field in each hold form (T3). */
static void
voucher_field (TsHtml     *h,
               JsonObject *voucher)
{
  if (voucher != NULL)
    ts_html_printf (h, "<input type=\"hidden\" name=\"voucher\" value=\"%" G_GINT64_FORMAT "\">\n",
                    json_object_get_int_member (voucher, "id"));
}

static void
price_table (TsShopRequest *req,
             TsHtml        *h,
             JsonArray     *zones,
             JsonArray     *areas)
{
  guint i, j;

  ts_html_printf (h, "<table class=\"prices\">\n<caption>%s</caption>\n", ts_shop_tr (req, N_("Prices")));
  ts_html_printf (h, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                  ts_shop_tr (req, N_("Zone")), ts_shop_tr (req, N_("Ticket")), ts_shop_tr (req, N_("Price")));
  for (i = 0; i < json_array_get_length (zones) + json_array_get_length (areas); i++)
    {
      gboolean is_area = i >= json_array_get_length (zones);
      JsonObject *zone = json_array_get_object_element (is_area ? areas : zones,
                                                        is_area ? i - json_array_get_length (zones) : i);
      JsonArray *prices = json_object_get_array_member (zone, "prices");

      for (j = 0; j < json_array_get_length (prices); j++)
        {
          JsonObject *price = json_array_get_object_element (prices, j);

          ts_html_raw (h, "<tr>");
          if (j == 0)
            ts_html_printf (h, "<th scope=\"row\" rowspan=\"%u\">%s</th>", json_array_get_length (prices),
                            json_object_get_string_member_with_default (zone, "name", ""));
          ts_html_printf (h, "<td>%s</td><td class=\"money\">", json_object_get_string_member (price, "name"));
          ts_shop_money (req, h, json_object_get_int_member (price, "price_cents"));
          ts_html_raw (h, "</td></tr>\n");
        }
    }
  ts_html_raw (h, "</tbody>\n</table>\n");
}

static void
quantity_select (TsShopRequest *req,
                 TsHtml        *h,
                 const char    *id,
                 const char    *name,
                 gint64         most)
{
  gint64 n;

  ts_html_printf (h, "<select id=\"%s\" name=\"%s\">", id, name);
  for (n = 1; n <= MIN (most, MAX_AT_ONCE); n++)
    ts_html_printf (h, "<option value=\"%" G_GINT64_FORMAT "\">%" G_GINT64_FORMAT "</option>", n, n);
  ts_html_raw (h, "</select>");
}

/* Best available: a quantity and a zone (or any), POST /cart/hold. */
static void
best_form (TsShopRequest *req,
           TsHtml        *h,
           JsonArray     *zones,
           JsonObject    *voucher)
{
  g_autofree char *action = ts_shop_url (req, "/cart/hold");
  guint i;

  ts_html_printf (h, "<form class=\"best-available\" method=\"post\" action=\"%s\">\n", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<input type=\"hidden\" name=\"performance_id\" value=\"%" G_GINT64_FORMAT "\">\n", req->ids[0]);
  voucher_field (h, voucher);
  ts_html_printf (h, "<fieldset><legend>%s</legend>\n", ts_shop_tr (req, N_("Best available seats")));
  if (voucher != NULL)
    ts_html_raw (h, "<input type=\"hidden\" name=\"best\" value=\"1\">");   /* T3: one seat a voucher */
  else
    {
      ts_html_printf (h, "<p><label for=\"best\">%s</label> ", ts_shop_tr (req, N_("Number of seats")));
      quantity_select (req, h, "best", "best", MAX_AT_ONCE);
      ts_html_raw (h, "</p>\n");
    }
  ts_html_printf (h, "<p><label for=\"zone\">%s</label> <select id=\"zone\" name=\"zone\">"
                  "<option value=\"\">%s</option>", ts_shop_tr (req, N_("Zone")), ts_shop_tr (req, N_("Any zone")));
  for (i = 0; i < json_array_get_length (zones); i++)
    {
      const char *name = json_object_get_string_member_with_default (json_array_get_object_element (zones, i), "name", "");

      ts_html_printf (h, "<option value=\"%s\">%s</option>", name, name);
    }
  ts_html_printf (h, "</select></p>\n<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n",
                  ts_shop_tr (req, N_("Find seats")));
}

/* General admission: one form per area with places left. */
static void
ga_forms (TsShopRequest *req,
          TsHtml        *h,
          JsonArray     *areas,
          JsonObject    *voucher)
{
  g_autofree char *action = ts_shop_url (req, "/cart/hold");
  guint i;

  for (i = 0; i < json_array_get_length (areas); i++)
    {
      JsonObject *area = json_array_get_object_element (areas, i);
      gint64 left = json_object_get_int_member (area, "left");
      g_autofree char *id = g_strdup_printf ("quantity-%u", i);

      ts_html_printf (h, "<form class=\"general-admission\" method=\"post\" action=\"%s\">\n", action);
      ts_shop_csrf_field (req, h);
      ts_html_printf (h, "<input type=\"hidden\" name=\"performance_id\" value=\"%" G_GINT64_FORMAT "\">"
                      "<input type=\"hidden\" name=\"area\" value=\"%s\">\n", req->ids[0],
                      json_object_get_string_member (area, "area"));
      voucher_field (h, voucher);
      ts_html_printf (h, "<fieldset><legend>%s</legend>\n", json_object_get_string_member (area, "name"));
      if (left <= 0 || json_array_get_length (json_object_get_array_member (area, "prices")) == 0)
        ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("Sold out")));
      else if (voucher != NULL)
        ts_html_printf (h, "<input type=\"hidden\" name=\"quantity\" value=\"1\">"
                        "<p><button type=\"submit\">%s</button></p>\n", ts_shop_tr (req, N_("Add one place to cart")));
      else
        {
          ts_html_printf (h, "<p><label for=\"%s\">%s</label> ", id, ts_shop_tr (req, N_("Number of places")));
          quantity_select (req, h, id, "quantity", left);
          ts_html_printf (h, "</p>\n<p><button type=\"submit\">%s</button></p>\n", ts_shop_tr (req, N_("Add to cart")));
        }
      ts_html_raw (h, "</fieldset>\n</form>\n");
    }
}

gboolean
ts_shop_page_performance (TsShopRequest  *req,
                          PGconn         *conn,
                          GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) voucher_node = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *perf, *voucher = NULL;
  JsonArray *zones, *areas;
  const char *problem;
  const char *voucher_notice = NULL;
  TsHtml *h;

  /* T3: a voucher is its signed-in subscriber's (an old link after the
   * session ended: sign in, then back here) */
  if (ts_shop_query_get (req, "voucher") != NULL && req->account_id == 0)
    {
      g_autofree char *here = g_strdup_printf ("%s?voucher=%s", req->path, ts_shop_query_get (req, "voucher"));
      g_autofree char *escaped = g_uri_escape_string (here, NULL, FALSE);
      g_autofree char *target = g_strconcat ("/account/sign-in?next=", escaped, NULL);

      ts_shop_redirect (req, target);
      return TRUE;
    }
  node = lookup (req, conn, "SELECT ts_shop_performance ($1::integer)", error);
  if (node == NULL)
    return FALSE;
  voucher_node = voucher_lookup (req, conn, &voucher_notice, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (voucher_node != NULL)
    voucher = json_node_get_object (voucher_node);
  perf = json_node_get_object (node);
  zones = json_object_get_array_member (perf, "zones");
  areas = json_object_get_array_member (perf, "ga");
  problem = problem_message (req);

  h = ts_html_new ();
  ts_shop_page_begin (req, h, json_object_get_string_member (perf, "event"));
  ts_html_raw (h, "<p class=\"when\">");
  ts_shop_when (req, h, json_object_get_string_member (perf, "starts_at"));
  ts_html_printf (h, "</p>\n<p class=\"venue\">%s</p>\n", json_object_get_string_member (perf, "venue"));
  if (json_object_get_boolean_member (perf, "other_outlet"))
    ts_html_printf (h, "<p class=\"presenter\">%s %s</p>\n", ts_shop_tr (req, N_("Presented by")),
                    json_object_get_string_member (perf, "outlet"));
  if (problem != NULL)
    ts_shop_notice (req, h, problem, TRUE);
  if (voucher_notice != NULL)
    ts_shop_notice (req, h, voucher_notice, TRUE);
  if (voucher != NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (voucher, "id"));
      g_autofree char *what = ts_shop_tr_fill (req, N_("Voucher %s"), number);

      ts_html_printf (h, "<p class=\"notice voucher-use\"><strong>%s</strong> — %s (%s). %s</p>\n", what,
                      json_object_get_string_member (voucher, "ticket_type"),
                      json_object_get_string_member (voucher, "subscription"),
                      ts_shop_tr (req, N_("Choose one seat or place: the voucher pays for it.")));
    }
  if (json_object_get_boolean_member (perf, "seated"))
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->ids[0]);
      g_autofree char *plan_path = g_strdup_printf ("/performances/%s/plan.json", id);
      g_autofree char *seats_path = g_strdup_printf ("/performances/%s/seats.json", id);
      g_autofree char *plan_url = ts_shop_url (req, plan_path);
      g_autofree char *seats_url = ts_shop_url (req, seats_path);
      g_autofree char *hold_url = ts_shop_url (req, "/cart/hold");
      g_autofree char *cart_url = ts_shop_url (req, "/cart");
      g_autofree char *voucher_number = voucher != NULL ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                           json_object_get_int_member (voucher, "id"))
                                                        : NULL;

      /* seatmap.js draws the map here and posts the seats picked to
       * /cart/hold; without it, the best-available form does the job: the
       * fallback says so (the script hides it, and shows it again when the
       * map cannot load) */
      ts_html_printf (h, "<section class=\"seat-map-section\" aria-labelledby=\"seat-map-title\">\n"
                      "<h2 id=\"seat-map-title\">%s</h2>\n"
                      "<div id=\"seat-map\" data-performance=\"%s\" data-plan=\"%s\" data-seats=\"%s\" data-hold=\"%s\" "
                      "data-cart=\"%s\" data-max=\"%d\"",
                      ts_shop_tr (req, N_("Choose your seats")), id, plan_url, seats_url, hold_url, cart_url,
                      voucher != NULL ? 1 : MAX_AT_ONCE);
      if (voucher_number != NULL)
        ts_html_printf (h, " data-voucher=\"%s\"", voucher_number);   /* T3: seatmap.js holds with it */
      ts_html_printf (h, ">\n<p class=\"seat-map-fallback notice\">%s <a href=\"#best\">%s</a></p>\n</div>\n",
                      ts_shop_tr (req, N_("The seat map needs JavaScript, which is off or blocked in this browser.")),
                      json_array_get_length (areas) > 0
                      ? ts_shop_tr (req, N_("Choose best available seats below, or a general admission area further down."))
                      : ts_shop_tr (req, N_("Choose best available seats below.")));
      best_form (req, h, zones, voucher);
      ts_html_raw (h, "</section>\n");
    }
  if (json_array_get_length (areas) > 0)
    {
      ts_html_printf (h, "<section class=\"ga-section\">\n<h2>%s</h2>\n", ts_shop_tr (req, N_("General admission")));
      ga_forms (req, h, areas, voucher);
      ts_html_raw (h, "</section>\n");
    }
  if (voucher == NULL)      /* T3: the voucher pays; no price is due */
    price_table (req, h, zones, areas);
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

gboolean
ts_shop_page_plan_json (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  g_autoptr(JsonNode) stamp = lookup (req, conn, "SELECT to_jsonb (ts_shop_plan_stamp ($1::integer))", error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;

  if (stamp == NULL)
    return FALSE;
  /* a rush's buyers all ask for the same few maps: the database makes each
   * once (a stadium's plan is 2 MB), and it goes out as the database wrote
   * it, never parsed here */
  bytes = ts_shop_plan_cache_lookup (json_node_get_string (stamp), &etag);
  if (bytes == NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->ids[0]);
      const char *params[] = { id };
      g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT ts_shop_plan ($1::integer)::text", 1, params, error);
      const char *text;
      g_autofree char *hash = NULL;

      if (result == NULL)
        return FALSE;
      text = ts_pg_value (result, 0, 0);
      if (text == NULL)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
          return FALSE;
        }
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
      etag = g_strdup_printf ("\"%.24s\"", hash);
      bytes = g_bytes_new (text, strlen (text));
      ts_shop_plan_cache_store (json_node_get_string (stamp), bytes, etag);
    }
  ts_shop_respond_bytes (req, "application/json; charset=utf-8", bytes, NULL);
  /* the map changes rarely; a revalidation costs a 304 */
  ts_shop_set_cache (req, 300);
  g_free (req->etag);
  req->etag = g_steal_pointer (&etag);
  return TRUE;
}

gboolean
ts_shop_page_seats_json (TsShopRequest  *req,
                         PGconn         *conn,
                         GError        **error)
{
  g_autoptr(JsonNode) node = lookup (req, conn, "SELECT ts_shop_seats ($1::integer)", error);

  if (node == NULL)
    return FALSE;
  ts_shop_respond_json (req, node);
  return TRUE;
}
