/* ts-shop-waiting-room.c — the storefront's waiting room for on-sale rushes
 * (docs/architecture.md, "The on-sale rush"): over a storefront's limit of
 * active shoppers (config shop-active-limit), choosing seats, holding and
 * checking out wait in line, first come, first served; the line is the
 * database's waiting_room table (server/functions/shop-waiting-room.sql), so
 * that several servers share one line. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-session.h"
#include "ts-shop-waiting-room.h"

gboolean
ts_shop_waiting_room_guards (const char *method,
                             const char *path)
{
  if (g_str_has_prefix (path, "/performances/"))
    {
      const char *rest = path + strlen ("/performances/");

      /* the page itself, not its plan.json or seats.json */
      return strchr (rest, '/') == NULL;
    }
  (void) method;
  return g_str_equal (path, "/cart") || g_str_has_prefix (path, "/cart/") || g_str_equal (path, "/checkout");
}

/* Where the queue page reloads to: the page asked for, or for a form (whose
 * fields a reload would not send again) the performance it was about. */
static char *
come_back_to (TsShopRequest *req)
{
  const char *perf;

  if (g_str_equal (req->method, "GET") || g_str_equal (req->method, "HEAD"))
    return ts_shop_url (req, req->path);
  perf = ts_shop_form_get (req, "performance_id");
  if (perf != NULL && strlen (perf) <= 10 && strspn (perf, "0123456789") == strlen (perf) && *perf != '\0')
    {
      g_autofree char *path = g_strconcat ("/performances/", perf, NULL);

      return ts_shop_url (req, path);
    }
  return ts_shop_url (req, g_str_equal (req->path, "/checkout") ? "/checkout" : "/cart");
}

static void
queue_page (TsShopRequest *req,
            gint64         place)
{
  g_autofree char *target = come_back_to (req);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, place);
  g_autofree char *line = ts_shop_tr_fill (req, N_("You are number %s in line."), number);
  g_autofree char *refresh = g_strdup_printf ("%d; url=%s", TS_SHOP_WAITING_ROOM_REFRESH_S, target);
  TsHtml *h = ts_html_new ();

  /* the browser reloads by itself (no script: the CSP forbids inline ones);
   * the header says it before the page, the meta for whatever drops headers */
  ts_shop_set_header (req, "Refresh", refresh);
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Waiting room")));
  ts_html_printf (h, "<meta http-equiv=\"refresh\" content=\"%s\">\n", refresh);
  /* ts_shop_page_begin wrote the title as the page's <h1> */
  ts_html_printf (h, "<p class=\"queue-place\" role=\"status\">%s</p>\n", line);
  ts_html_printf (h, "<p>%s</p>\n",
                  ts_shop_tr (req, N_("Many people are buying tickets right now. You will be let in as soon as a place frees up, "
                                      "in the order you arrived. This page refreshes itself; keep it open.")));
  ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", target, ts_shop_tr (req, N_("Refresh now")));
  ts_shop_page_end (req, h);
  /* 200: a page to stay on, not an error; never cached (the default) */
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_waiting_room_pass (TsShopRequest  *req,
                           PGconn         *conn,
                           guint           limit,
                           gboolean       *queued,
                           GError        **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *idle_text = g_strdup_printf ("%d", TS_SHOP_WAITING_ROOM_IDLE_S);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;

  *queued = FALSE;
  if (req->queue_token_hash == NULL)
    {
      g_autofree char *token = ts_shop_session_new_token ();
      g_autofree char *root = ts_shop_url (req, "/");

      /* a browser-session cookie of this storefront's: the place in line */
      ts_shop_set_cookie_at (req, TS_SHOP_QUEUE_COOKIE, token, 0, FALSE, root);
      req->queue_token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
    }
  {
    const char *params[] = { req->queue_token_hash, limit_text, idle_text };

    answer = ts_pg_exec_json (conn, "SELECT ts_shop_waiting_room_pass ($1, $2::integer, $3::integer)", 3, params, error);
  }
  if (answer == NULL)
    return FALSE;
  o = json_node_get_object (answer);
  if (json_object_get_boolean_member (o, "admitted"))
    return TRUE;
  *queued = TRUE;
  queue_page (req, json_object_get_int_member (o, "place"));
  return TRUE;
}
