/* ts-shop-page-list.c — a storefront's home page: what it sells online now,
 * its own performances inside their internet window and other outlets' it
 * may sell (F3, E2, E3) */
#include <glib/gi18n-lib.h>

#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"

gboolean
ts_shop_page_list (TsShopRequest  *req,
                   PGconn         *conn,
                   GError        **error)
{
  g_autoptr(JsonNode) node = ts_pg_exec_json (conn, "SELECT ts_shop_performances ()", 0, NULL, error);
  JsonArray *list;
  TsHtml *h;
  guint i;

  if (node == NULL)
    return FALSE;
  list = json_node_get_array (node);
  h = ts_html_new ();
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Performances")));
  if (req->outlet.intro != NULL && *req->outlet.intro != '\0')
    ts_html_printf (h, "<p class=\"intro\">%s</p>\n", req->outlet.intro);
  if (json_array_get_length (list) == 0)
    ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("Nothing is on sale online at the moment.")));
  else
    ts_html_raw (h, "<ul class=\"performances\">\n");
  for (i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *perf = json_array_get_object_element (list, i);
      g_autofree char *path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT, json_object_get_int_member (perf, "id"));
      g_autofree char *link = ts_shop_url (req, path);
      g_autofree char *heading = g_strdup_printf ("perf-%" G_GINT64_FORMAT, json_object_get_int_member (perf, "id"));

      ts_html_printf (h, "<li class=\"performance\">\n<h2 id=\"%s\">%s</h2>\n<p class=\"when\">",
                      heading, json_object_get_string_member (perf, "event"));
      ts_shop_when (req, h, json_object_get_string_member (perf, "starts_at"));
      ts_html_printf (h, "</p>\n<p class=\"venue\">%s</p>\n", json_object_get_string_member (perf, "venue"));
      if (json_object_get_boolean_member (perf, "other_outlet"))
        ts_html_printf (h, "<p class=\"presenter\">%s %s</p>\n", ts_shop_tr (req, N_("Presented by")),
                        json_object_get_string_member (perf, "outlet"));
      if (!json_object_get_null_member (perf, "from_price_cents"))
        {
          g_autofree char *price = ts_shop_money_text (req, json_object_get_int_member (perf, "from_price_cents"));
          g_autofree char *from = ts_shop_tr_fill (req, N_("From %s"), price);

          ts_html_printf (h, "<p class=\"from-price\">%s</p>\n", from);
        }
      ts_html_printf (h, "<p><a class=\"button\" href=\"%s\" aria-describedby=\"%s\">%s</a></p>\n</li>\n", link, heading,
                      json_object_get_boolean_member (perf, "seated") ? ts_shop_tr (req, N_("Choose seats"))
                                                                      : ts_shop_tr (req, N_("Buy")));
    }
  if (json_array_get_length (list) > 0)
    ts_html_raw (h, "</ul>\n");
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}
