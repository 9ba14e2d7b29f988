/* bench-faces.c — how fast an order's tickets become a PDF (rules F1, F2)
 *
 * A 500-ticket group order, through the real API on loopback:
 * GET /orders/{id}/tickets.pdf (the owning outlet's face read, each ticket
 * signed, filled and drawn, the PDF sent) against librsvg alone drawing the
 * same filled face 500 times into a PDF surface, the baseline, measured in
 * the same run.  Between them, the library's own path (ts_face_render_pdf of
 * the 500 filled faces) says how much of the route is drawing, and
 * GET /orders/{id}/tickets (JSON) how much is reading, signing and filling.
 * Last, as many PDFs as the pool has database connections are asked for at
 * once, and GET /session is timed meanwhile: the drawing is done after the
 * commit, away from the pool, so the session answers as on a quiet server
 * (its baseline, measured first).
 *
 *   bench-faces [--tickets 500] [--runs 3]
 */
#include <locale.h>
#include <string.h>

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <libsoup/soup.h>

#include "ts-face.h"
#include "ts-test-client.h"

static int tickets = 500;
static int runs = 3;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The baseline: librsvg alone, the same face drawn n times as PDF pages. */
static double
librsvg_alone (const char *svg,
               double      width_mm,
               double      height_mm)
{
  gsize bytes = 0;
  gint64 t0 = g_get_monotonic_time ();
  double w = width_mm * 72 / 25.4, h = height_mm * 72 / 25.4;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (discard, &bytes, w, h);
  cairo_t *cr = cairo_create (surface);

  for (int i = 0; i < tickets; i++)
    {
      RsvgHandle *handle = rsvg_handle_new_from_data ((const guint8 *) svg, strlen (svg), NULL);
      RsvgRectangle viewport = { 0, 0, w, h };

      g_assert_nonnull (handle);
      g_assert_true (rsvg_handle_render_document (handle, cr, &viewport, NULL));
      cairo_show_page (cr);
      g_object_unref (handle);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
library_path (GPtrArray *svgs)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = ts_face_render_pdf ((const char * const *) svgs->pdata, svgs->len, TS_FACE_PAPER_TICKET, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return (g_get_monotonic_time () - t0) / 1e6;
}

typedef struct
{
  GBytes   *body;
  gboolean  done;
} Fetch;

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  fetch->done = TRUE;
}

static double
through_route (TsTestServer *server,
               const char   *token,
               const char   *path,
               gsize        *out_bytes)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 600, NULL);
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  Fetch fetch = { NULL, FALSE };
  gint64 t0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  t0 = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched, &fetch);
  while (!fetch.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  *out_bytes = g_bytes_get_size (fetch.body);
  g_bytes_unref (fetch.body);
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* Median milliseconds of GET /session, n times. */
static double
session_ms (TsTestServer *server,
            const char   *token,
            int           n)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < n; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/session", token, NULL, 200);
      double elapsed = (g_get_monotonic_time () - t0) / 1000.0;

      g_array_append_val (ms, elapsed);
    }
  g_array_sort (ms, (GCompareFunc) compare_double);
  return g_array_index (ms, double, ms->len / 2);
}

/* GET /session while printers ask for PDFs at once. */
static void
session_while_printing (TsTestServer *server,
                        const char   *token,
                        const char   *pdf_path,
                        int           printers,
                        double       *quiet_ms,
                        double       *busy_ms)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 600, "max-conns-per-host", printers + 2, NULL);
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), pdf_path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree Fetch *fetches = g_new0 (Fetch, printers);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 t0 = g_get_monotonic_time ();

  *quiet_ms = session_ms (server, token, 20);
  for (int i = 0; i < printers; i++)
    {
      SoupMessage *msg = soup_message_new ("GET", url);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched, &fetches[i]);
    }
  /* let them reach the server and read their tickets */
  while (g_get_monotonic_time () - t0 < 300 * 1000 + *quiet_ms * 20000)
    g_main_context_iteration (NULL, FALSE);
  *busy_ms = session_ms (server, token, 5);
  for (int i = 0; i < printers; i++)
    {
      while (!fetches[i].done)
        g_main_context_iteration (NULL, TRUE);
      g_clear_pointer (&fetches[i].body, g_bytes_unref);
    }
}

static gint64
sell_group (TsTestServer *server,
            const char   *token)
{
  gint64 uth = ts_test_outlet_id (server, "UTH");
  g_autofree char *map_body = g_strdup_printf (
      "{\"format\": \"generator\", \"description\": {\"name\": \"Bench Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": %d, \"x\": 40, \"y\": 40,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Floor\"}]}}", tickets);
  g_autoptr(JsonNode) map = ts_test_expect (server, "POST", "/api/v1/maps", token, map_body, 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (map), "map"), "id");
  gint64 event, perf, type, patron;
  g_autofree char *order_body = NULL;
  g_autoptr(JsonNode) order = NULL;

  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'The Group Outing', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                            ", now () + interval '10 days', %d, %d, now () - interval '1 day') RETURNING id",
                            event, uth, tickets, tickets);
  type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                            " VALUES (%" G_GINT64_FORMAT ", 'Group', 2000, 'G') RETURNING id", uth);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, type, perf);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                              " VALUES ('Ada', 'Lovelace', %" G_GINT64_FORMAT ") RETURNING id", uth);
  order_body = g_strdup_printf (
      "{\"idempotency_key\": \"bench-faces-group\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"Floor#1\", \"quantity\": %d,"
      " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %d}]}", patron, perf, tickets, type, tickets * 2000);
  order = ts_test_expect (server, "POST", "/api/v1/orders", token, order_body, 201);
  return json_object_get_int_member (json_node_get_object (order), "id");
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, "Tickets in the group order (500)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each, the best kept (3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) svgs = g_ptr_array_new ();
  JsonArray *list;
  JsonObject *first;
  double best_route = G_MAXDOUBLE, best_library = G_MAXDOUBLE, best_alone = G_MAXDOUBLE, best_json = G_MAXDOUBLE;
  gsize json_bytes = 0;
  gsize pdf_bytes = 0;
  gint64 order;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);

  server = ts_test_server_new ();
  token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  order = sell_group (server, token);
  json_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", order);
  pdf_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets.pdf?paper=ticket", order);
  answer = ts_test_expect (server, "GET", json_path, token, NULL, 200);
  list = json_object_get_array_member (json_node_get_object (answer), "tickets");
  g_assert_cmpuint (json_array_get_length (list), ==, tickets);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_ptr_array_add (svgs, (gpointer) json_object_get_string_member (json_array_get_object_element (list, i), "svg"));
  first = json_array_get_object_element (list, 0);

  for (int r = 0; r < runs; r++)
    {
      best_route = MIN (best_route, through_route (server, token, pdf_path, &pdf_bytes));
      best_json = MIN (best_json, through_route (server, token, json_path, &json_bytes));
      best_library = MIN (best_library, library_path (svgs));
      best_alone = MIN (best_alone, librsvg_alone (json_object_get_string_member (first, "svg"),
                                                   json_object_get_double_member (first, "width_mm"),
                                                   json_object_get_double_member (first, "height_mm")));
    }

  g_print ("A %d-ticket group order on the default face (8 × 3.25 in), best of %d runs:\n", tickets, runs);
  g_print ("  GET /orders/{id}/tickets.pdf     %7.2f s  %7.1f tickets/s  (%.1f MB of PDF)\n",
           best_route, tickets / best_route, pdf_bytes / 1048576.0);
  g_print ("  GET /orders/{id}/tickets (JSON) %7.2f s  %7.1f tickets/s  (filled and signed, not drawn)\n",
           best_json, tickets / best_json);
  g_print ("  ts_face_render_pdf (library)    %7.2f s  %7.1f tickets/s\n", best_library, tickets / best_library);
  g_print ("  librsvg alone (baseline)        %7.2f s  %7.1f tickets/s\n", best_alone, tickets / best_alone);
  g_print ("Route / baseline: %.2f× the time (%.0f%% of the baseline's rate)\n",
           best_route / best_alone, 100.0 * best_alone / best_route);
  {
    double quiet, busy;

    session_while_printing (server, token, pdf_path, 8, &quiet, &busy);
    g_print ("GET /session, median: %.1f ms on a quiet server, %.1f ms while 8 such PDFs are drawn "
             "(as many as the pool has connections): %.1f×\n", quiet, busy, busy / quiet);
  }
  return 0;
}
