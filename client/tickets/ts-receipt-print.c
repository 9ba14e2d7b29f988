/* ts-receipt-print.c — a sale's receipt, laid out with Pango on the receipt
 * printer's paper (C7, S2, S4)
 *
 * The receipt is a column of blocks (the outlet's header, the order, each
 * line with its price at the right, the payments by method, the totals, the
 * footer), laid out once the paper is known ("begin-print"): roll paper gets
 * small type edge to edge, a sheet a normal page with margins.  Blocks are
 * never cut across pages.  Money and times are written as on screen
 * (ts-format: the outlet's time zone). */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-receipt-print-private.h"

/* Paper narrower than this is a receipt roll (58 or 80 mm). */
#define ROLL_MAX_WIDTH_PT (100.0 / 25.4 * 72.0)

typedef enum
{
  BLOCK_CENTRED,      /* header, footer */
  BLOCK_TEXT,         /* the order's facts */
  BLOCK_AMOUNT,       /* a line or a total: text, and an amount at the right */
  BLOCK_RULE,         /* a thin line across */
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *markup;
  char      *amount;   /* BLOCK_AMOUNT */
  /* laid out in begin-print */
  PangoLayout *layout;
  PangoLayout *amount_layout;
  double     height;
  int        page;
  double     y;
} Block;

typedef struct
{
  GPtrArray *blocks;
  double     margin;   /* points */
  double     gap;
} Job;

/* The receipt printer last chosen, for the next receipt of this session. */
static GtkPrintSettings *last_settings;
static GtkPageSetup *test_page_setup;

static void
block_free (Block *block)
{
  g_free (block->markup);
  g_free (block->amount);
  g_clear_object (&block->layout);
  g_clear_object (&block->amount_layout);
  g_free (block);
}

static void
add_block (Job        *job,
           BlockKind   kind,
           const char *markup,
           const char *amount)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->markup = g_strdup (markup ? markup : "");
  block->amount = g_strdup (amount);
  g_ptr_array_add (job->blocks, block);
}

/* Plain text as markup. */
static void
add_text (Job        *job,
          BlockKind   kind,
          const char *text,
          const char *amount)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);

  add_block (job, kind, markup, amount);
}

static void
add_money (Job        *job,
           const char *label,
           gint64      cents,
           gboolean    bold)
{
  g_autofree char *money = ts_format_money (cents);
  g_autofree char *escaped = g_markup_escape_text (label, -1);
  g_autofree char *markup = bold ? g_strdup_printf ("<b>%s</b>", escaped) : g_strdup (escaped);

  add_block (job, BLOCK_AMOUNT, markup, money);
}

/* What the receipt says, top to bottom. */
static void
fill_receipt (Job        *job,
              JsonObject *order,
              JsonObject *outlet)
{
  JsonArray *items = json_object_get_array_member (order, "items");
  JsonArray *payments = json_object_get_array_member (order, "payments");
  const char *header = ts_order_string_member (outlet, "receipt_header");
  const char *footer = ts_order_string_member (outlet, "receipt_footer");
  g_autofree char *name = g_markup_escape_text (ts_order_string_member (outlet, "name"), -1);
  g_autofree char *name_markup = g_strdup_printf ("<b><big>%s</big></b>", name);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (order, "id", 0));
  g_autofree char *order_line = g_strdup_printf (_("Order %s"), number);
  g_autofree char *created = ts_format_time (ts_order_string_member (order, "created_at"), TS_TIME_LONG);
  g_autofree char *patron = NULL;
  g_autoptr(GHashTable) by_method = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) methods = g_ptr_array_new_with_free_func (g_free);
  gint64 total = json_object_get_int_member_with_default (order, "total_cents", 0);
  gint64 paid = json_object_get_int_member_with_default (order, "paid_cents", 0);

  /* C7: the outlet's own words above and below the sale */
  add_block (job, BLOCK_CENTRED, name_markup, NULL);
  if (*header != '\0')
    add_text (job, BLOCK_CENTRED, header, NULL);
  add_block (job, BLOCK_RULE, NULL, NULL);

  if (json_object_get_boolean_member_with_default (order, "walk_up_no_patron", FALSE))
    patron = g_strdup (_("Walk-up sale"));   /* S8 */
  else
    patron = g_strdup_printf (_("Patron: %s"), ts_order_string_member (order, "purchaser"));
  {
    g_autofree char *escaped_order = g_markup_escape_text (order_line, -1);
    g_autofree char *escaped_created = g_markup_escape_text (created, -1);
    g_autofree char *escaped_patron = g_markup_escape_text (patron, -1);
    g_autofree char *facts = g_strdup_printf ("<b>%s</b>\n%s\n%s", escaped_order, escaped_created, escaped_patron);

    add_block (job, BLOCK_TEXT, facts, NULL);
  }
  add_block (job, BLOCK_RULE, NULL, NULL);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *event = ts_order_string_member (item, "event");
      g_autofree char *when = ts_format_time (ts_order_string_member (item, "starts_at"), TS_TIME_LONG);
      const char *seat = ts_order_item_seat_name (item);
      gboolean refunded = g_strcmp0 (ts_order_string_member (item, "status"), "refunded") == 0;
      g_autofree char *price = ts_format_money (json_object_get_int_member_with_default (item, "price_cents", 0));
      g_autofree char *title = g_markup_escape_text (*event ? event : _("(not a ticket)"), -1);
      g_autoptr(GString) details = g_string_new (NULL);
      g_autofree char *details_markup = NULL;
      g_autofree char *markup = NULL;

      if (*when != '\0')
        g_string_append (details, when);
      if (*seat != '\0')
        g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", seat);
      g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", ts_order_string_member (item, "ticket_type"));
      if (refunded)
        g_string_append_printf (details, " · %s", _("Refunded"));
      details_markup = g_markup_escape_text (details->str, -1);
      markup = g_strdup_printf ("<b>%s</b>\n%s", title, details_markup);
      add_block (job, BLOCK_AMOUNT, markup, price);
    }
  add_block (job, BLOCK_RULE, NULL, NULL);

  /* S4: the payments summed by method, in the order first used */
  for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = json_array_get_object_element (payments, i);
      const char *method = ts_order_string_member (payment, "method");
      gint64 *sum = g_hash_table_lookup (by_method, method);

      if (sum == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (by_method, g_strdup (method), sum);
          g_ptr_array_add (methods, g_strdup (method));
        }
      *sum += json_object_get_int_member_with_default (payment, "amount_cents", 0);
    }
  for (guint i = 0; i < methods->len; i++)
    add_money (job, ts_order_method_name (methods->pdata[i]),
               *(gint64 *) g_hash_table_lookup (by_method, methods->pdata[i]), FALSE);
  if (methods->len > 0)
    add_block (job, BLOCK_RULE, NULL, NULL);
  add_money (job, _("Total"), total, TRUE);
  add_money (job, _("Paid"), paid, FALSE);
  add_money (job, _("Balance due"), total - paid, FALSE);

  if (*footer != '\0')
    {
      add_block (job, BLOCK_RULE, NULL, NULL);
      add_text (job, BLOCK_CENTRED, footer, NULL);
    }
}

static PangoLayout *
new_layout (GtkPrintContext            *context,
            const PangoFontDescription *font,
            const char                 *markup,
            double                      width,
            PangoAlignment              alignment)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* The paper is known: blocks laid out and put on pages. */
static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             Job               *job)
{
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);
  gboolean roll = page_w < ROLL_MAX_WIDTH_PT;
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (roll ? "Sans 8" : "Sans 10");
  double width, y, usable;
  int page = 0;

  job->margin = roll ? 6.0 : 56.0;         /* 2 mm on a roll, 20 mm on a sheet */
  job->gap = roll ? 3.0 : 5.0;
  width = MAX (page_w - 2 * job->margin, 36.0);
  usable = MAX (page_h - 2 * job->margin, 36.0);
  y = 0;
  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = job->blocks->pdata[i];
      int text_h = 0, amount_w = 0, amount_h = 0;

      switch (block->kind)
        {
        case BLOCK_RULE:
          block->height = 1.0;
          break;
        case BLOCK_AMOUNT:
          block->amount_layout = new_layout (context, font, block->amount, width, PANGO_ALIGN_RIGHT);
          pango_layout_get_pixel_size (block->amount_layout, NULL, &amount_h);
          pango_layout_set_width (block->amount_layout, -1);
          pango_layout_get_pixel_size (block->amount_layout, &amount_w, NULL);
          block->layout = new_layout (context, font, block->markup, MAX (width - amount_w - job->gap * 2, 24.0),
                                      PANGO_ALIGN_LEFT);
          pango_layout_get_pixel_size (block->layout, NULL, &text_h);
          block->height = MAX (text_h, amount_h);
          break;
        case BLOCK_CENTRED:
        case BLOCK_TEXT:
          block->layout = new_layout (context, font, block->markup, width,
                                      block->kind == BLOCK_CENTRED ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
          pango_layout_get_pixel_size (block->layout, NULL, &text_h);
          block->height = text_h;
          break;
        }
      /* a block is never cut: it starts the next page instead */
      if (y > 0 && y + block->height > usable)
        {
          page++;
          y = 0;
        }
      block->page = page;
      block->y = y;
      y += block->height + job->gap;
    }
  gtk_print_operation_set_n_pages (operation, page + 1);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           Job               *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double page_w = gtk_print_context_get_width (context);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = job->blocks->pdata[i];
      double top = job->margin + block->y;

      if (block->page != page_nr)
        continue;
      if (block->kind == BLOCK_RULE)
        {
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, job->margin, top + 0.5);
          cairo_line_to (cr, page_w - job->margin, top + 0.5);
          cairo_stroke (cr);
          continue;
        }
      cairo_move_to (cr, job->margin, top);
      pango_cairo_show_layout (cr, block->layout);
      if (block->amount_layout != NULL)
        {
          int amount_w = 0;

          pango_layout_get_pixel_size (block->amount_layout, &amount_w, NULL);
          cairo_move_to (cr, page_w - job->margin - amount_w, top);
          pango_cairo_show_layout (cr, block->amount_layout);
        }
    }
}

gboolean
ts_receipt_print (GtkWindow   *parent,
                  JsonObject  *order,
                  JsonObject  *outlet,
                  const char  *export_pdf,
                  GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  Job job = { blocks, 0, 0 };
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (order != NULL && outlet != NULL, FALSE);

  /* P5: the owning outlet's view of another outlet's sale has no payments */
  if (json_object_get_boolean_member_with_default (order, "partial", FALSE))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_FORBIDDEN,
                   _("Only the outlet that sold this order prints its receipt."));
      return FALSE;
    }
  fill_receipt (&job, order, outlet);

  operation = gtk_print_operation_new ();
  /* points: Pango's type sizes come out as written */
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Receipt"));
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
  if (test_page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, test_page_setup);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), &job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), &job);
  if (export_pdf != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_pdf);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  else
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && export_pdf == NULL)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
  return TRUE;
}

void
_ts_receipt_print_use_paper (GtkPaperSize *paper)
{
  g_clear_object (&test_page_setup);
  if (paper == NULL)
    return;
  test_page_setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (test_page_setup, paper);
}
