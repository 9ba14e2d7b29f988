/* ts-receipt-print.h — a sale's receipt printed on the receipt printer's
 * paper: the outlet's header and footer (C7), the order, its lines, its
 * payments by method and its totals (S2, S4) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Prints the receipt of order (a whole order as GET /orders/{id} answers
 * it: a partial one has no payments to print, P5) for outlet (the selling
 * outlet as GET /outlets/{id} answers it: its name, receipt_header and
 * receipt_footer).  On roll paper (narrower than 100 mm) the receipt is a
 * column of the paper's width; on A4 or Letter, a page.  export_pdf: when
 * not NULL, writes that PDF instead of asking (tests).  Returns FALSE with
 * the error when printing failed; when the person cancelled, TRUE. */
gboolean ts_receipt_print (GtkWindow   *parent,
                           JsonObject  *order,
                           JsonObject  *outlet,
                           const char  *export_pdf,
                           GError     **error);

G_END_DECLS
