/* ts-api-tickets.c — an order's tickets printed: as filled faces (JSON), as
 * a PDF, and reprinted with new barcodes (rules F1, F2, F5, P5, C4)
 *
 * The seller prints its order's tickets and the owner of a line its own
 * lines (P5); anyone else gets not_found.  Each ticket prints with the face
 * of the outlet that owns its event (F2), through ts-printed-tickets.c.
 * Printing is not a write: it changes no barcode.  A reprint is, and voids
 * the old paper (F5). */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-face.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-printed-tickets.h"
#include "ts-validate.h"

/* A group order of the largest size an order takes. */
#define MAX_ITEMS 500

/* C4: printing tickets is the Walk-up Sales level's and up. */
static gboolean
require_printer (TsRequest  *req,
                 GError    **error)
{
  return ts_policy_require_level (req, TS_LEVEL_WALKUP,
                                  "Tickets are printed at the Walk-up Sales level and above", error);  /* C4 */
}

/* ?items=3,4 as SQL array text ("{3,4}"), or NULL for every ticket. */
static gboolean
read_items_query (TsRequest  *req,
                  char      **out_items,
                  GError    **error)
{
  const char *text = ts_request_query (req, "items");
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) items = NULL;

  *out_items = NULL;
  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  if (parts[0] == NULL || g_strv_length (parts) > MAX_ITEMS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items: the ids of 1 to %d items of the order, separated by commas",
                   MAX_ITEMS);
      return FALSE;
    }
  items = g_string_new ("{");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items: the ids of 1 to %d items of the order, separated by commas",
                       MAX_ITEMS);
          return FALSE;
        }
      g_string_append_printf (items, "%s%" G_GUINT64_FORMAT, i > 0 ? "," : "", id);
    }
  g_string_append_c (items, '}');
  *out_items = g_string_free (g_steal_pointer (&items), FALSE);
  return TRUE;
}

gboolean
ts_api_order_tickets (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *viewer = ts_policy_outlet_param (req);
  g_autofree char *items = NULL;

  if (!require_printer (req, error) || !read_items_query (req, &items, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_printed_tickets_load (conn, id, viewer, items, error));
}

/* The filled faces of a PDF answer, drawn after the commit. */
typedef struct
{
  GPtrArray   *svgs;
  TsFacePaper  paper;
} Sheets;

static void
sheets_free (gpointer data)
{
  Sheets *sheets = data;

  g_ptr_array_unref (sheets->svgs);
  g_free (sheets);
}

static GBytes *
render_sheets (gpointer   data,
               GError   **error)
{
  Sheets *sheets = data;

  return ts_face_render_pdf ((const char * const *) sheets->svgs->pdata, sheets->svgs->len, sheets->paper, error);
}

gboolean
ts_api_order_tickets_pdf (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *viewer = ts_policy_outlet_param (req);
  g_autofree char *items = NULL;
  const char *paper_name = ts_request_query (req, "paper");
  TsFacePaper paper = TS_FACE_PAPER_TICKET;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *tickets;
  Sheets *sheets;

  if (!require_printer (req, error) || !read_items_query (req, &items, error))
    return FALSE;
  if (paper_name == NULL || g_str_equal (paper_name, "ticket"))
    paper = TS_FACE_PAPER_TICKET;
  else if (g_str_equal (paper_name, "a4"))
    paper = TS_FACE_PAPER_A4;
  else if (g_str_equal (paper_name, "letter"))
    paper = TS_FACE_PAPER_LETTER;
  else
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "paper: must be ticket, a4 or letter");
      return FALSE;
    }
  answer = ts_printed_tickets_load (conn, id, viewer, items, error);
  if (answer == NULL)
    return FALSE;
  tickets = json_object_get_array_member (json_node_get_object (answer), "tickets");
  if (json_array_get_length (tickets) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT, "This order has no tickets left to print (refunded tickets are not printed)");
      return FALSE;
    }
  sheets = g_new0 (Sheets, 1);
  sheets->paper = paper;
  sheets->svgs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    g_ptr_array_add (sheets->svgs, g_strdup (json_object_get_string_member (json_array_get_object_element (tickets, i), "svg")));
  /* drawn once the transaction is over: a group order takes seconds, which
   * no database connection should wait out */
  ts_request_render_response (req, 200, "application/pdf", render_sheets, sheets, sheets_free);
  return TRUE;
}

/* F5: a reprint voids each ticket's old barcode (its version goes up), is
 * counted and audited with its reason (R1), and answers the new tickets. */
gboolean
ts_api_order_reprint (TsRequest *req,
                      PGconn    *conn,
                      GError   **error)
{
  static const char * const allowed[] = { "items", "reason", "idempotency_key", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *viewer = ts_policy_outlet_param (req);
  g_autoptr(GString) items = g_string_new ("{");
  g_autoptr(PGresult) reprinted = NULL;
  JsonObject *body;
  JsonArray *list;
  const char *reason;
  const char *key = NULL;

  if (!ts_policy_require_level (req, TS_LEVEL_BOX_OFFICE,
                                "Tickets are reprinted at the Box Office level and above", error))  /* C4 */
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_string (body, "reason", TRUE, &reason, NULL, error)
      || !ts_validate_required ("reason", reason, 500, error)
      || !ts_json_get_array (body, "items", TRUE, &list, error)
      || !ts_json_get_string (body, "idempotency_key", FALSE, &key, NULL, error))
    return FALSE;
  /* F5: a retry with the same key reprints nothing again (S2's rule for orders) */
  if (key != NULL && (g_utf8_strlen (key, -1) < 8 || g_utf8_strlen (key, -1) > 100))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "idempotency_key: 8 to 100 characters, one per reprint");
      return FALSE;
    }
  if (json_array_get_length (list) == 0 || json_array_get_length (list) > MAX_ITEMS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "items: the ids of 1 to %d items of the order", MAX_ITEMS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      gint64 item;

      if (!ts_json_element_int (list, i, where, 1, G_MAXINT64, &item, error))
        return FALSE;
      g_string_append_printf (items, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", item);
    }
  g_string_append_c (items, '}');
  reprinted = ts_pg_exec (conn, "SELECT ts_order_reprint ($1::bigint, $2::integer, $3::bigint[], $4, $5)",
                          5, (const char *[]) { id, viewer, items->str, reason, key }, error);
  if (reprinted == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_printed_tickets_load (conn, id, viewer, items->str, error));
}
