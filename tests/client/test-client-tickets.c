/* test-client-tickets.c — tickets and receipts after the sale, against a
 * real server, under X (F1, F2, F5, P5, C7)
 *
 * A seat and a general-admission place are sold through the API; then the
 * windows are used as a person would, every print written to a PDF
 * (_ts_order_printing_export_to) that pdftotext reads back: the order
 * window prints the tickets (event, seat, area, ticket numbers), saves them
 * as the server's PDF (pdfinfo), prints the receipt (the outlet's header
 * and footer, the lines, the payments by method, the total), and reprints
 * a ticket, whose barcode version goes up (its old barcode void at the
 * door, the printed one admitted, F5); a
 * refunded ticket is not offered; a server out of reach is said in the
 * window; after a sale on the Sales page, Enter prints the tickets and the
 * offer goes when the next sale starts; will call prints an order's
 * tickets.  With TESSERA_SCREENSHOTS=DIR set, each window is saved there as
 * a PNG, and every PDF as DIR/NAME.pdf. */
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ts-checkout-private.h"
#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-order-printing-private.h"
#include "ts-order-window-private.h"
#include "ts-receipt-print-private.h"
#include "ts-reprint-dialog-private.h"
#include "ts-sales-map.h"
#include "ts-sales-page-private.h"
#include "ts-seat-map-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"
#include "ts-ticket-print.h"
#include "ts-will-call-window.h"

static TsTestServer *server;
static gint64 uth, ath, perf, adult, patron;
static char *seats[10];
static char *area;
static char *uth_boxoffice, *ath_boxoffice;
static char *work_dir;
static guint key_counter;

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

/* A PDF's path in the work folder (kept in TESSERA_SCREENSHOTS, if set). */
static char *
pdf_path (const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");

  if (dir != NULL && *dir != '\0' && g_mkdir_with_parents (dir, 0755) == 0)
    return g_build_filename (dir, name, NULL);
  return g_build_filename (work_dir, name, NULL);
}

/* What a poppler tool says of a file. */
static char *
poppler (const char *tool,
         const char *path)
{
  const char *argv[] = { tool, path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (g_str_equal (tool, "pdfinfo"))
    argv[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s %s failed: %s", tool, path, err);
  return g_steal_pointer (&out);
}

/* The QR codes of a PDF's first page, as a door's reader reads them
 * (pdftoppm, then zbarimg of Debian's zbar-tools). */
static char *
pdf_codes (const char *path)
{
  g_autofree char *png = g_strconcat (path, "-codes", NULL);
  g_autofree char *png_file = g_strconcat (png, ".png", NULL);
  const char *render[] = { "pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", path, png, NULL };
  const char *scan[] = { "zbarimg", "-q", "--raw", png_file, NULL };
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) render, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) scan, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  g_unlink (png_file);
  return g_steal_pointer (&out);
}

/* Words joined by single spaces: no-break spaces (French money, « 35,00 $ »)
 * and line breaks are spaces too. */
static char *
words_of (const char *text)
{
  g_autoptr(GString) plain = g_string_new (text);
  g_auto(GStrv) words = NULL;

  g_string_replace (plain, "\u00a0", " ", 0);
  g_string_replace (plain, "\u202f", " ", 0);
  words = g_strsplit_set (plain->str, " \n\t\f", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (builder, words[i]);
  kept = g_strv_builder_end (builder);
  return g_strjoinv (" ", kept);
}

/* pdftotext's words: a face or a receipt may wrap a line anywhere. */
static char *
pdf_text (const char *path)
{
  g_autofree char *text = poppler ("pdftotext", path);

  return words_of (text);
}

static void
assert_says (const char *text,
             const char *piece)
{
  g_autofree char *spaced = words_of (piece);

  if (strstr (text, spaced) == NULL)
    g_printerr ("The PDF says: %s\n", text);
  g_assert_nonnull (strstr (text, spaced));
}

/* An order of one seat and one general-admission place, paid cash. */
static JsonNode *
sell_seat_and_place (guint seat)
{
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"client-tickets-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
      " {\"performance_id\": %" G_GINT64_FORMAT ", \"area\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 5000}]}",
      ++key_counter, patron, perf, seats[seat], adult, perf, area, adult);

  return ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
}

static JsonNode *
get_order (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, id);

  return ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
}

static guint
load_count (TsOrderWindow *window)
{
  guint count = 0;

  g_object_get (window, "load-count", &count, NULL);
  return count;
}

static gboolean
order_loaded (gpointer data)
{
  return load_count (data) > 0;
}

static TsOrderWindow *
open_order (TsApiClient *client,
            gint64       id)
{
  TsOrderWindow *window = ts_order_window_new (client, id);

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (order_loaded, window, "the order");
  return window;
}

static guint prints_expected;

static gboolean
printed (gpointer data)
{
  return _ts_order_printing_get_count () >= prints_expected;
}

/* The window's action run, and the print it makes waited for. */
static void
print_with (GtkWidget  *widget,
            const char *action,
            GVariant   *parameter)
{
  prints_expected = _ts_order_printing_get_count () + 1;
  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
  ts_test_ui_wait_until (printed, NULL, action);
}

static gboolean
says_something (gpointer data)
{
  const char *message = ts_test_ui_get_string (data, "message");

  return message != NULL && *message != '\0' && !g_str_has_suffix (message, "…");
}

/* Faces drawn on the printer's paper, as many a page as fit: five
 * 2"×5.5" tickets stand two to an A4 page. */
static void
test_print_faces (void)
{
  const char *svg = "<svg xmlns='http://www.w3.org/2000/svg' width='140mm' height='50.8mm' viewBox='0 0 140 50.8'>"
                    "<rect width='140' height='50.8' fill='none' stroke='black'/>"
                    "<text x='10' y='25' font-size='8'>Ticket face</text></svg>";
  const char *faces[] = { svg, svg, svg, svg, svg, NULL };
  g_autofree char *path = pdf_path ("faces.pdf");
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;

  ts_ticket_print_faces (NULL, faces, 5, 140, 50.8, path, &error);
  g_assert_no_error (error);   /* before the answer, to read why */
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Ticket face"));
  info = poppler ("pdfinfo", path);
  /* the default paper (A4 or Letter) holds three 50.8 mm faces: two pages */
  g_assert_nonnull (strstr (info, "Pages:           2"));

  /* nothing to print is said, not printed */
  g_assert_false (ts_ticket_print_faces (NULL, faces, 0, 140, 50.8, path, &error));
  g_assert_nonnull (error);
}

/* The print dialog, once it shows: looked at, then cancelled as a person
 * would. */
static gboolean
cancel_print_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          ts_test_ui_pause (500);    /* its printers listed */
          ts_test_ui_screenshot (GTK_WIDGET (window), "print-dialog.png");
          gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
          *(gboolean *) data = TRUE;
          return G_SOURCE_REMOVE;
        }
    }
  return G_SOURCE_CONTINUE;
}

/* Without export_pdf the person chooses the printer and its paper in GTK's
 * print dialog; cancelling it is no failure. */
static void
test_print_dialog (void)
{
  const char *svg = "<svg xmlns='http://www.w3.org/2000/svg' width='203.2mm' height='82.55mm' viewBox='0 0 203.2 82.55'>"
                    "<text x='10' y='25' font-size='8'>Ticket face</text></svg>";
  const char *faces[] = { svg, NULL };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autoptr(GError) error = NULL;
  gboolean shown = FALSE;
  guint source;

  gtk_window_present (window);
  source = g_timeout_add (100, cancel_print_dialog, &shown);
  g_assert_true (ts_ticket_print_faces (window, faces, 1, 203.2, 82.55, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (shown);
  if (!shown)
    g_source_remove (source);
  gtk_window_destroy (window);
}

/* F1, F2: the order window prints every ticket of the order, with its
 * event, seat or area and ticket number. */
static void
test_order_print (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (0);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autoptr(JsonNode) loaded = get_order (order_id);
  JsonArray *items = json_object_get_array_member (object_of (loaded), "items");
  g_autofree char *path = pdf_path ("tickets-order.pdf");
  g_autofree char *text = NULL;
  TsOrderWindow *window;

  _ts_order_printing_export_to (path);
  window = open_order (client, order_id);
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-printing.png");
  g_assert_true (ts_test_ui_find_button_by_label (GTK_WIDGET (window), N_("Print T_ickets")) != NULL);
  print_with (GTK_WIDGET (window), "order.print-tickets", NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "error"));
  text = pdf_text (path);
  assert_says (text, "Hamlet");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (item, "ticket_number"));

      g_assert_cmpint (json_object_get_int_member (item, "ticket_number"), >, 0);
      assert_says (text, number);
      assert_says (text, ts_order_item_seat_name (item));
    }
  {
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket sent to the printer.",
                                                             "%u tickets sent to the printer.", 2), 2);

    g_assert_cmpstr (ts_test_ui_get_string (window, "message"), ==, message);
  }
  /* Ctrl+P prints them again, by keyboard alone */
  if (ts_test_input_available (NULL))
    {
      gtk_window_present (GTK_WINDOW (window));
      ts_test_ui_pause (200);
      prints_expected = _ts_order_printing_get_count () + 1;
      ts_test_input_key_with (GDK_KEY_p, GDK_CONTROL_MASK);
      ts_test_ui_wait_until (printed, NULL, "the tickets printed by Ctrl+P");
    }
  gtk_window_destroy (GTK_WINDOW (window));
  _ts_order_printing_export_to (NULL);
}

/* C7, S4: the receipt holds the outlet's header and footer, each line, the
 * payments by method and the totals. */
static void
test_receipt (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (1);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autofree char *path = pdf_path ("receipt.pdf");
  g_autofree char *text = NULL;
  g_autofree char *price = ts_format_money (3500);
  g_autofree char *place = ts_format_money (1500);
  g_autofree char *total = ts_format_money (5000);
  g_autofree char *nothing = ts_format_money (0);
  TsOrderWindow *window;

  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET receipt_header = 'University Theatre Box Office\nOpen daily',"
                              " receipt_footer = 'Thank you for coming' WHERE id = %" G_GINT64_FORMAT, uth));
  _ts_order_printing_export_to (path);
  window = open_order (client, order_id);
  print_with (GTK_WIDGET (window), "order.print-receipt", NULL);
  text = pdf_text (path);
  assert_says (text, "University Theatre Box Office Open daily");
  assert_says (text, "Thank you for coming");
  assert_says (text, "Hamlet");
  assert_says (text, "Ada Lovelace");
  assert_says (text, price);
  assert_says (text, place);
  {
    g_autofree char *cash = g_strdup_printf ("%s %s", ts_test_ui_tr ("Cash"), total);
    g_autofree char *totals = g_strdup_printf ("%s %s", ts_test_ui_tr ("Total"), total);
    g_autofree char *balance = g_strdup_printf ("%s %s", ts_test_ui_tr ("Balance due"), nothing);
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
    g_autofree char *heading = g_strdup_printf (ts_test_ui_tr ("Order %s"), number);

    assert_says (text, cash);
    assert_says (text, totals);
    assert_says (text, balance);
    assert_says (text, heading);
  }

  /* on an 80 mm receipt roll: a column the roll's width, saying the same */
  {
    g_autoptr(GtkPaperSize) roll = gtk_paper_size_new_custom ("roll-80", "Receipt roll", 80, 200, GTK_UNIT_MM);
    g_autofree char *roll_path = pdf_path ("receipt-roll.pdf");
    g_autofree char *roll_text = NULL;
    g_autofree char *info = NULL;

    _ts_receipt_print_use_paper (roll);
    _ts_order_printing_export_to (roll_path);
    print_with (GTK_WIDGET (window), "order.print-receipt", NULL);
    _ts_receipt_print_use_paper (NULL);
    info = poppler ("pdfinfo", roll_path);
    g_assert_nonnull (strstr (info, "Page size:       226.77"));
    roll_text = pdf_text (roll_path);
    assert_says (roll_text, "Thank you for coming");
    assert_says (roll_text, total);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  _ts_order_printing_export_to (NULL);
  g_free (ts_test_owner_sqlf (server, "UPDATE outlet SET receipt_header = NULL, receipt_footer = NULL WHERE id = %"
                              G_GINT64_FORMAT, uth));
}

/* Save PDF… writes the server's PDF of the tickets. */
static void
test_save_pdf (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (2);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autofree char *path = pdf_path ("tickets-saved.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  TsOrderWindow *window = open_order (client, order_id);

  g_unlink (path);
  prints_expected = _ts_order_printing_get_count () + 1;
  _ts_order_window_save_pdf_to (window, file);
  ts_test_ui_wait_until (printed, NULL, "the PDF saved");
  info = poppler ("pdfinfo", path);
  g_assert_nonnull (strstr (info, "Pages:"));
  text = pdf_text (path);
  assert_says (text, "Hamlet");
  g_assert_cmpstr (ts_test_ui_get_string (window, "message"), ==, ts_test_ui_tr ("The tickets were saved as a PDF."));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  TsOrderWindow *window;
  guint          count;
} Reload;

static gboolean
order_reloaded (gpointer data)
{
  Reload *reload = data;

  return load_count (reload->window) > reload->count;
}

/* F5: a reprint from the order window gives the ticket a new barcode
 * version (the old barcode stops admitting), counts it, and prints it. */
static void
test_reprint (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (3);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autoptr(JsonNode) before = get_order (order_id);
  JsonObject *seat_item = json_array_get_object_element (json_object_get_array_member (object_of (before), "items"), 0);
  gint64 item_id = json_object_get_int_member (seat_item, "id");
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *path = pdf_path ("tickets-reprinted.pdf");
  g_autofree char *text = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (seat_item, "ticket_number"));
  g_autofree char *old_code = NULL;
  TsOrderWindow *window = open_order (client, order_id);
  TsReprintDialog *dialog;
  Reload reload;

  g_assert_cmpint (json_object_get_int_member (seat_item, "barcode_version"), ==, 1);
  {
    g_autofree char *tickets_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets?items=%" G_GINT64_FORMAT,
                                                     order_id, item_id);
    g_autoptr(JsonNode) tickets = ts_test_expect (server, "GET", tickets_path, uth_boxoffice, NULL, 200);
    JsonObject *ticket = json_array_get_object_element (json_object_get_array_member (object_of (tickets), "tickets"), 0);

    old_code = g_strdup (json_object_get_string_member (ticket, "barcode"));
  }
  _ts_order_printing_export_to (path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.reprint", NULL));
  dialog = TS_REPRINT_DIALOG (ts_test_ui_find_window (TS_TYPE_REPRINT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (_ts_reprint_dialog_count_offered (dialog), ==, 2);
  /* nothing chosen: said, nothing sent */
  ts_test_ui_submit (dialog);
  g_assert_true (ts_test_ui_dialog_says (dialog));
  g_assert_true (_ts_reprint_dialog_choose_item (dialog, item_id, TRUE));
  ts_test_ui_submit (dialog);
  g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (dialog)), ==, ts_test_ui_tr ("Say why the tickets are reprinted."));
  _ts_reprint_dialog_set_reason (dialog, "Ticket torn at the door");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "reprint-dialog.png");
  reload = (Reload) { window, load_count (window) };
  prints_expected = _ts_order_printing_get_count () + 1;
  ts_test_ui_submit (dialog);
  ts_test_ui_wait_until (printed, NULL, "the reprinted ticket printed");
  ts_test_ui_wait_until (order_reloaded, &reload, "the order again");

  after = get_order (order_id);
  {
    JsonArray *items = json_object_get_array_member (object_of (after), "items");

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);
        gboolean reprinted = json_object_get_int_member (item, "id") == item_id;

        /* F5: the old barcode (version 1) no longer admits */
        g_assert_cmpint (json_object_get_int_member (item, "barcode_version"), ==, reprinted ? 2 : 1);
        g_assert_cmpint (json_object_get_int_member (item, "reprint_count"), ==, reprinted ? 1 : 0);
      }
  }
  text = pdf_text (path);
  assert_says (text, number);
  /* the printed barcode is the new version's */
  {
    g_autofree char *codes = pdf_codes (path);
    g_autofree char *code = g_strdup_printf ("TS1-%" G_GINT64_FORMAT "-%s-2-", uth, number);

    if (strstr (codes, code) == NULL)
      g_printerr ("The PDF's codes: %s\n", codes);
    g_assert_nonnull (strstr (codes, code));
  }
  /* at the door, the old ticket is void and the reprinted one admits (F4, F5) */
  {
    g_autofree char *door = ts_test_sign_in (server, "UTH", "door", "door-password");
    g_autofree char *old_scan = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Main\", \"nonce\": \"reprint-old-%05u\"}",
                                                 old_code, ++key_counter);
    g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", "/api/v1/scans", door, old_scan, 200);
    g_autofree char *codes = pdf_codes (path);
    g_auto(GStrv) lines = g_strsplit (codes, "\n", -1);
    g_autofree char *code = g_strdup_printf ("TS1-%" G_GINT64_FORMAT "-%s-2-", uth, number);
    guint admitted_count = 0;

    g_assert_cmpstr (json_object_get_string_member (object_of (refused), "result"), ==, "void");
    g_assert_cmpstr (json_object_get_string_member (object_of (refused), "reason"), ==, "replaced");
    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], code))
        {
          g_autofree char *new_scan = g_strdup_printf ("{\"code\": \"%s\", \"door\": \"Main\", \"nonce\": \"reprint-new-%05u\"}",
                                                       lines[i], ++key_counter);
          g_autoptr(JsonNode) admitted = ts_test_expect (server, "POST", "/api/v1/scans", door, new_scan, 200);

          g_assert_cmpstr (json_object_get_string_member (object_of (admitted), "result"), ==, "admitted");
          admitted_count++;
        }
    g_assert_cmpuint (admitted_count, ==, 1);
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action ILIKE '%%reprint%%'"), >=, 1);
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-reprinted.png");
  gtk_window_destroy (GTK_WINDOW (window));
  _ts_order_printing_export_to (NULL);
}

/* A refunded ticket has nothing to print: not offered, and said why. */
static void
test_refunded_not_offered (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (4);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autoptr(JsonNode) loaded = get_order (order_id);
  JsonArray *items = json_object_get_array_member (object_of (loaded), "items");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order_id);
  g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], \"reason\": \"Ill\","
                                           " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 5000}]}",
                                           json_object_get_int_member (json_array_get_object_element (items, 0), "id"),
                                           json_object_get_int_member (json_array_get_object_element (items, 1), "id"));
  TsOrderWindow *window;
  GtkWidget *button;

  json_node_unref (ts_test_expect (server, "POST", path, uth_boxoffice, body, 200));
  window = open_order (client, order_id);
  button = ts_test_ui_find_button_by_label (GTK_WIDGET (window), N_("Print T_ickets"));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   ts_test_ui_tr ("This order has no ticket to print: refunded tickets are not printed."));
  g_assert_false (gtk_widget_get_sensitive (ts_test_ui_find_button_by_label (GTK_WIDGET (window), N_("Repri_nt…"))));
  /* the receipt still tells the refund */
  g_assert_true (gtk_widget_get_sensitive (ts_test_ui_find_button_by_label (GTK_WIDGET (window), N_("Print Re_ceipt"))));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* P5, F2: another outlet's sale of the owner's ticket.  The seller prints
 * it with the owning outlet's face; the owner sees only its own line of the
 * order and prints it, but the receipt is the seller's. */
static void
test_partial_order (void)
{
  g_autoptr(TsApiClient) owner = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(TsApiClient) seller = ts_test_ui_sign_in (server, "ATH", "boxoffice");
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"client-tickets-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"card\", \"amount_cents\": 3500}]}",
      ++key_counter, patron, perf, seats[8], adult);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  g_autofree char *path = pdf_path ("tickets-partial.pdf");
  g_autofree char *text = NULL;
  TsOrderWindow *window;
  GtkWidget *receipt;

  _ts_order_printing_export_to (path);
  window = open_order (seller, order_id);
  print_with (GTK_WIDGET (window), "order.print-tickets", NULL);
  text = pdf_text (path);
  /* F2: the owning outlet's face, its name on it */
  assert_says (text, "University Theatre");
  assert_says (text, "Hamlet");
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&text, g_free);

  window = open_order (owner, order_id);
  g_assert_true (json_object_get_boolean_member (_ts_order_window_get_order (window), "partial"));
  /* the receipt goes with the payments, which are the seller's */
  receipt = ts_test_ui_find_button_by_label (GTK_WIDGET (window), N_("Print Re_ceipt"));
  g_assert_true (receipt == NULL || !gtk_widget_get_sensitive (receipt));
  g_assert_false (_ts_order_window_shows_payments (window));
  print_with (GTK_WIDGET (window), "order.print-tickets", NULL);
  text = pdf_text (path);
  assert_says (text, "Hamlet");
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-partial.png");
  gtk_window_destroy (GTK_WINDOW (window));
  _ts_order_printing_export_to (NULL);
}

/* A server out of reach is said in the window's message line. */
static void
test_server_down (void)
{
  g_autoptr(TsTestProxy) proxy = ts_test_proxy_new (server);
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in_at (server, ts_test_proxy_get_url (proxy), "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (5);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  TsOrderWindow *window = open_order (client, order_id);
  const char *message;

  ts_test_proxy_set_up (proxy, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "order.print-tickets", NULL));
  ts_test_ui_wait_until (says_something, window, "the print's failure");
  message = ts_test_ui_get_string (window, "message");
  g_assert_nonnull (strstr (message, ts_api_client_get_base_url (client)));
  ts_test_ui_screenshot (GTK_WIDGET (window), "order-window-print-failed.png");
  gtk_window_destroy (GTK_WINDOW (window));
  ts_test_proxy_set_up (proxy, TRUE);
}

/* Sales page ---------------------------------------------------------------- */

static gboolean
page_idle (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy");
}

static gboolean
page_has_plan (gpointer data)
{
  return ts_seat_map_get_plan (ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (data))) != NULL
         && page_idle (data);
}

static guint
cart_size (TsSalesPage *page)
{
  guint size = 0;

  g_object_get (_ts_sales_page_get_cart (page), "size", &size, NULL);
  return size;
}

static gboolean
cart_filled (gpointer data)
{
  return cart_size (data) > 0 && page_idle (data);
}

static gboolean
offered (gpointer data)
{
  return ts_sale_offer_get_order_id (_ts_sales_page_get_offer (data)) != 0;
}

static void
add_seat (TsSalesPage *page,
          const char  *guid)
{
  TsSeatMap *map = ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (page));
  int index = ts_seat_map_find_seat (map, guid);

  g_assert_cmpint (index, >=, 0);
  _ts_seat_map_toggle_selected (map, (guint) index);
  ts_test_ui_wait_until (page_idle, page, "the page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.add-selection", NULL));
  ts_test_ui_wait_until (cart_filled, page, "the seat in the cart");
}

/* F1: after a sale the agent is offered its tickets, the focus on Print
 * Tickets: Enter prints them; the offer goes once the next sale starts. */
static void
test_after_sale (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  TsSalesPage *page = ts_sales_page_new (client);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TsSaleOffer *offer = _ts_sales_page_get_offer (page);
  g_autofree char *path = pdf_path ("tickets-after-sale.pdf");
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *focus;
  gint64 order_id;

  gtk_window_set_default_size (window, 1280, 760);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ts_test_ui_wait_until (page_idle, page, "the performances");
  g_object_set (page, "performance-id", perf, NULL);
  ts_test_ui_wait_until (page_has_plan, page, "the seat map");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer)));

  add_seat (page, seats[6]);
  _ts_checkout_set_patron (_ts_sales_page_get_checkout (page), patron, "Ada Lovelace");
  ts_test_ui_wait_until (page_idle, page, "the patron's vouchers");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.sell", NULL));
  ts_test_ui_wait_until (offered, page, "the sale's tickets offered");
  ts_test_ui_wait_until (page_idle, page, "the page after the sale");
  order_id = ts_sale_offer_get_order_id (offer);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (offer)));
  ts_test_ui_screenshot (GTK_WIDGET (window), "sales-after-sale.png");

  /* one keystroke: Enter on Print Tickets, which has the focus */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "sales.print-tickets");
  g_object_get (focus, "tooltip-text", &reason, NULL);
  g_assert_nonnull (strstr (reason, "Ctrl+P"));
  _ts_order_printing_export_to (path);
  prints_expected = _ts_order_printing_get_count () + 1;
  if (ts_test_input_available (NULL))
    ts_test_input_key (GDK_KEY_Return, FALSE);
  else
    gtk_widget_activate (focus);
  ts_test_ui_wait_until (printed, NULL, "the tickets printed by Enter");
  text = pdf_text (path);
  assert_says (text, "Hamlet");
  {
    g_autoptr(JsonNode) sold = get_order (order_id);
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (object_of (sold), "items"), 0);
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (item, "ticket_number"));

    assert_says (text, number);
  }

  /* Ctrl+P prints them too, from anywhere on the page */
  prints_expected = _ts_order_printing_get_count () + 1;
  gtk_widget_grab_focus (GTK_WIDGET (ts_sales_map_get_seat_map (_ts_sales_page_get_sales_map (page))));
  if (ts_test_input_available (NULL))
    ts_test_input_key_with (GDK_KEY_p, GDK_CONTROL_MASK);
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.print-tickets", NULL));
  ts_test_ui_wait_until (printed, NULL, "the tickets printed by Ctrl+P");

  /* the next sale starts: the offer goes */
  add_seat (page, seats[7]);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer)));
  g_assert_cmpint (ts_sale_offer_get_order_id (offer), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.release-cart", NULL));
  ts_test_ui_wait_until (page_idle, page, "the cart released");
  _ts_order_printing_export_to (NULL);
  gtk_window_destroy (window);
}

/* Will call ------------------------------------------------------------------ */

static gboolean
will_call_idle (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "loading");
}

/* Will call prints an order's tickets before they are handed over. */
static void
test_will_call (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  g_autoptr(JsonNode) order = sell_seat_and_place (7);
  gint64 order_id = json_object_get_int_member (object_of (order), "id");
  TsWillCallWindow *window = ts_will_call_window_new (NULL, client, perf, "Hamlet");
  g_autofree char *path = pdf_path ("tickets-will-call.pdf");
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ts_test_ui_wait_until (will_call_idle, window, "the will call");
  ts_test_ui_screenshot (GTK_WIDGET (window), "will-call-print.png");
  _ts_order_printing_export_to (path);
  print_with (GTK_WIDGET (window), "will-call.print-order", g_variant_new_int64 (order_id));
  text = pdf_text (path);
  assert_says (text, "Hamlet");
  _ts_order_printing_export_to (NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_up_season (void)
{
  g_autofree char *manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Print Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 20, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  gint64 event, r, commission;

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  area = ts_test_owner_sqlf (server, "SELECT area_key FROM map_ga_area WHERE map_id = %" G_GINT64_FORMAT " LIMIT 1", map_id);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  /* ATH may sell it too (E3, T5) */
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '10 days', 30, 30, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                              ", %" G_GINT64_FORMAT ")", perf, ath));
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %" G_GINT64_FORMAT
                             ") RETURNING id", uth, commission);
  r = ts_test_owner_int (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id", uth, adult, perf);
  g_free (ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                              G_GINT64_FORMAT ", 'Standing', 1500)", r));
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  work_dir = g_dir_make_tmp ("tessera-tickets-XXXXXX", NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  set_up_season ();

  g_test_add_func ("/client/tickets/print-faces", test_print_faces);
  g_test_add_func ("/client/tickets/print-dialog", test_print_dialog);
  g_test_add_func ("/client/tickets/order-print", test_order_print);
  g_test_add_func ("/client/tickets/receipt", test_receipt);
  g_test_add_func ("/client/tickets/save-pdf", test_save_pdf);
  g_test_add_func ("/client/tickets/reprint", test_reprint);
  g_test_add_func ("/client/tickets/refunded-not-offered", test_refunded_not_offered);
  g_test_add_func ("/client/tickets/partial-order", test_partial_order);
  g_test_add_func ("/client/tickets/server-down", test_server_down);
  g_test_add_func ("/client/tickets/after-sale", test_after_sale);
  g_test_add_func ("/client/tickets/will-call", test_will_call);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (area);
  g_free (uth_boxoffice);
  g_free (ath_boxoffice);
  ts_test_server_free (server);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) dir = g_file_new_for_path (work_dir);
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, &error);
    GFileInfo *info;

    while (files != NULL && (info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
      {
        g_autofree char *file = g_build_filename (work_dir, g_file_info_get_name (info), NULL);

        g_unlink (file);
        g_object_unref (info);
      }
    g_rmdir (work_dir);
  }
  g_free (work_dir);
  return status;
}
