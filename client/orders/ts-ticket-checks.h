/* ts-ticket-checks.h — an order's sold tickets as check buttons, to choose
 * the ones to refund or to give back */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends to box a check button for each sold ticket of order (as GET
 * /orders/{id} answered it), labelled with its summary, and to checks (the
 * box owns the buttons); toggled runs as toggled (data) whenever one is
 * ticked or unticked.  The heading's mnemonic goes to the first, and a lone
 * ticket is ticked already (checks holding it by then). */
void        ts_ticket_checks_fill         (GPtrArray   *checks,
                                           GtkBox      *box,
                                           GtkLabel    *heading,
                                           JsonObject  *order,
                                           GCallback    toggled,
                                           gpointer     data);
/* The order item a check button stands for. */
JsonObject *ts_ticket_check_get_item      (GtkWidget   *check);
/* How many are ticked; their items' ids, added to the builder's open array. */
guint       ts_ticket_checks_count_chosen (GPtrArray   *checks);
void        ts_ticket_checks_add_chosen   (GPtrArray   *checks,
                                           JsonBuilder *builder);
/* Ticks or unticks the one for item_id, as a person would; FALSE when no
 * check button stands for it. */
gboolean    ts_ticket_checks_choose       (GPtrArray   *checks,
                                           gint64       item_id,
                                           gboolean     chosen);

G_END_DECLS
