/* ts-shop-page-cart.c — the visitor's cart: holding (seats picked, best
 * available, general admission, one place for a subscriber's voucher),
 * releasing, choosing ticket types, and the hold's countdown (S1, T2, T3,
 * T5) */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"
#include "ts-shop-session.h"

/* Runs sql ($1 = p as jsonb) inside a savepoint: a refusal of ours rolls
 * back only this call and is handed back in *refusal (the page says it in
 * the visitor's words); anything else is the request's error. */
static JsonNode *
call_guarded (PGconn      *conn,
              const char  *sql,
              JsonNode    *p,
              GError     **refusal,
              GError     **error)
{
  g_autofree char *text = json_to_string (p, FALSE);
  const char *params[] = { text };
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if (!ts_pg_exec_simple (conn, "SAVEPOINT shop_call", error))
    return NULL;
  node = ts_pg_exec_json (conn, sql, 1, params, &local_error);
  if (local_error == NULL)
    {
      if (!ts_pg_exec_simple (conn, "RELEASE SAVEPOINT shop_call", error))
        g_clear_pointer (&node, json_node_unref);
      return node;
    }
  if (local_error->domain == TS_ERROR
      && (local_error->code == TS_ERROR_INVALID || local_error->code == TS_ERROR_CONFLICT
          || local_error->code == TS_ERROR_NOT_FOUND || local_error->code == TS_ERROR_FORBIDDEN))
    {
      if (!ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT shop_call", error))
        return NULL;
      g_propagate_error (refusal, g_steal_pointer (&local_error));
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* A field that must be a positive id, else 0. */
static gint64
form_id (TsShopRequest *req,
         const char    *name)
{
  const char *text = ts_shop_form_get (req, name);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return 0;
  return (gint64) value;
}

/* Hold ------------------------------------------------------------------------ */

/* Where a refused hold sends the visitor back: the performance, with the
 * reason as a code its page says in the visitor's language. */
static const char *
hold_problem (const GError *refusal)
{
  /* T3: ts_shop_voucher_hold's own refusals */
  if (g_str_has_prefix (refusal->message, "voucher: one"))
    return "voucher-one";
  if (g_str_has_prefix (refusal->message, "voucher: already in"))
    return "voucher-in-cart";
  if (g_str_has_prefix (refusal->message, "voucher:"))
    return "voucher";   /* used, or not good for it: the page, with ?voucher=, says which */
  if (refusal->code == TS_ERROR_CONFLICT && strstr (refusal->message, "Taken meanwhile") != NULL)
    return "taken";
  if (refusal->code == TS_ERROR_CONFLICT)
    return "none-left";
  if (refusal->code == TS_ERROR_FORBIDDEN)
    return "not-online";
  return "choose";
}

gboolean
ts_shop_page_cart_hold (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  gint64 perf = form_id (req, "performance_id");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) p = NULL;
  g_autoptr(JsonNode) held = NULL;
  g_autoptr(GError) refusal = NULL;
  GPtrArray *seats = ts_shop_form_get_all (req, "seat");
  const char *best = ts_shop_form_get (req, "best");
  const char *area = ts_shop_form_get (req, "area");
  const char *voucher = ts_shop_form_get (req, "voucher");
  g_autofree char *voucher_query = NULL;

  if (perf == 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "performance_id: choose a performance");
      return FALSE;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "performance_id");
  json_builder_add_int_value (b, perf);
  if (voucher != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (voucher, NULL, FALSE);

      json_builder_set_member_name (b, "voucher_id");
      json_builder_add_string_value (b, voucher);
      voucher_query = g_strconcat ("voucher=", escaped, "&", NULL);
    }
  if (best != NULL)
    {
      json_builder_set_member_name (b, "best");
      json_builder_add_string_value (b, best);
      json_builder_set_member_name (b, "zone");
      json_builder_add_string_value (b, ts_shop_form_get (req, "zone") != NULL ? ts_shop_form_get (req, "zone") : "");
    }
  else if (area != NULL)
    {
      json_builder_set_member_name (b, "area");
      json_builder_add_string_value (b, area);
      json_builder_set_member_name (b, "quantity");
      json_builder_add_string_value (b, ts_shop_form_get (req, "quantity") != NULL ? ts_shop_form_get (req, "quantity") : "");
    }
  else
    {
      json_builder_set_member_name (b, "seats");
      json_builder_begin_array (b);
      for (guint i = 0; i < seats->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (seats, i));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  p = json_builder_get_root (b);

  /* the first hold makes the visit (and its cookie) */
  if (!ts_shop_session_ensure (req, conn, error))
    return FALSE;
  held = call_guarded (conn, voucher != NULL ? "SELECT ts_shop_voucher_hold ($1::jsonb)" : "SELECT ts_shop_cart_hold ($1::jsonb)",
                       p, &refusal, error);
  if (held == NULL && refusal == NULL)
    return FALSE;
  if (refusal != NULL)
    {
      /* a voucher used or no longer good for it: its page says which (T3) */
      g_autofree char *back = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "?%sproblem=%s", perf,
                                               voucher_query != NULL ? voucher_query : "", hold_problem (refusal));

      /* a performance no longer sold here is simply not found */
      if (refusal->code == TS_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
      ts_shop_redirect (req, back);
      return TRUE;
    }
  ts_shop_redirect (req, "/cart");
  return TRUE;
}

/* Release ---------------------------------------------------------------------- */

gboolean
ts_shop_page_cart_release (TsShopRequest  *req,
                           PGconn         *conn,
                           GError        **error)
{
  gint64 perf = form_id (req, "performance_id");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) p = NULL;
  g_autoptr(JsonNode) released = NULL;
  g_autoptr(GError) refusal = NULL;
  GPtrArray *seats = ts_shop_form_get_all (req, "seat");
  const char *area = ts_shop_form_get (req, "area");
  const char *voucher = ts_shop_form_get (req, "voucher");

  /* nothing held, nothing to release: no visit is made for it */
  if (req->session_id == NULL)
    {
      ts_shop_redirect (req, "/cart");
      return TRUE;
    }
  json_builder_begin_object (b);
  if (perf > 0)
    {
      json_builder_set_member_name (b, "performance_id");
      json_builder_add_int_value (b, perf);
      if (seats->len > 0)
        {
          json_builder_set_member_name (b, "seats");
          json_builder_begin_array (b);
          for (guint i = 0; i < seats->len; i++)
            json_builder_add_string_value (b, g_ptr_array_index (seats, i));
          json_builder_end_array (b);
        }
      if (area != NULL)
        {
          json_builder_set_member_name (b, "area");
          json_builder_add_string_value (b, area);
          json_builder_set_member_name (b, "quantity");
          json_builder_add_string_value (b, ts_shop_form_get (req, "quantity") != NULL ? ts_shop_form_get (req, "quantity") : "");
        }
      if (voucher != NULL)
        {
          json_builder_set_member_name (b, "voucher_id");   /* T3: this place's voucher goes */
          json_builder_add_string_value (b, voucher);
        }
    }
  json_builder_end_object (b);
  p = json_builder_get_root (b);
  released = call_guarded (conn, "SELECT ts_shop_cart_release ($1::jsonb)", p, &refusal, error);
  if (released == NULL && refusal == NULL)
    return FALSE;
  ts_shop_redirect (req, refusal != NULL ? "/cart?problem=expired" : "/cart");
  return TRUE;
}

/* Types ------------------------------------------------------------------------ */

gboolean
ts_shop_page_cart_types (TsShopRequest  *req,
                         PGconn         *conn,
                         GError        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) p = NULL;
  g_autoptr(JsonNode) cart = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GList) names = ts_shop_form_names (req);
  gboolean to_checkout = g_strcmp0 (ts_shop_form_get (req, "next"), "checkout") == 0;

  if (req->session_id == NULL)
    {
      ts_shop_redirect (req, "/cart?problem=expired");
      return TRUE;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  /* type.<performance_id>.<seat guid or area key> = ticket_type_id */
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *dot;
      g_autofree char *perf = NULL;

      if (!g_str_has_prefix (name, "type.") || (dot = strchr (name + 5, '.')) == NULL || dot[1] == '\0')
        continue;
      perf = g_strndup (name + 5, dot - (name + 5));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "performance_id");
      json_builder_add_string_value (b, perf);
      json_builder_set_member_name (b, "line");
      json_builder_add_string_value (b, dot + 1);
      json_builder_set_member_name (b, "ticket_type_id");
      json_builder_add_string_value (b, ts_shop_form_get (req, name));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  p = json_builder_get_root (b);
  cart = call_guarded (conn, "SELECT ts_shop_cart_types ($1::jsonb)", p, &refusal, error);
  if (cart == NULL && refusal == NULL)
    return FALSE;
  if (refusal != NULL)
    ts_shop_redirect (req, refusal->code == TS_ERROR_CONFLICT ? "/cart?problem=expired" : "/cart?problem=type");
  else
    ts_shop_redirect (req, to_checkout ? "/checkout" : "/cart");
  return TRUE;
}

/* The cart page ------------------------------------------------------------------ */

static const char *
cart_problem (TsShopRequest *req)
{
  const char *problem = ts_shop_query_get (req, "problem");

  if (g_strcmp0 (problem, "expired") == 0)
    return ts_shop_tr (req, N_("Your hold has expired and its seats were released."));
  if (g_strcmp0 (problem, "type") == 0)
    return ts_shop_tr (req, N_("That ticket type cannot be bought for that seat. Choose another."));
  return NULL;
}

/* The remove button of one line: a form of its own. */
static void
remove_form (TsShopRequest *req,
             TsHtml        *h,
             JsonObject    *line,
             const char    *label)
{
  g_autofree char *action = ts_shop_url (req, "/cart/release");

  ts_html_printf (h, "<form class=\"remove\" method=\"post\" action=\"%s\">", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<input type=\"hidden\" name=\"performance_id\" value=\"%" G_GINT64_FORMAT "\">",
                  json_object_get_int_member (line, "performance_id"));
  if (json_object_has_member (line, "seat"))
    ts_html_printf (h, "<input type=\"hidden\" name=\"seat\" value=\"%s\">", json_object_get_string_member (line, "seat"));
  else
    ts_html_printf (h, "<input type=\"hidden\" name=\"area\" value=\"%s\"><input type=\"hidden\" name=\"quantity\" "
                    "value=\"%" G_GINT64_FORMAT "\">", json_object_get_string_member (line, "area"),
                    json_object_get_int_member (line, "quantity"));
  if (json_object_has_member (line, "voucher_id"))
    ts_html_printf (h, "<input type=\"hidden\" name=\"voucher\" value=\"%" G_GINT64_FORMAT "\">",
                    json_object_get_int_member (line, "voucher_id"));
  ts_html_printf (h, "<button type=\"submit\" aria-label=\"%s %s\">%s</button></form>",
                  ts_shop_tr (req, N_("Remove")), label, ts_shop_tr (req, N_("Remove")));
}

/* T3: a place taken with a voucher has the voucher's type, nothing to
 * choose; a voucher used meanwhile (or the visitor signed out) says so. */
static void
voucher_cell (TsShopRequest *req,
              TsHtml        *h,
              JsonObject    *line)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (line, "voucher_id"));
  g_autofree char *with = ts_shop_tr_fill (req, N_("with voucher %s"), number);
  JsonArray *types = json_object_get_array_member (line, "types");

  if (json_object_get_boolean_member_with_default (line, "voucher_ok", FALSE) && json_array_get_length (types) > 0)
    ts_html_printf (h, "%s <span class=\"voucher\">(%s)</span>",
                    json_object_get_string_member (json_array_get_object_element (types, 0), "name"), with);
  else
    ts_html_printf (h, "<span class=\"voucher-problem\" role=\"alert\">%s</span>",
                    ts_shop_tr (req, N_("This voucher can no longer be used here (used meanwhile, or you signed out). "
                                        "Remove this place.")));
}

static void
line_row (TsShopRequest *req,
          TsHtml        *h,
          JsonObject    *line,
          guint          n)
{
  JsonArray *types = json_object_get_array_member (line, "types");
  gint64 chosen = json_object_get_null_member (line, "ticket_type_id") ? 0 : json_object_get_int_member (line, "ticket_type_id");
  gint64 quantity = json_object_get_int_member (line, "quantity");
  const char *key = json_object_has_member (line, "seat") ? json_object_get_string_member (line, "seat")
                                                          : json_object_get_string_member (line, "area");
  g_autofree char *field = g_strdup_printf ("type.%" G_GINT64_FORMAT ".%s", json_object_get_int_member (line, "performance_id"), key);
  g_autofree char *label = NULL;
  guint i;

  if (json_object_has_member (line, "seat"))
    label = ts_shop_place (req, line, "name");
  else
    label = g_strdup_printf ("%s × %" G_GINT64_FORMAT, json_object_get_string_member (line, "name"), quantity);
  /* data-label: the column's name, for a phone's stacked rows (shop.css) */
  ts_html_printf (h, "<tr><th scope=\"row\">%s</th><td data-label=\"%s\">%s</td><td data-label=\"%s\">", label,
                  ts_shop_tr (req, N_("Zone")), json_object_get_string_member_with_default (line, "zone", ""),
                  ts_shop_tr (req, N_("Ticket type")));
  if (json_object_has_member (line, "voucher_id"))
    voucher_cell (req, h, line);
  else if (json_array_get_length (types) == 0)
    ts_html_printf (h, "%s", ts_shop_tr (req, N_("Not sold online")));
  else
    {
      ts_html_printf (h, "<label class=\"visually-hidden\" for=\"type-%u\">%s %s</label>"
                      "<select id=\"type-%u\" name=\"%s\" form=\"cart-types\">", n, ts_shop_tr (req, N_("Ticket type for")),
                      label, n, field);
      for (i = 0; i < json_array_get_length (types); i++)
        {
          JsonObject *type = json_array_get_object_element (types, i);
          gint64 id = json_object_get_int_member (type, "ticket_type_id");
          g_autofree char *price = ts_shop_money_text (req, json_object_get_int_member (type, "price_cents"));

          ts_html_printf (h, "<option value=\"%" G_GINT64_FORMAT "\"%s>%s (%s)</option>", id, id == chosen ? " selected" : "",
                          json_object_get_string_member (type, "name"), price);
        }
      ts_html_raw (h, "</select>");
    }
  ts_html_printf (h, "</td><td class=\"money\" data-label=\"%s\">", ts_shop_tr (req, N_("Price")));
  if (!json_object_get_null_member (line, "amount_cents"))
    ts_shop_money (req, h, json_object_get_int_member (line, "amount_cents"));
  ts_html_raw (h, "</td><td class=\"line-remove\">");
  remove_form (req, h, line, label);
  ts_html_raw (h, "</td></tr>\n");
}

gboolean
ts_shop_page_cart (TsShopRequest  *req,
                   PGconn         *conn,
                   GError        **error)
{
  g_autoptr(JsonNode) node = ts_pg_exec_json (conn, "SELECT ts_shop_cart ()", 0, NULL, error);
  JsonObject *cart;
  JsonArray *lines;
  const char *problem = cart_problem (req);
  gint64 current = 0;
  guint i;
  TsHtml *h;

  if (node == NULL)
    return FALSE;
  cart = json_node_get_object (node);
  lines = json_object_get_array_member (cart, "lines");
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Your cart")));
  if (problem != NULL)
    ts_shop_notice (req, h, problem, TRUE);
  if (json_array_get_length (lines) == 0)
    {
      g_autofree char *home = ts_shop_url (req, "/");

      ts_html_printf (h, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", ts_shop_tr (req, N_("Your cart is empty.")), home,
                      ts_shop_tr (req, N_("See the performances")));
      ts_shop_page_end (req, h);
      ts_shop_respond_html (req, h);
      return TRUE;
    }
  {
    const char *expires = json_object_get_string_member (cart, "expires_at");
    g_autofree char *clock = ts_shop_clock_text (req, expires);
    g_autofree char *sentence = ts_shop_tr_fill (req, N_("Your seats are held until %s."), clock);

    /* shop.js counts down; the sentence is the answer without it */
    ts_shop_countdown_open (req, h, expires);
    ts_html_printf (h, "%s</p>\n", sentence);
  }
  for (i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gint64 perf = json_object_get_int_member (line, "performance_id");

      if (perf != current)
        {
          if (current != 0)
            ts_html_raw (h, "</tbody></table>\n</section>\n");
          current = perf;
          ts_html_printf (h, "<section class=\"cart-performance\">\n<h2>%s</h2>\n<p class=\"when\">",
                          json_object_get_string_member (line, "event"));
          ts_shop_when (req, h, json_object_get_string_member (line, "starts_at"));
          ts_html_printf (h, " — %s</p>\n<table class=\"cart-lines\">\n<thead><tr><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead>\n<tbody>\n",
                          json_object_get_string_member (line, "venue"), ts_shop_tr (req, N_("Seat")),
                          ts_shop_tr (req, N_("Zone")), ts_shop_tr (req, N_("Ticket type")), ts_shop_tr (req, N_("Price")),
                          ts_shop_tr (req, N_("Remove")));
        }
      line_row (req, h, line, i);
    }
  ts_html_raw (h, "</tbody></table>\n</section>\n");
  ts_html_printf (h, "<p class=\"total\">%s <strong>", ts_shop_tr (req, N_("Total:")));
  ts_shop_money (req, h, json_object_get_int_member (cart, "total_cents"));
  ts_html_raw (h, "</strong></p>\n");
  {
    g_autofree char *types = ts_shop_url (req, "/cart/types");
    g_autofree char *release = ts_shop_url (req, "/cart/release");

    ts_html_printf (h, "<form id=\"cart-types\" class=\"cart-actions\" method=\"post\" action=\"%s\">", types);
    ts_shop_csrf_field (req, h);
    ts_html_printf (h, "<button type=\"submit\">%s</button> <button type=\"submit\" name=\"next\" value=\"checkout\" "
                    "class=\"primary\">%s</button></form>\n", ts_shop_tr (req, N_("Update ticket types")),
                    ts_shop_tr (req, N_("Check out")));
    ts_html_printf (h, "<form class=\"empty-cart\" method=\"post\" action=\"%s\">", release);
    ts_shop_csrf_field (req, h);
    ts_html_printf (h, "<button type=\"submit\">%s</button></form>\n", ts_shop_tr (req, N_("Empty the cart")));
  }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}
