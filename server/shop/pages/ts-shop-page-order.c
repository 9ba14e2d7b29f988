/* ts-shop-page-order.c — a web order as its buyer sees it, behind its secret
 * link (rules P5, F6, F2, F5): the order number, its lines, the total paid
 * by card, each ticket's QR code (the barcode the door scans, signed with
 * the owning outlet's key), and the tickets as a PDF printed with each
 * owner's face, as the box office prints them.  A wrong link is the
 * storefront's "not found", as any unknown page. */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-face.h"
#include "ts-json.h"
#include "ts-payment-signature.h"
#include "ts-pg.h"
#include "ts-printed-tickets.h"
#include "ts-shop-layout.h"
#include "ts-shop-pages.h"
#include "ts-ticket-signer.h"

/* ts_shop_tr for a format: the compiler checks the arguments against the
 * msgid, as gettext's _() lets it. */
static const char *trf (TsShopRequest *req, const char *msgid) G_GNUC_FORMAT (2);

static const char *
trf (TsShopRequest *req,
     const char    *msgid)
{
  return ts_shop_tr (req, msgid);
}

/* A square face with nothing but its barcode box: ts_face_fill draws the
 * ticket's QR code in it exactly as on the printed ticket. */
#define QR_FACE \
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40mm\" height=\"40mm\" viewBox=\"0 0 40 40\"" \
  " class=\"ticket-qr\" role=\"img\" aria-labelledby=\"%s\">" \
  "<rect id=\"barcode\" x=\"0\" y=\"0\" width=\"40\" height=\"40\"/></svg>"

/* The order behind the link of this request, or NOT_FOUND. */
static JsonNode *
load_order (TsShopRequest  *req,
            PGconn         *conn,
            GError        **error)
{
  g_autofree char *hash = req->tail != NULL ? ts_payment_token_hash (req->tail) : NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *order = hash != NULL ? ts_pg_exec_json (conn, "SELECT ts_shop_order ($1)", 1,
                                                    (const char *[]) { hash }, &local_error)
                                 : NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (order == NULL)
    g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");   /* P5 */
  return order;
}

/* The QR code of one ticket as inline SVG, labelled by labelled_by. */
static char *
ticket_qr (PGconn      *conn,
           JsonObject  *line,
           const char  *labelled_by,
           GError     **error)
{
  g_autofree char *code = ts_ticket_signer_code (conn, (int) json_object_get_int_member (line, "owner_outlet_id"),
                                                 json_object_get_int_member (line, "ticket_number"),
                                                 (int) json_object_get_int_member (line, "barcode_version"), error);
  g_autofree char *face = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) svg = NULL;
  char *filled;

  if (code == NULL)
    return NULL;
  face = g_strdup_printf (QR_FACE, labelled_by);
  filled = ts_face_fill (face, values, code, error);
  if (filled == NULL)
    return NULL;
  /* one page shows several: the box's id may not repeat */
  svg = g_string_new (filled);
  g_free (filled);
  g_string_replace (svg, "<g id=\"barcode\"", "<g", 1);
  return g_string_free (g_steal_pointer (&svg), FALSE);
}

/* The sold tickets of lines (an order's, with item_id, owner_outlet_id,
 * ticket_number, barcode_version, event and place) with their QR codes:
 * this page's and My Account's (S6: an exchanged ticket shows there). */
gboolean
ts_shop_ticket_list (TsShopRequest  *req,
                     PGconn         *conn,
                     TsHtml         *h,
                     JsonArray      *lines,
                     GError        **error)
{
  ts_html_printf (h, "<h2>%s</h2>\n<p>%s</p>\n<ul class=\"tickets\">\n", ts_shop_tr (req, N_("Tickets")),
                  ts_shop_tr (req, N_("Show each code at the door, on paper or on your phone.")));
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      g_autofree char *label = g_strdup_printf ("ticket-%" G_GINT64_FORMAT, json_object_get_int_member (line, "item_id"));
      g_autofree char *qr = NULL;

      if (!g_str_equal (json_object_get_string_member (line, "status"), "sold"))
        continue;
      qr = ticket_qr (conn, line, label, error);
      if (qr == NULL)
        return FALSE;
      ts_html_raw (h, "<li class=\"ticket\">\n");
      ts_html_raw (h, qr);   /* made here from our own face and the ticket's code: no visitor's text */
      ts_html_printf (h, "\n<p id=\"%s\">", label);
      {
        g_autofree char *ticket = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_object_get_int_member (line, "ticket_number"));

        ts_html_printf (h, trf (req, N_("Ticket %s")), ticket);
      }
      {
        g_autofree char *place = ts_shop_place (req, line, "place");

        ts_html_printf (h, " — %s — %s</p>\n</li>\n", json_object_get_string_member (line, "event"), place);
      }
    }
  ts_html_raw (h, "</ul>\n");
  return TRUE;
}

gboolean
ts_shop_page_order (TsShopRequest  *req,
                    PGconn         *conn,
                    GError        **error)
{
  g_autoptr(JsonNode) node = load_order (req, conn, error);
  JsonObject *order;
  JsonArray *lines;
  g_autofree char *title = NULL, *pdf_path = NULL, *pdf = NULL, *number = NULL;
  const char *last4;
  guint n_tickets = 0;
  TsHtml *h;

  if (node == NULL)
    return FALSE;
  order = json_node_get_object (node);
  lines = json_object_get_array_member (order, "lines");
  last4 = json_object_get_string_member_with_default (order, "card_last4", NULL);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  title = g_strdup_printf (trf (req, N_("Order %s")), number);
  pdf_path = g_strdup_printf ("/orders/%s/tickets.pdf", req->tail);
  pdf = ts_shop_url (req, pdf_path);

  h = ts_html_new ();
  ts_shop_page_begin (req, h, title);   /* its <h1> */
  ts_html_printf (h, "<p class=\"order-thanks\">%s</p>\n",
                  ts_shop_tr (req, N_("Thank you! Your order is confirmed. Keep this page's address: it shows your tickets.")));
  ts_html_printf (h, "<p>%s <strong>%s</strong></p>\n", ts_shop_tr (req, N_("Purchaser:")),
                  json_object_get_string_member (order, "purchaser"));

  ts_html_printf (h, "<table class=\"lines\">\n<caption>%s</caption>\n<thead><tr>"
                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                  "<th scope=\"col\" class=\"money\">%s</th></tr></thead>\n<tbody>\n",
                  ts_shop_tr (req, N_("Your tickets")), ts_shop_tr (req, N_("Performance")),
                  ts_shop_tr (req, N_("Seat or area")), ts_shop_tr (req, N_("Ticket type")),
                  ts_shop_tr (req, N_("Price")));
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gboolean refunded = !g_str_equal (json_object_get_string_member (line, "status"), "sold");

      ts_html_printf (h, "<tr><td>%s, %s<br>", json_object_get_string_member (line, "event"),
                      json_object_get_string_member (line, "venue"));
      ts_shop_when (req, h, json_object_get_string_member (line, "starts_at"));
      {
        g_autofree char *place = ts_shop_place (req, line, "place");

        ts_html_printf (h, "</td><td>%s", place);
      }
      if (refunded)
        ts_html_printf (h, " <em>(%s)</em>", ts_shop_tr (req, N_("refunded")));
      ts_html_printf (h, "</td><td>%s</td><td class=\"money\">", json_object_get_string_member (line, "ticket_type"));
      ts_shop_money (req, h, json_object_get_int_member (line, "price_cents"));
      ts_html_raw (h, "</td></tr>\n");
      n_tickets += refunded ? 0 : 1;
    }
  ts_html_printf (h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"3\">%s</th><td class=\"money\">",
                  ts_shop_tr (req, N_("Total paid")));
  ts_shop_money (req, h, json_object_get_int_member (order, "total_cents"));
  ts_html_raw (h, "</td></tr></tfoot>\n</table>\n");
  if (last4 != NULL && *last4 != '\0')
    {
      ts_html_raw (h, "<p class=\"paid-by\">");
      ts_html_printf (h, trf (req, N_("Paid by card ending in %s.")), last4);
      ts_html_raw (h, "</p>\n");
    }

  if (n_tickets > 0)
    {
      ts_html_printf (h, "<p><a class=\"button\" href=\"%s\" download>%s</a></p>\n", pdf,
                      ts_shop_tr (req, N_("Download tickets (PDF)")));
      if (!ts_shop_ticket_list (req, conn, h, lines, error))
        {
          ts_html_free (h);
          return FALSE;
        }
    }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

/* The tickets PDF ----------------------------------------------------------- */

typedef struct
{
  GPtrArray *svgs;
  GBytes    *pdf;
  char      *filename;
  char      *error;
} Sheets;

static void
sheets_free (gpointer data)
{
  Sheets *sheets = data;

  g_ptr_array_unref (sheets->svgs);
  g_clear_pointer (&sheets->pdf, g_bytes_unref);
  g_free (sheets->filename);
  g_free (sheets->error);
  g_free (sheets);
}

/* In a thread: drawing a group's tickets takes seconds, which no database
 * connection should wait out. */
static gboolean
render_work (TsShopRequest  *req,
             GError        **error)
{
  Sheets *sheets = ts_shop_request_get_data (req);

  sheets->pdf = ts_face_render_pdf ((const char * const *) sheets->svgs->pdata, sheets->svgs->len,
                                    TS_FACE_PAPER_TICKET, error);
  return sheets->pdf != NULL;
}

static gboolean
rendered_step (TsShopRequest  *req,
               PGconn         *conn,
               GError        **error)
{
  Sheets *sheets = ts_shop_request_get_data (req);

  ts_shop_respond_bytes (req, "application/pdf", g_bytes_ref (sheets->pdf), sheets->filename);
  return TRUE;
}

gboolean
ts_shop_page_order_pdf (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  g_autoptr(JsonNode) node = load_order (req, conn, error);
  g_autofree char *order_id = NULL, *viewer = NULL;
  g_autoptr(JsonNode) printed = NULL;
  JsonArray *tickets;
  Sheets *sheets;

  if (node == NULL)
    return FALSE;
  /* the seller's own view of its order (P5): the storefront's outlet sold it */
  order_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (node), "id"));
  viewer = g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet.id);
  printed = ts_printed_tickets_load (conn, order_id, viewer, NULL, error);
  if (printed == NULL)
    return FALSE;
  tickets = json_object_get_array_member (json_node_get_object (printed), "tickets");
  if (json_array_get_length (tickets) == 0)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return FALSE;
    }
  sheets = g_new0 (Sheets, 1);
  sheets->svgs = g_ptr_array_new_with_free_func (g_free);
  sheets->filename = g_strdup_printf ("tickets-%s.pdf", order_id);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    g_ptr_array_add (sheets->svgs,
                     g_strdup (json_object_get_string_member (json_array_get_object_element (tickets, i), "svg")));
  ts_shop_request_set_data (req, sheets, sheets_free);
  ts_shop_request_then (req, render_work, rendered_step);
  return TRUE;
}
