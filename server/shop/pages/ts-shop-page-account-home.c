/* ts-shop-page-account-home.c — My Account at one storefront: the patron's
 * orders from this outlet, his details (P1–P3), his partner preferences
 * for this outlet's partners (K2–K4) and his subscription vouchers (T3);
 * never another outlet's (F6, P4, P5).  Every page is signed in only. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-page-account-form.h"
#include "ts-shop-pages.h"

static JsonNode *
call_json (PGconn      *conn,
           const char  *sql,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = ts_pg_exec_json (conn, sql, 0, NULL, &local_error);

  if (node == NULL && local_error == NULL)
    g_set_error_literal (&local_error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return node;
}

static const char *
string_or_empty (JsonObject *o,
                 const char *member)
{
  const char *value = json_object_get_string_member_with_default (o, member, "");

  return value != NULL ? value : "";
}

/* Orders ------------------------------------------------------------------------------ */

static void
order_lines (TsShopRequest *req,
             TsHtml        *h,
             JsonObject    *order)
{
  JsonArray *lines = json_object_get_array_member (order, "lines");
  const char *seat = ts_shop_tr (req, N_("Seat"));
  const char *ticket = ts_shop_tr (req, N_("Ticket"));
  const char *number = ts_shop_tr (req, N_("Ticket number"));
  const char *price = ts_shop_tr (req, N_("Price"));

  /* table.lines: on a phone each line is a block whose cells say their
   * column (data-label, shop.css), never wider than the screen */
  ts_html_printf (h, "<table class=\"lines order-lines\">\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"money\">%s</th>"
                  "</tr></thead>\n<tbody>\n",
                  ts_shop_tr (req, N_("Performance")), seat, ticket, number, price);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gboolean refunded = g_strcmp0 (string_or_empty (line, "status"), "refunded") == 0;

      ts_html_printf (h, "<tr%s><th scope=\"row\">", refunded ? " class=\"refunded\"" : "");
      if (*string_or_empty (line, "starts_at") != '\0')
        {
          ts_html_printf (h, "%s<br>", string_or_empty (line, "event"));
          ts_shop_when (req, h, string_or_empty (line, "starts_at"));
        }
      {
        g_autofree char *place = ts_shop_place (req, line, "place");

        ts_html_printf (h, "</th><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s", seat, place, ticket,
                        string_or_empty (line, "ticket_type"));
      }
      if (refunded)
        ts_html_printf (h, " (%s)", ts_shop_tr (req, N_("refunded")));
      ts_html_printf (h, "</td><td data-label=\"%s\">", number);
      if (!json_object_get_null_member (line, "ticket_number"))
        ts_html_printf (h, "%" G_GINT64_FORMAT, json_object_get_int_member (line, "ticket_number"));
      ts_html_printf (h, "</td><td class=\"money\" data-label=\"%s\">", price);
      ts_shop_money (req, h, json_object_get_int_member (line, "price_cents"));
      ts_html_raw (h, "</td></tr>\n");
    }
  ts_html_printf (h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"4\">%s</th><td class=\"money\">",
                  ts_shop_tr (req, N_("Total")));
  ts_shop_money (req, h, json_object_get_int_member (order, "total_cents"));
  ts_html_raw (h, "</td></tr></tfoot>\n</table>\n");
}

gboolean
ts_shop_page_account (TsShopRequest  *req,
                      PGconn         *conn,
                      GError        **error)
{
  g_autoptr(JsonNode) answer = call_json (conn, "SELECT ts_shop_my_orders ()", error);
  JsonArray *orders;
  TsHtml *h;

  if (answer == NULL)
    return FALSE;
  orders = json_object_get_array_member (json_node_get_object (answer), "orders");
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("My account")));
  ts_shop_account_nav (req, h, "/account");
  if (ts_shop_query_get (req, "welcome") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your account is ready. You are signed in.")), FALSE);
  else if (ts_shop_query_get (req, "password") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your new password is saved. You are signed in.")), FALSE);
  ts_html_printf (h, "<h2>%s</h2>\n", ts_shop_tr (req, N_("My orders")));
  if (json_array_get_length (orders) == 0)
    ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("You have no orders at this box office yet.")));
  else
    ts_html_raw (h, "<ul class=\"orders\">\n");
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      gint64 id = json_object_get_int_member (order, "id");
      g_autofree char *path = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT, id);
      g_autofree char *href = ts_shop_url (req, path);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *title = ts_shop_tr_fill (req, N_("Order %s"), number);

      ts_html_printf (h, "<li class=\"order\"><h3><a href=\"%s\">%s</a></h3>\n<p>", href, title);
      ts_shop_when (req, h, string_or_empty (order, "created_at"));
      ts_html_raw (h, " — ");
      ts_shop_money (req, h, json_object_get_int_member (order, "total_cents"));
      ts_html_raw (h, "</p>\n");
      order_lines (req, h, order);
      ts_html_raw (h, "</li>\n");
    }
  if (json_array_get_length (orders) > 0)
    ts_html_raw (h, "</ul>\n");
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

/* S6, F6: the lines the patron may still cancel, as checkboxes. */
static void
cancel_form (TsShopRequest *req,
             TsHtml        *h,
             JsonObject    *order)
{
  JsonArray *lines = json_object_get_array_member (order, "lines");
  gint64 id = json_object_get_int_member (order, "id");
  g_autofree char *path = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT "/cancel", id);
  g_autofree char *action = ts_shop_url (req, path);
  g_autofree char *hours = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (json_object_get_boolean_member_with_default (json_array_get_object_element (lines, i), "cancellable", FALSE))
      n++;
  if (n == 0 || json_object_get_null_member (order, "cancel_hours"))
    return;
  hours = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "cancel_hours"));
  text = ts_shop_tr_fill (req, N_("You may cancel tickets here until %s hours before their performance; their "
                                  "price goes back to your card."), hours);
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form cancel\">\n", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<fieldset>\n<legend>%s</legend>\n<p>%s</p>\n", ts_shop_tr (req, N_("Cancel tickets")), text);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gint64 item = json_object_get_int_member (line, "item_id");

      if (!json_object_get_boolean_member_with_default (line, "cancellable", FALSE))
        continue;
      ts_html_printf (h, "<div class=\"check\"><input type=\"checkbox\" id=\"item-%" G_GINT64_FORMAT "\" name=\"item\""
                      " value=\"%" G_GINT64_FORMAT "\"> <label for=\"item-%" G_GINT64_FORMAT "\">%s, ",
                      item, item, item, string_or_empty (line, "event"));
      ts_shop_when (req, h, string_or_empty (line, "starts_at"));
      {
        g_autofree char *place = ts_shop_place (req, line, "place");

        ts_html_printf (h, ", %s — ", place);
      }
      ts_shop_money (req, h, json_object_get_int_member (line, "price_cents"));
      ts_html_raw (h, "</label></div>\n");
    }
  ts_html_printf (h, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n",
                  ts_shop_tr (req, N_("Cancel the chosen tickets")));
}

/* S6: each ticket the patron may cancel online may also be exchanged for
 * another performance of its event: one small form a line, the
 * performances to choose from as a list. */
static void
exchange_forms (TsShopRequest *req,
                TsHtml        *h,
                JsonObject    *order)
{
  JsonArray *lines = json_object_get_array_member (order, "lines");
  gint64 id = json_object_get_int_member (order, "id");
  g_autofree char *path = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT "/exchange", id);
  g_autofree char *action = ts_shop_url (req, path);
  gboolean any = FALSE;

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonArray *to = json_object_get_array_member (line, "exchange_to");
      gint64 item = json_object_get_int_member (line, "item_id");

      if (to == NULL || json_array_get_length (to) == 0)
        continue;
      if (!any)
        ts_html_printf (h, "<h2>%s</h2>\n<p>%s</p>\n", ts_shop_tr (req, N_("Exchange a ticket")),
                        ts_shop_tr (req, N_("Choose another performance of the same show: you get the best seat left "
                                            "at the same price level, with the same ticket type. A cheaper ticket's "
                                            "difference goes back to your card; for a dearer one, ask the box office.")));
      any = TRUE;
      ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form exchange\">\n", action);
      ts_shop_csrf_field (req, h);
      ts_html_printf (h, "<input type=\"hidden\" name=\"item\" value=\"%" G_GINT64_FORMAT "\">\n"
                      "<label for=\"exchange-%" G_GINT64_FORMAT "\">%s, ", item, item, string_or_empty (line, "event"));
      ts_shop_when (req, h, string_or_empty (line, "starts_at"));
      {
        g_autofree char *place = ts_shop_place (req, line, "place");

        ts_html_printf (h, ", %s — ", place);
      }
      ts_shop_money (req, h, json_object_get_int_member (line, "price_cents"));
      ts_html_printf (h, "</label>\n<select id=\"exchange-%" G_GINT64_FORMAT "\" name=\"performance_id\">\n", item);
      for (guint j = 0; j < json_array_get_length (to); j++)
        {
          JsonObject *perf = json_array_get_object_element (to, j);
          g_autofree char *when = ts_shop_when_text (req, string_or_empty (perf, "starts_at"));

          ts_html_printf (h, "<option value=\"%" G_GINT64_FORMAT "\">%s</option>\n",
                          json_object_get_int_member (perf, "performance_id"), when);
        }
      ts_html_printf (h, "</select>\n<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Exchange")));
    }
}

/* The order's page; a web order shows its tickets' QR codes (an exchanged
 * ticket's among them, S6). */
static gboolean
order_page (TsShopRequest  *req,
            PGconn         *conn,
            JsonObject     *order,
            const char     *notice,
            gboolean        is_error,
            GError        **error)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  g_autofree char *title = ts_shop_tr_fill (req, N_("Order %s"), number);
  TsHtml *h = ts_html_new ();

  ts_shop_page_begin (req, h, title);
  ts_shop_account_nav (req, h, NULL);
  if (notice != NULL)
    ts_shop_notice (req, h, notice, is_error);
  else if (ts_shop_query_get (req, "cancelled") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("The tickets are cancelled. Their price goes back to your card.")),
                    FALSE);
  else if (ts_shop_query_get (req, "exchanged") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your ticket is exchanged: here is your new ticket. Your old one is "
                                                "cancelled.")), FALSE);
  else if (ts_shop_query_get (req, "paid_back") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your ticket is exchanged: here is your new ticket. Your old one is "
                                                "cancelled, and the difference goes back to your card.")), FALSE);
  ts_html_raw (h, "<p>");
  ts_shop_when (req, h, string_or_empty (order, "created_at"));
  ts_html_raw (h, "</p>\n");
  order_lines (req, h, order);
  cancel_form (req, h, order);
  exchange_forms (req, h, order);
  if (g_strcmp0 (string_or_empty (order, "channel"), "internet") == 0
      && !ts_shop_ticket_list (req, conn, h, json_object_get_array_member (order, "lines"), error))
    {
      ts_html_free (h);
      return FALSE;
    }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

/* The order as its buyer sees it; another patron's order, another
 * outlet's, and an unknown id: the same 404 page (F7, P5). */
static JsonNode *
my_order (TsShopRequest  *req,
          PGconn         *conn,
          GError        **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, req->ids[0]);
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer = ts_pg_exec_json (conn, "SELECT ts_shop_my_order ($1::bigint)", 1,
                                      (const char *[]) { id }, &local_error);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (answer == NULL)
    g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
  return answer;
}

gboolean
ts_shop_page_account_order (TsShopRequest  *req,
                            PGconn         *conn,
                            GError        **error)
{
  g_autoptr(JsonNode) answer = my_order (req, conn, error);

  if (answer == NULL)
    return FALSE;
  return order_page (req, conn, json_node_get_object (answer), NULL, FALSE, error);
}

/* A form of the order's page refused (refusal, said as message): what it
 * did is rolled back (rollback: to its savepoint) and the page shown
 * again with the message, 409 for a conflict, else 422. */
static gboolean
refused (TsShopRequest  *req,
         PGconn         *conn,
         const char     *rollback_sql,
         const GError   *refusal,
         const char     *message,
         GError        **error)
{
  g_autoptr(JsonNode) order = NULL;
  g_autoptr(PGresult) rollback = ts_pg_exec (conn, rollback_sql, 0, NULL, error);

  if (rollback == NULL)
    return FALSE;
  order = my_order (req, conn, error);
  if (order == NULL)
    return FALSE;
  req->status = g_error_matches (refusal, TS_ERROR, TS_ERROR_CONFLICT) ? 409 : 422;
  return order_page (req, conn, json_node_get_object (order), message, TRUE, error);
}

/* Fields item (repeated): the tickets to cancel (S6, F6). */
gboolean
ts_shop_page_account_order_cancel (TsShopRequest  *req,
                                   PGconn         *conn,
                                   GError        **error)
{
  GPtrArray *items = ts_shop_form_get_all (req, "item");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(PGresult) savepoint = NULL;
  g_autofree char *back = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT, req->ids[0]);
  const char *message = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order_id");
  json_builder_add_int_value (b, req->ids[0]);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      const char *text = g_ptr_array_index (items, i);
      char *end = NULL;
      gint64 item = g_ascii_strtoll (text, &end, 10);

      if (end == text || *end != '\0' || item <= 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "item: not a ticket of this order");
          return FALSE;
        }
      json_builder_add_int_value (b, item);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  /* a refusal leaves the transaction usable for the order's page */
  savepoint = ts_pg_exec (conn, "SAVEPOINT cancel", 0, NULL, error);
  if (savepoint == NULL)
    return FALSE;
  done = ts_shop_account_call (conn, "SELECT ts_shop_my_cancel ($1::jsonb)", b, &local_error);
  if (g_error_matches (local_error, TS_ERROR, TS_ERROR_INVALID))
    message = ts_shop_tr (req, N_("Choose the tickets to cancel."));
  else if (g_error_matches (local_error, TS_ERROR, TS_ERROR_CONFLICT))
    message = ts_shop_tr (req, N_("These tickets can no longer be cancelled here: their performance is too near. "
                                  "Call the box office."));
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (message == NULL)
    {
      g_autofree char *target = g_strconcat (back, "?cancelled=1", NULL);

      ts_shop_redirect (req, target);
      return TRUE;
    }
  return refused (req, conn, "ROLLBACK TO SAVEPOINT cancel", local_error, message, error);
}

/* A whole number of a form field, or 0. */
static gint64
form_id (TsShopRequest *req,
         const char    *field)
{
  const char *text = ts_shop_form_get (req, field);
  char *end = NULL;
  gint64 value;

  if (text == NULL)
    return 0;
  value = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' && value > 0 ? value : 0;
}

/* Fields item and performance_id: one ticket exchanged for another
 * performance of its event (S6, F6); the new ticket's order is shown. */
gboolean
ts_shop_page_account_order_exchange (TsShopRequest  *req,
                                     PGconn         *conn,
                                     GError        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(PGresult) savepoint = NULL;
  gint64 item = form_id (req, "item");
  gint64 performance = form_id (req, "performance_id");
  const char *message = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order_id");
  json_builder_add_int_value (b, req->ids[0]);
  json_builder_set_member_name (b, "item");
  if (item > 0)
    json_builder_add_int_value (b, item);
  else
    json_builder_add_string_value (b, "");   /* refused, naming the field */
  json_builder_set_member_name (b, "performance_id");
  json_builder_add_int_value (b, performance);
  json_builder_end_object (b);

  /* a refusal leaves the transaction usable for the order's page */
  savepoint = ts_pg_exec (conn, "SAVEPOINT exchange", 0, NULL, error);
  if (savepoint == NULL)
    return FALSE;
  done = ts_shop_account_call (conn, "SELECT ts_shop_my_exchange ($1::jsonb)", b, &local_error);
  if (local_error != NULL && strstr (local_error->message, "no seat left") != NULL)
    message = ts_shop_tr (req, N_("No seat is left at your ticket's price level for that performance. Choose another."));
  else if (local_error != NULL && strstr (local_error->message, "cost more") != NULL)
    message = ts_shop_tr (req, N_("That performance costs more than your ticket: ask the box office to exchange it."));
  else if (g_error_matches (local_error, TS_ERROR, TS_ERROR_CONFLICT))
    message = ts_shop_tr (req, N_("This ticket can no longer be exchanged here (its performance is near, or it was "
                                  "exchanged or cancelled already). Call the box office."));
  else if (g_error_matches (local_error, TS_ERROR, TS_ERROR_INVALID) && g_str_has_prefix (local_error->message, "item"))
    message = ts_shop_tr (req, N_("Choose the ticket to exchange."));   /* a form not from this page */
  else if (g_error_matches (local_error, TS_ERROR, TS_ERROR_INVALID))
    message = ts_shop_tr (req, N_("Choose another performance of this show."));
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (message == NULL)
    {
      JsonObject *answer = json_node_get_object (done);
      g_autofree char *target = g_strdup_printf ("/account/orders/%" G_GINT64_FORMAT "?%s",
                                                 json_object_get_int_member (answer, "order_id"),
                                                 json_object_get_int_member (answer, "paid_back_cents") > 0
                                                 ? "paid_back=1" : "exchanged=1");

      ts_shop_redirect (req, target);
      return TRUE;
    }
  return refused (req, conn, "ROLLBACK TO SAVEPOINT exchange", local_error, message, error);
}

/* Details (P1, P2, P3) ---------------------------------------------------------------- */

static void
details_form (TsShopRequest *req,
              JsonObject    *details,
              const char    *field,
              const char    *message)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *action = ts_shop_url (req, "/account/details");
  JsonObject *address = NULL;
  static const struct { const char *id; const char *label; const char *autocomplete; } lines[] = {
    { "line1", N_("Address"), "address-line1" },
    { "line2", N_("Address (second line)"), "address-line2" },
    { "city", N_("City"), "address-level2" },
    { "region", N_("Province or state"), "address-level1" },
    { "postal_code", N_("Postal code"), "postal-code" },
    { "country", N_("Country"), "country-name" },
  };

  if (details != NULL && json_object_has_member (details, "address") && !json_object_get_null_member (details, "address"))
    address = json_object_get_object_member (details, "address");
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("My details")));
  ts_shop_account_nav (req, h, "/account/details");
  if (ts_shop_query_get (req, "saved") != NULL && message == NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your details are saved.")), FALSE);
  if (details != NULL)
    {
      g_autofree char *text = ts_shop_tr_fill (req, N_("You sign in with %s."),
                                               string_or_empty (details, "account_email"));

      ts_html_printf (h, "<p>%s</p>\n", text);
    }
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\" novalidate>\n", action);
  ts_shop_csrf_field (req, h);
#define VALUE(key) (details != NULL ? string_or_empty (details, key) : ts_shop_form_get (req, key))
  ts_shop_account_input (req, h, "first_name", ts_shop_tr (req, N_("First name")), "text", VALUE ("first_name"),
                         "given-name", TRUE, g_strcmp0 (field, "first_name") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "last_name", ts_shop_tr (req, N_("Last name")), "text", VALUE ("last_name"),
                         "family-name", TRUE, g_strcmp0 (field, "last_name") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "email", ts_shop_tr (req, N_("E-mail for this box office")), "email",
                         VALUE ("email"), "email", FALSE, g_strcmp0 (field, "email") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "phone", ts_shop_tr (req, N_("Phone")), "tel", VALUE ("phone"), "tel", FALSE,
                         g_strcmp0 (field, "phone") == 0 ? message : NULL);
#undef VALUE
  ts_html_printf (h, "<fieldset>\n<legend>%s</legend>\n", ts_shop_tr (req, N_("Postal address")));
  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *name = g_strconcat ("address.", lines[i].id, NULL);
      const char *value = details != NULL ? (address != NULL ? string_or_empty (address, lines[i].id) : "")
                                          : ts_shop_form_get (req, name);

      ts_shop_account_input (req, h, name, ts_shop_tr (req, lines[i].label), "text", value, lines[i].autocomplete,
                             FALSE, g_strcmp0 (field, name) == 0 ? message : NULL);
    }
  ts_html_raw (h, "</fieldset>\n");
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Save my details")));
  ts_shop_page_end (req, h);
  if (message != NULL)
    req->status = 422;
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_details (TsShopRequest  *req,
                              PGconn         *conn,
                              GError        **error)
{
  g_autoptr(JsonNode) answer = call_json (conn, "SELECT ts_shop_my_details ()", error);

  if (answer == NULL)
    return FALSE;
  details_form (req, json_node_get_object (answer), NULL, NULL);
  return TRUE;
}

/* The SQL function's refusal names its field ("phone: 7 to 20 digits"):
 * the form says it in the reader's words, next to that field. */
static const char *
details_refusal (TsShopRequest *req,
                 const char    *sql_message,
                 const char   **out_field)
{
  static const struct { const char *prefix; const char *field; const char *message; } known[] = {
    { "first_name:", "first_name", N_("Enter your first name (at most 80 characters).") },
    { "last_name:", "last_name", N_("Enter your last name (at most 80 characters).") },
    { "email:", "email", N_("Enter an e-mail address, such as name@example.org.") },
    { "phone:", "phone", N_("Enter a phone number of 7 to 20 digits.") },
    { "address.line1:", "address.line1", N_("Enter the first line of the address, or leave the whole address empty.") },
    { "address:", "address.line1", N_("A line of the address is too long.") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_prefix (sql_message, known[i].prefix))
      {
        *out_field = known[i].field;
        return ts_shop_tr (req, known[i].message);
      }
  *out_field = NULL;
  return NULL;
}

gboolean
ts_shop_page_account_details_post (TsShopRequest  *req,
                                   PGconn         *conn,
                                   GError        **error)
{
  static const char *const address_lines[] = { "line1", "line2", "city", "region", "postal_code", "country" };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(PGresult) savepoint = NULL;

  json_builder_begin_object (b);
  for (const char *const *key = (const char *const[]) { "first_name", "last_name", "email", "phone", NULL };
       *key != NULL; key++)
    {
      g_autofree char *value = ts_shop_account_field_value (req, *key);

      json_builder_set_member_name (b, *key);
      json_builder_add_string_value (b, value);
    }
  json_builder_set_member_name (b, "address");
  json_builder_begin_object (b);
  for (gsize i = 0; i < G_N_ELEMENTS (address_lines); i++)
    {
      g_autofree char *name = g_strconcat ("address.", address_lines[i], NULL);
      g_autofree char *value = ts_shop_account_field_value (req, name);

      json_builder_set_member_name (b, address_lines[i]);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  /* a refusal leaves the transaction usable for the form's page */
  savepoint = ts_pg_exec (conn, "SAVEPOINT details", 0, NULL, error);
  if (savepoint == NULL)
    return FALSE;
  answer = ts_shop_account_call (conn, "SELECT ts_shop_my_details_put ($1::jsonb)", b, &local_error);
  if (g_error_matches (local_error, TS_ERROR, TS_ERROR_INVALID))
    {
      const char *field = NULL;
      const char *message = details_refusal (req, local_error->message, &field);
      g_autoptr(PGresult) rollback = ts_pg_exec (conn, "ROLLBACK TO SAVEPOINT details", 0, NULL, error);

      if (rollback == NULL)
        return FALSE;
      if (message == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      details_form (req, NULL, field, message);
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ts_shop_redirect (req, "/account/details?saved=1");
  return TRUE;
}

/* Partner preferences (K2, K3, K4) ---------------------------------------------------------- */

gboolean
ts_shop_page_account_preferences (TsShopRequest  *req,
                                  PGconn         *conn,
                                  GError        **error)
{
  g_autoptr(JsonNode) answer = call_json (conn, "SELECT ts_shop_my_preferences ()", error);
  g_autofree char *action = ts_shop_url (req, "/account/preferences");
  JsonArray *preferences;
  TsHtml *h;

  if (answer == NULL)
    return FALSE;
  preferences = json_object_get_array_member (json_node_get_object (answer), "preferences");
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Partner preferences")));
  ts_shop_account_nav (req, h, "/account/preferences");
  if (ts_shop_query_get (req, "saved") != NULL)
    ts_shop_notice (req, h, ts_shop_tr (req, N_("Your preferences are saved.")), FALSE);
  if (json_array_get_length (preferences) == 0)
    {
      ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("This box office has no partners to ask you about.")));
      ts_shop_page_end (req, h);
      ts_shop_respond_html (req, h);
      return TRUE;
    }
  ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("May this box office share your name and contact "
                                                          "details with its partners?")));
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\">\n", action);
  ts_shop_csrf_field (req, h);
  for (guint i = 0; i < json_array_get_length (preferences); i++)
    {
      JsonObject *p = json_array_get_object_element (preferences, i);
      gint64 id = json_object_get_int_member (p, "partner_company_id");
      const char *answer_now = string_or_empty (p, "answer");
      const char *description = string_or_empty (p, "description");
      g_autofree char *name = g_strdup_printf ("partner.%" G_GINT64_FORMAT, id);

      ts_html_printf (h, "<fieldset class=\"preference\">\n<legend>%s</legend>\n", string_or_empty (p, "name"));
      if (*description != '\0')
        ts_html_printf (h, "<p class=\"description\">%s</p>\n", description);
      ts_html_printf (h, "<label><input type=\"radio\" name=\"%s\" value=\"yes\"%s> %s</label>\n", name,
                      g_str_equal (answer_now, "yes") ? " checked" : "", ts_shop_tr (req, N_("Yes")));
      ts_html_printf (h, "<label><input type=\"radio\" name=\"%s\" value=\"no\"%s> %s</label>\n", name,
                      g_str_equal (answer_now, "no") ? " checked" : "", ts_shop_tr (req, N_("No")));
      ts_html_raw (h, "</fieldset>\n");
    }
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Save my preferences")));
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

/* Fields partner.<id> = yes | no; a partner left unanswered stays as it is. */
gboolean
ts_shop_page_account_preferences_post (TsShopRequest  *req,
                                       PGconn         *conn,
                                       GError        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PGresult) result = NULL;
  GList *names = ts_shop_form_names (req);

  json_builder_begin_array (b);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gint64 id;
      char *end = NULL;

      if (!g_str_has_prefix (name, "partner."))
        continue;
      id = g_ascii_strtoll (name + 8, &end, 10);
      if (end == name + 8 || *end != '\0' || id <= 0 || id > G_MAXINT32)
        {
          g_list_free (names);
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: no such partner company", name);
          return FALSE;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "partner_company_id");
      json_builder_add_int_value (b, id);
      json_builder_set_member_name (b, "answer");
      json_builder_add_string_value (b, ts_shop_form_get (req, name));
      json_builder_end_object (b);
    }
  g_list_free (names);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  result = ts_pg_exec (conn, "SELECT ts_shop_my_preferences_put ($1::jsonb)", 1, (const char *[]) { text }, error);
  if (result == NULL)
    return FALSE;
  ts_shop_redirect (req, "/account/preferences?saved=1");
  return TRUE;
}

/* Vouchers (T3) ------------------------------------------------------------------------------ */

/* An open voucher: what it is good for, and "Reserve" for each performance
 * it may be used on online now (ts_shop_voucher_performances). */
static void
open_voucher (TsShopRequest *req,
              TsHtml        *h,
              JsonObject    *v)
{
  JsonArray *performances = json_object_get_array_member (v, "performances");
  gint64 id = json_object_get_int_member (v, "id");
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *title = ts_shop_tr_fill (req, N_("Voucher %s"), number);

  ts_html_printf (h, "<li class=\"voucher open\"><h2>%s</h2>\n<p>%s (%s). %s</p>\n", title,
                  string_or_empty (v, "ticket_type"), string_or_empty (v, "subscription"),
                  ts_shop_tr (req, N_("Open: good for one seat at one of these performances.")));
  if (performances == NULL || json_array_get_length (performances) == 0)
    {
      ts_html_printf (h, "<p>%s</p>\n</li>\n",
                      ts_shop_tr (req, N_("None of the performances it is good for is on sale online now. "
                                          "Call the box office to use it.")));
      return;
    }
  ts_html_raw (h, "<ul class=\"voucher-performances\">\n");
  for (guint i = 0; i < json_array_get_length (performances); i++)
    {
      JsonObject *p = json_array_get_object_element (performances, i);
      g_autofree char *path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "?voucher=%" G_GINT64_FORMAT,
                                               json_object_get_int_member (p, "id"), id);
      g_autofree char *href = ts_shop_url (req, path);

      ts_html_printf (h, "<li><span>%s, ", string_or_empty (p, "event"));
      ts_shop_when (req, h, string_or_empty (p, "starts_at"));
      /* each link says which performance to a screen reader too (2.4.4) */
      ts_html_printf (h, ", %s</span> <a class=\"button\" href=\"%s\">%s<span class=\"visually-hidden\">: %s, ",
                      string_or_empty (p, "venue"), href, ts_shop_tr (req, N_("Reserve")), string_or_empty (p, "event"));
      ts_shop_when (req, h, string_or_empty (p, "starts_at"));
      ts_html_raw (h, "</span></a></li>\n");
    }
  ts_html_raw (h, "</ul>\n</li>\n");
}

gboolean
ts_shop_page_account_vouchers (TsShopRequest  *req,
                               PGconn         *conn,
                               GError        **error)
{
  g_autoptr(JsonNode) answer = call_json (conn, "SELECT ts_shop_my_vouchers ()", error);
  JsonArray *vouchers;
  TsHtml *h;

  if (answer == NULL)
    return FALSE;
  vouchers = json_object_get_array_member (json_node_get_object (answer), "vouchers");
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Subscription vouchers")));
  ts_shop_account_nav (req, h, "/account/vouchers");
  if (json_array_get_length (vouchers) == 0)
    ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("You have no subscription vouchers at this box office.")));
  else
    ts_html_raw (h, "<ul class=\"vouchers\">\n");
  for (guint i = 0; i < json_array_get_length (vouchers); i++)
    {
      JsonObject *v = json_array_get_object_element (vouchers, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (v, "id"));
      g_autofree char *title = ts_shop_tr_fill (req, N_("Voucher %s"), number);

      if (g_str_equal (string_or_empty (v, "status"), "open"))
        {
          open_voucher (req, h, v);
          continue;
        }
      /* T3: used — for which performance */
      ts_html_printf (h, "<li class=\"voucher used\"><h2>%s</h2>\n<p>%s (%s). %s ", title,
                      string_or_empty (v, "ticket_type"), string_or_empty (v, "subscription"),
                      ts_shop_tr (req, N_("Used for")));
      ts_html_printf (h, "%s, ", string_or_empty (v, "event"));
      ts_shop_when (req, h, string_or_empty (v, "starts_at"));
      ts_html_raw (h, "</p>\n</li>\n");
    }
  if (json_array_get_length (vouchers) > 0)
    ts_html_raw (h, "</ul>\n");
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}
