/* test-client-reports.c — the Reports section's frame against a real server, under X
 *
 * A season like the demo's (an event of UTH sold by UTH and by ATH, one
 * refund) is set up with SQL as the owner role and sold through the API;
 * then the Reports page is used as a person would.  The sales report shows
 * what the server answered, its totals on screen to the cent (R2: UTH's
 * event whoever sold it); the CSV file reads back with its translated
 * headers and a money cell; the PDF export and the printed report
 * (GtkPrintOperation exported to a file) hold a line of the table
 * (pdftotext); a load cancelled keeps the results shown before; a report is
 * reached and run by keys alone (XTEST); Staff see the reports and not the
 * till (C4); Staff list a partner company's patrons who said yes, for its
 * mailing (K5); a till is closed from the end of day (A4).  With
 * TESSERA_SCREENSHOTS=DIR set each state is saved there as a PNG (in
 * French with TESSERA_TEST_LOCALE=fr_CA.UTF-8, see ts-test-ui.h). */
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-main-window.h"
#include "ts-order-format.h"
#include "ts-report-chart.h"
#include "ts-report-columns.h"
#include "ts-report-pdf.h"
#include "ts-report-table.h"
#include "ts-report-view-private.h"
#include "ts-reports-end-of-day-private.h"
#include "ts-reports-page-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"
#include "ts-till-close-dialog-private.h"
#include "ts-zone-heat-map.h"

static TsTestServer *server;
static gint64 uth, ath, map_id, event, perf, adult;
static char *seats[6];
static char *uth_boxoffice, *ath_boxoffice, *uth_manager;
static char *today;
static guint key_counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static JsonNode *
sell (const char *token,
      const char *items,
      const char *payments,
      gint64      patron)
{
  g_autofree char *body = g_strdup_printf ("{\"idempotency_key\": \"client-reports-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                                           " \"items\": %s, \"payments\": %s}", ++key_counter, patron, items, payments);

  return ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);
}

static char *
one_seat (guint seat)
{
  return g_strdup_printf ("[{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]",
                          perf, seats[seat], adult);
}

/* Hamlet at UTH: UTH sells two tickets in cash, ATH one by card (E3, T5);
 * UTH refunds one of its own. */
static void
set_up_season (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 6,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 commission, patron;

  map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '10 days', 6, 6, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf));
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *items = one_seat (i);
      g_autoptr(JsonNode) order = sell (uth_boxoffice, items, "[{\"method\": \"cash\", \"amount_cents\": 3500}]", patron);

      if (i == 1)
        {
          JsonArray *lines = json_object_get_array_member (object_of (order), "items");
          g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund",
                                                   json_object_get_int_member (object_of (order), "id"));
          g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Cannot come\","
                                                   " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                                   json_object_get_int_member (json_array_get_object_element (lines, 0), "id"));
          g_autoptr(JsonNode) refunded = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
        }
    }
  {
    g_autofree char *items = one_seat (3);
    g_autoptr(JsonNode) order = sell (ath_boxoffice, items,
                                      "[{\"method\": \"card\", \"amount_cents\": 3500, \"reference\": \"VISA 1234\"}]", patron);
  }
}

static TsReportsPage *
open_reports (TsApiClient *client,
              GtkWindow  **out_window)
{
  TsReportsPage *page = ts_reports_page_new (client);

  *out_window = ts_test_ui_show_page (GTK_WIDGET (page), 1024, 700);
  return page;
}

static void
close_reports (GtkWindow     *window,
               TsReportsPage *page)
{
  g_object_ref (page);
  gtk_window_destroy (window);
  g_assert_finalize_object (page);
}

static TsReportView *
view_of (TsReportsPage *page,
         const char    *report)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", report));
  return TS_REPORT_VIEW (_ts_reports_page_get_tab (page, report));
}

static GListModel *
rows_of (gpointer view)
{
  g_autoptr(GListModel) rows = NULL;

  g_object_get (view, "rows", &rows, NULL);
  return rows;      /* the view keeps it */
}

static gboolean
view_answered (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && _ts_report_view_get_report (data) != NULL;
}

static gboolean
events_listed (gpointer data)
{
  return _ts_report_view_count_events (data) > 0;
}

/* The sales report by event for today, run from the page. */
static TsReportView *
run_sales (TsReportsPage *page)
{
  TsReportView *view = view_of (page, "sales");

  _ts_report_view_set_period (view, today, today);
  g_assert_true (_ts_report_view_choose_group (view, "event"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  g_assert_true (ts_test_ui_get_boolean (view, "busy"));
  ts_test_ui_wait_until (view_answered, view, "the sales report");
  return view;
}

/* R2: UTH's event, whoever sold it: three tickets sold today, one
 * refunded; the screen shows the server's figures and its totals line. */
static void
test_sales (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/sales?from=%s&to=%s&group=event", today, today);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
  JsonObject *totals = json_object_get_object_member (object_of (answer), "totals");
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = run_sales (page);
  GListModel *rows = rows_of (view);
  g_autoptr(TsJsonItem) hamlet = NULL;
  g_autoptr(TsJsonItem) total = NULL;
  g_autofree char *net = NULL;
  g_autofree char *gross = NULL;

  g_assert_cmpint (json_object_get_int_member (totals, "tickets"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (totals, "refunded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (totals, "net_cents"), ==, 3 * 3500 - 3500);

  /* one row for Hamlet, then the totals line */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  hamlet = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (ts_json_item_get_object (hamlet), "event"), ==, "Hamlet");
  total = g_list_model_get_item (rows, 1);
  g_assert_true (ts_report_table_is_total (ts_json_item_get_object (total)));
  g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (total), "net_cents"), ==,
                   json_object_get_int_member (totals, "net_cents"));

  /* on screen, to the cent, in the reader's language */
  ts_test_ui_pause (200);
  net = ts_format_money (json_object_get_int_member (totals, "net_cents"));
  gross = ts_format_money (json_object_get_int_member (totals, "gross_cents"));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (window), net));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (window), gross));
  g_assert_nonnull (ts_test_ui_find_label (GTK_WIDGET (window), ts_test_ui_tr ("Total")));
  g_assert_cmpstr (ts_test_ui_get_string (view, "message"), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-sales.png");

  /* by selling outlet: UTH's own sales and ATH's of UTH's event, each a line */
  g_assert_true (_ts_report_view_choose_group (view, "selling_outlet"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  ts_test_ui_wait_property (view, "busy", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-sales-by-outlet.png");
  close_reports (window, page);
}

/* Export CSV…: RFC 4180, the translated column labels, cents as 12.34. */
static void
test_export_csv (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sales.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *header = NULL;
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = run_sales (page);

  g_assert_true (_ts_report_view_export_csv (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  /* the event, tickets, comps, refunded, gross, refunds, net, commissions */
  header = g_strjoin (",", ts_test_ui_tr ("Event"), ts_test_ui_tr ("Tickets"), ts_test_ui_tr ("Comps"),
                      ts_test_ui_tr ("Refunded"), ts_test_ui_tr ("Gross"), ts_test_ui_tr ("Refunds"), ts_test_ui_tr ("Net"),
                      NULL);
  g_assert_true (g_str_has_prefix (lines[0], header));
  g_assert_true (g_str_has_prefix (lines[1], "Hamlet,3,0,1,105.00,35.00,70.00,"));
  g_assert_true (g_str_has_prefix (lines[2], ts_test_ui_tr ("Total")));
  g_assert_cmpstr (lines[3], ==, "");
  g_assert_null (lines[4]);
  close_reports (window, page);
  g_unlink (path);
  g_rmdir (dir);
}

/* Text without its spaces that do not break (French money: "19 900,00 $"),
 * which pdftotext writes as it likes, as plain spaces: for the PDF's text
 * and for what the test looks for in it alike. */
static char *
as_pdftotext (char *text)
{
  GString *plain = g_string_new (text);

  g_free (text);
  g_string_replace (plain, "\u202f", " ", 0);
  g_string_replace (plain, "\u00a0", " ", 0);
  return g_string_free (plain, FALSE);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error))
    {
      g_test_skip (error->message);
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return as_pdftotext (g_steal_pointer (&out));
}

/* A line of the table in the text of a PDF: the event, then its net. */
static gboolean
has_line (const char *text,
          const char *first,
          const char *later)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *at = strstr (lines[i], first);

      if (at != NULL && strstr (at, later) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Export PDF… and Print… draw the same page: the title, the outlet and
 * period, and the table's lines (the printout exported to a file). */
static void
test_export_pdf (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sales.pdf", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *net = as_pdftotext (ts_format_money (7000));
  g_autofree char *text = NULL;
  g_autofree char *print_text = NULL;
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = run_sales (page);

  g_assert_true (_ts_report_view_export_pdf (view, file, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  if (text == NULL)
    {
      close_reports (window, page);
      return;
    }
  g_assert_nonnull (strstr (text, ts_test_ui_tr ("Sales")));
  g_assert_nonnull (strstr (text, today));
  g_assert_true (has_line (text, "Hamlet", net));
  g_assert_true (has_line (text, ts_test_ui_tr ("Total"), net));

  g_assert_true (_ts_report_view_print_to (view, printed, &error));
  g_assert_no_error (error);
  print_text = pdf_text (printed);
  g_assert_true (has_line (print_text, "Hamlet", net));
  /* kept with the screenshots, to be looked at */
  if (g_getenv ("TESSERA_SCREENSHOTS") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("TESSERA_SCREENSHOTS"), "reports-sales.pdf", NULL);
      g_autoptr(GFile) target = g_file_new_for_path (kept);

      g_assert_true (g_file_copy (file, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    }
  close_reports (window, page);
  g_unlink (path);
  g_unlink (printed);
  g_rmdir (dir);
}

/* A long report runs onto several pages, each with the column labels, the
 * totals on the last. */
static void
test_pdf_pages (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TsReportPdf) pdf = ts_report_pdf_new ("Sales", "University Theatre");
  g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *total = as_pdftotext (ts_format_money (1990000));
  GString *json = g_string_new ("{\"columns\": [{\"key\": \"event\", \"kind\": \"text\"},"
                                " {\"key\": \"net_cents\", \"kind\": \"cents\"}], \"rows\": [");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (json, "%s{\"event\": \"Show %03u\", \"net_cents\": %u}", i ? ", " : "", i, 100 * i);
  g_string_append (json, "], \"totals\": {\"net_cents\": 1990000}}");
  g_assert_true (json_parser_load_from_data (parser, json->str, -1, NULL));
  g_string_free (json, TRUE);
  ts_report_pdf_add_table (pdf, NULL, json_node_get_object (json_parser_get_root (parser)));
  g_assert_true (ts_report_pdf_save (pdf, file, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  if (text == NULL)
    return;
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 3);        /* two pages or more, and what follows the last */
  for (guint i = 0; pages[i + 1] != NULL; i++)
    g_assert_nonnull (strstr (pages[i], ts_test_ui_tr ("Event")));
  g_assert_nonnull (strstr (pages[0], "Show 000"));
  g_assert_true (has_line (pages[g_strv_length (pages) - 2], ts_test_ui_tr ("Total"), total));
  g_unlink (path);
  g_rmdir (dir);
}

/* Cancel stops the load at once and keeps what was shown before. */
static void
test_cancel (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = run_sales (page);
  JsonObject *before = _ts_report_view_get_report (view);
  GtkWidget *cancel;

  g_assert_cmpuint (g_list_model_get_n_items (rows_of (view)), ==, 2);
  _ts_report_view_choose_group (view, "channel");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  g_assert_true (ts_test_ui_get_boolean (view, "busy"));
  cancel = ts_test_ui_find_button_by_label (GTK_WIDGET (view), "_Cancel");
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_is_visible (cancel));
  /* before the main loop runs again: the answer cannot have come */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.cancel", NULL));
  g_assert_false (ts_test_ui_get_boolean (view, "busy"));
  g_assert_cmpstr (ts_test_ui_get_string (view, "message"), ==,
                   ts_test_ui_tr ("Cancelled. The results shown are the ones from before."));
  ts_test_ui_pause (300);   /* the answer, had it not been cancelled, would land here */
  g_assert_true (_ts_report_view_get_report (view) == before);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (view)), ==, 2);
  g_assert_false (gtk_widget_is_visible (cancel));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-cancelled.png");
  close_reports (window, page);
}

static GtkWidget *
focus_of (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static void
key (guint           keyval,
     GdkModifierType modifiers)
{
  ts_test_input_key_with (keyval, modifiers);
  ts_test_ui_pause (80);
}

/* Keyboard only: from the list of reports, Down to Sales by channel, Tab
 * into its period, Enter runs it. */
static void
test_keyboard (void)
{
  g_autoptr(TsApiClient) manager = NULL;
  g_autofree char *reason = NULL;
  GtkWindow *window;
  TsReportsPage *page;
  GtkListBox *list;
  TsReportView *view;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  manager = ts_test_ui_sign_in (server, "UTH", "manager");
  page = open_reports (manager, &window);
  list = _ts_reports_page_get_list (page);
  ts_test_input_move (GTK_WIDGET (list), 5, 5);
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  for (guint i = 0; i < 3; i++)
    key (GDK_KEY_Down, 0);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_selected_row (list))), ==, "channels");
  view = TS_REPORT_VIEW (_ts_reports_page_get_tab (page, "channels"));
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (view)))) == GTK_WIDGET (view));
  key (GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_is_ancestor (focus_of (window), GTK_WIDGET (view)));
  g_assert_true (GTK_IS_TEXT (focus_of (window)));            /* From */
  key (GDK_KEY_Return, 0);
  ts_test_ui_wait_until (view_answered, view, "the channels report");
  g_assert_cmpstr (json_object_get_string_member (_ts_report_view_get_report (view), "report"), ==, "channels");

  /* To, then Show Report: Enter runs it again, and the focus is on Show
   * Report again once it has (Cancel held it meanwhile), never lost */
  key (GDK_KEY_Tab, 0);
  key (GDK_KEY_Tab, 0);
  g_assert_true (focus_of (window) == ts_test_ui_find_button_by_label (GTK_WIDGET (view), "_Show Report"));
  key (GDK_KEY_Return, 0);
  ts_test_ui_wait_property (view, "busy", FALSE);
  g_assert_true (focus_of (window) == ts_test_ui_find_button_by_label (GTK_WIDGET (view), "_Show Report"));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-channels.png");
  close_reports (window, page);
}

/* Column labels are the client's, in the reader's language, and the
 * event choice lists the outlet's own events only (E1). */
static void
test_labels (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = run_sales (page);
  GtkColumnView *columns = GTK_COLUMN_VIEW (ts_test_ui_find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  GListModel *list = gtk_column_view_get_columns (columns);
  const char *expected[] = { "Event", "Tickets", "Comps", "Refunded", "Gross", "Refunds", "Net",
                             "Commission we owe", "Commission owed to us" };

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, ts_test_ui_tr (expected[i]));
    }
  ts_test_ui_wait_until (events_listed, view, "the events");
  g_assert_cmpuint (_ts_report_view_count_events (view), ==, 1);
  g_assert_true (_ts_report_view_choose_event (view, event));
  close_reports (window, page);
}

static gboolean
performances_listed (gpointer data)
{
  return _ts_report_view_count_performances (data) > 0;
}

/* Where people look rather than read: sales over time as a line above its
 * table, sales by zone on the performance's seat map, both in the PDF. */
static void
test_charts (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "zones.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);
  TsReportView *view = view_of (page, "sales-over-time");
  GtkWidget *chart;

  /* an event or a performance first */
  ts_test_ui_wait_until (events_listed, view, "the events");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  g_assert_cmpstr (ts_test_ui_get_string (view, "message"), ==, ts_test_ui_tr ("Choose an event or one of its performances."));
  g_assert_true (_ts_report_view_choose_event (view, event));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  ts_test_ui_wait_until (view_answered, view, "sales over time");
  chart = ts_test_ui_find_descendant (GTK_WIDGET (view), TS_TYPE_REPORT_CHART);
  g_assert_nonnull (chart);
  g_assert_true (gtk_widget_is_visible (chart));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-sales-over-time.png");

  view = view_of (page, "zone-sales");
  ts_test_ui_wait_until (events_listed, view, "the events");
  {
    int min_width = 0;

    gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_test_message ("before a choice the reports page needs %d pixels across", min_width);
    /* the main window's 1024 pixels less its list of sections, in French too */
    g_assert_cmpint (min_width, <=, 860);
  }
  g_assert_true (_ts_report_view_choose_event (view, event));
  ts_test_ui_wait_until (performances_listed, view, "the performances");
  g_assert_true (_ts_report_view_choose_performance (view, perf));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  ts_test_ui_wait_until (view_answered, view, "sales by zone");
  g_assert_cmpint (json_object_get_int_member (_ts_report_view_get_report (view), "map_id"), ==, map_id);
  chart = ts_test_ui_find_descendant (GTK_WIDGET (view), TS_TYPE_ZONE_HEAT_MAP);
  g_assert_nonnull (chart);
  ts_test_ui_pause (500);                   /* the seat map, asked once */
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-zone-sales.png");
  {
    int min_width = 0;

    gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_test_message ("the reports page needs %d pixels across", min_width);
    g_assert_cmpint (min_width, <=, 860);
  }
  g_assert_true (_ts_report_view_export_pdf (view, file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = pdf_text (path);

    if (text != NULL)
      g_assert_true (has_line (text, "Regular", "6"));
  }
  close_reports (window, page);
  g_unlink (path);
  g_rmdir (dir);
}

/* Every report the list offers answers, and the client has a label for
 * each column the server sends (never its key). */
static void
test_every_report (void)
{
  g_autoptr(TsApiClient) manager = ts_test_ui_sign_in (server, "UTH", "manager");
  const char *reports[] = { "sales", "channels", "attendance", "donations", "memberships", "mailing-lists" };
  GtkWindow *window;
  TsReportsPage *page = open_reports (manager, &window);

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      TsReportView *view = view_of (page, reports[i]);
      JsonArray *columns;
      g_autofree char *shot = g_strdup_printf ("reports-%s.png", reports[i]);

      _ts_report_view_set_period (view, today, today);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
      ts_test_ui_wait_until (view_answered, view, reports[i]);
      columns = json_object_get_array_member (_ts_report_view_get_report (view), "columns");
      g_assert_cmpuint (json_array_get_length (columns), >, 0);
      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          const char *key = json_object_get_string_member (json_array_get_object_element (columns, c), "key");

          if (ts_report_column_label (key) == key)
            g_test_fail_printf ("%s: no label for the column %s", reports[i], key);
        }
      ts_test_ui_screenshot (GTK_WIDGET (window), shot);
    }
  close_reports (window, page);
}

/* C4: Staff run the reports, not the till nor the accounts, and are told so. */
static void
test_levels (void)
{
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  g_autoptr(TsApiClient) walkup = ts_test_ui_sign_in (server, "UTH", "walkup");
  GtkWindow *window;
  TsReportsPage *page = open_reports (staff, &window);

  g_assert_true (_ts_reports_page_has_tab (page, "sales"));
  g_assert_true (_ts_reports_page_has_tab (page, "mailing-lists"));
  g_assert_false (_ts_reports_page_has_tab (page, "till"));
  g_assert_false (_ts_reports_page_has_tab (page, "end-of-day"));
  g_assert_false (_ts_reports_page_has_tab (page, "outlets"));
  g_assert_cmpstr (_ts_reports_page_get_explanation (page), ==,
                   ts_test_ui_tr ("The till is for Walk-up Sales and up, and the accounts between outlets for Box Office Managers and up."));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-staff.png");
  close_reports (window, page);

  page = open_reports (walkup, &window);
  g_assert_true (_ts_reports_page_has_tab (page, "end-of-day"));
  g_assert_false (_ts_reports_page_has_tab (page, "outlets"));
  close_reports (window, page);
}

/* The Master User picks the outlet whose reports he reads (R2): ATH's
 * sales are its own sale of UTH's event. */
static void
test_master (void)
{
  g_autoptr(TsApiClient) master = ts_test_ui_sign_in (server, NULL, "master");
  GtkWindow *window;
  TsReportsPage *page = open_reports (master, &window);
  TsReportView *view;
  g_autoptr(TsJsonItem) row = NULL;

  g_assert_true (_ts_reports_page_choose_outlet (page, ath));
  ts_test_ui_wait_property (page, "busy", FALSE);
  view = run_sales (page);
  g_assert_cmpint (json_object_get_int_member (_ts_report_view_get_report (view), "outlet_id"), ==, ath);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (view)), ==, 2);
  row = g_list_model_get_item (rows_of (view), 0);
  g_assert_cmpstr (json_object_get_string_member (ts_json_item_get_object (row), "event"), ==, "Hamlet");
  g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (row), "tickets"), ==, 1);
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-master.png");

  /* another outlet picked: ATH's figures go, never shown under UTH's name */
  g_assert_true (_ts_reports_page_choose_outlet (page, uth));
  g_assert_null (_ts_report_view_get_report (view));
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (view)), ==, 0);
  close_reports (window, page);
}

/* The window titled so, or NULL. */
static GtkWindow *
window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }
  return NULL;
}

/* C4, P4: Staff list the outlet's mailing lists; Enter on one opens its
 * members with the outlet's primary e-mail and address, exportable. */
static void
test_mailing_lists (void)
{
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  g_autoptr(JsonNode) list = ts_test_expect (server, "POST", "/api/v1/mailing-lists", uth_manager,
                                             "{\"name\": \"Friends of the Theatre\"}", 201);
  gint64 list_id = json_object_get_int_member (object_of (list), "id");
  gint64 patron = ts_test_owner_int (server, "SELECT id FROM patron WHERE last_name = 'Lovelace'");
  g_autofree char *path = g_strdup_printf ("/api/v1/mailing-lists/%" G_GINT64_FORMAT "/members", list_id);
  g_autofree char *body = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);
  g_autoptr(JsonNode) added = ts_test_expect (server, "POST", path, uth_manager, body, 200);
  GtkWindow *window, *members_window;
  TsReportsPage *page = open_reports (staff, &window);
  TsReportView *view = view_of (page, "mailing-lists");
  TsReportView *members;
  g_autoptr(TsJsonItem) row = NULL;
  g_autoptr(TsJsonItem) member = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  ts_test_ui_wait_until (view_answered, view, "the mailing lists");
  row = g_list_model_get_item (rows_of (view), 0);
  g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (row), "mailing_list_id"), ==, list_id);
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-mailing-lists.png");

  /* as Enter on the row does */
  g_signal_emit_by_name (ts_test_ui_find_descendant (GTK_WIDGET (view), TS_TYPE_REPORT_TABLE), "row-activated",
                         ts_json_item_get_object (row));
  members_window = window_titled ("Friends of the Theatre");
  g_assert_nonnull (members_window);
  members = TS_REPORT_VIEW (gtk_window_get_child (members_window));
  ts_test_ui_wait_until (view_answered, members, "the members");
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (members)), ==, 1);
  member = g_list_model_get_item (rows_of (members), 0);
  g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (member), "patron_id"), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (members_window), "reports-mailing-list.png");
  gtk_window_destroy (members_window);
  close_reports (window, page);
}

static gboolean
partners_listed (gpointer data)
{
  return _ts_report_view_count_partners (data) > 0;
}

/* K5: the patrons who said yes to a partner company, for its mailing, with
 * the outlet's primary e-mail (P2), exported as CSV; Staff run it (C4). */
static void
test_partner_list (void)
{
  g_autoptr(TsApiClient) staff = ts_test_ui_sign_in (server, "UTH", "staff");
  g_autoptr(JsonNode) partner = ts_test_expect (server, "POST", "/api/v1/partner-companies", uth_manager,
                                                "{\"name\": \"Shaw Festival\"}", 201);
  gint64 partner_id = json_object_get_int_member (object_of (partner), "id");
  gint64 patron = ts_test_owner_int (server, "SELECT id FROM patron WHERE last_name = 'Lovelace'");
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);
  g_autofree char *body = g_strdup_printf ("{\"preferences\": [{\"partner_company_id\": %" G_GINT64_FORMAT ","
                                           " \"answer\": \"yes\"}]}", partner_id);
  g_autoptr(JsonNode) answered = ts_test_expect (server, "PUT", path, uth_manager, body, 200);
  g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "partner.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TsJsonItem) row = NULL;
  GtkWindow *window;
  TsReportsPage *page = open_reports (staff, &window);
  TsReportView *view = view_of (page, "partner-lists");

  ts_test_ui_wait_until (partners_listed, view, "the partner companies");
  _ts_report_view_choose_list (view, FALSE, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.run", NULL));
  ts_test_ui_wait_until (view_answered, view, "the partner's list");
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (view)), ==, 1);
  row = g_list_model_get_item (rows_of (view), 0);
  g_assert_cmpint (json_object_get_int_member (ts_json_item_get_object (row), "patron_id"), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-partner-list.png");

  g_assert_true (_ts_report_view_export_csv (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, ts_test_ui_tr ("E-mail")));
  g_assert_nonnull (strstr (text, "Lovelace"));
  close_reports (window, page);
  g_unlink (csv);
  g_rmdir (dir);
}

static gboolean
day_answered (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && _ts_reports_end_of_day_get_report (data) != NULL;
}

static gboolean
day_closed (gpointer data)
{
  return g_strcmp0 (ts_test_ui_get_string (data, "message"), ts_test_ui_tr ("The till is closed.")) == 0
         && !ts_test_ui_get_boolean (data, "busy");
}

/* A4: the box office agent closes his till at the end of the day: 70.00
 * taken in cash less 35.00 paid back, 30.00 counted: short by 5.00. */
static void
test_close_till (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  gint64 employee = ts_api_client_get_employee_id (client);
  GtkWindow *window;
  TsReportsPage *page = open_reports (client, &window);
  GtkWidget *day;
  TsTillCloseDialog *dialog;
  g_autofree char *short_by = NULL;
  g_autofree char *five = ts_format_money (500);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.show-tab", "s", "end-of-day"));
  day = _ts_reports_page_get_tab (page, "end-of-day");
  ts_test_ui_wait_until (day_answered, day, "the end of day");
  g_assert_true (_ts_reports_end_of_day_choose (TS_REPORTS_END_OF_DAY (day), employee));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-end-of-day.png");
  g_assert_true (gtk_widget_activate_action (day, "eod.close-till", NULL));
  dialog = TS_TILL_CLOSE_DIALOG (ts_test_ui_find_window (TS_TYPE_TILL_CLOSE_DIALOG));
  g_assert_nonnull (dialog);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "what the till took");
  g_assert_true (_ts_till_close_dialog_set_counted (dialog, "cash", "30.00"));
  short_by = g_strdup_printf (ts_test_ui_tr ("Short by %s."), five);
  g_assert_cmpstr (_ts_till_close_dialog_get_over_short (dialog), ==, short_by);
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "reports-close-till.png");
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (day_closed, day, "the till closed");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT over_short_cents FROM till_closing WHERE employee_id = %" G_GINT64_FORMAT,
                                      employee), ==, -500);
  /* closed: the day says so, and it cannot be closed twice from here */
  g_assert_false (gtk_widget_is_sensitive (ts_test_ui_find_button_by_label (day, "Close _Till…")));
  ts_test_ui_screenshot (GTK_WIDGET (window), "reports-till-closed.png");

  /* printable: the tills and the day's summary, one document */
  {
    g_autofree char *dir = g_dir_make_tmp ("reports-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "end-of-day.pdf", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_autofree char *counted = as_pdftotext (ts_format_money (3000));
    g_autofree char *taken = g_strdup_printf (ts_test_ui_tr ("Taken (%s)"), ts_order_method_name ("cash"));
    g_autofree char *name = g_strdup (ts_api_client_get_display_name (client));

    g_assert_true (_ts_reports_end_of_day_print_to (TS_REPORTS_END_OF_DAY (day), path, &error));
    g_assert_no_error (error);
    text = pdf_text (path);
    if (text != NULL)
      {
        g_assert_nonnull (strstr (text, ts_test_ui_tr ("End of day")));
        g_assert_true (has_line (text, name, counted));
        g_assert_nonnull (strstr (text, taken));
      }
    g_unlink (path);
    g_rmdir (dir);
  }
  close_reports (window, page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  today = ts_test_owner_sqlf (server, "SELECT to_char (now () AT TIME ZONE 'America/Toronto', 'YYYY-MM-DD')");
  set_up_season ();

  g_test_add_func ("/client/reports/sales", test_sales);
  g_test_add_func ("/client/reports/export-csv", test_export_csv);
  g_test_add_func ("/client/reports/export-pdf", test_export_pdf);
  g_test_add_func ("/client/reports/pdf-pages", test_pdf_pages);
  g_test_add_func ("/client/reports/cancel", test_cancel);
  g_test_add_func ("/client/reports/keyboard", test_keyboard);
  g_test_add_func ("/client/reports/labels", test_labels);
  g_test_add_func ("/client/reports/charts", test_charts);
  g_test_add_func ("/client/reports/every-report", test_every_report);
  g_test_add_func ("/client/reports/levels", test_levels);
  g_test_add_func ("/client/reports/master", test_master);
  g_test_add_func ("/client/reports/mailing-lists", test_mailing_lists);
  g_test_add_func ("/client/reports/partner-list", test_partner_list);
  g_test_add_func ("/client/reports/close-till", test_close_till);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  g_free (uth_manager);
  g_free (today);
  ts_test_server_free (server);
  return status;
}
