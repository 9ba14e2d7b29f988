/* ts-seat-change-dialog.c — each movable ticket of an order with a drop-down
 * of free seats; one POST /orders/{id}/move for every ticket changed
 *
 * A seat change keeps the price paid, so a seated ticket is offered only
 * the free seats of its price zone (the map category the item carries as
 * "price_zone"); an open comp is free and may be seated in any zone.  GA
 * tickets keep their area.  Free seats come from ts-free-seats.h, one list
 * per performance of the order.  The server decides in one transaction: a
 * seat taken meanwhile refuses the whole change, which is shown here, and
 * the lists are read again.  Where only an override would allow the move
 * (S3: a closed sales window, a past or postponed performance), the owning
 * outlet's agent is asked whether to override, and why, and the same change
 * is sent again with the override. */
#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-format.h"
#include "ts-free-seats.h"
#include "ts-order-format.h"
#include "ts-override-dialog.h"
#include "ts-seat-change-dialog-private.h"

typedef struct
{
  JsonObject  *item;
  gint64       performance_id;
  GtkLabel    *current_label;
  GtkDropDown *dropdown;
  GPtrArray   *choices;           /* TsFreeSeat * of its performance's list; entry i + 1 */
  char        *kept_guid;         /* the chosen seat while the list is replaced */
} Row;

struct _TsSeatChangeDialog
{
  TsDialog      parent_instance;

  GtkLabel     *items_heading;
  GtkGrid      *items_grid;
  GtkLabel     *ga_note;

  JsonObject   *order;
  GPtrArray    *rows;              /* Row */
  GHashTable   *seats;             /* performance id (gint64 *) → GPtrArray of TsFreeSeat */
  guint         moving;            /* tickets in the change being sent */
  gint64        moving_owner;      /* the outlet owning all their performances, or 0 */
  guint         pending;           /* free-seat lists in flight */
  gboolean      filling;           /* drop-downs being refilled: not the person's doing */
};

G_DEFINE_FINAL_TYPE (TsSeatChangeDialog, ts_seat_change_dialog, TS_TYPE_DIALOG)

enum { MOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
row_free (Row *row)
{
  json_object_unref (row->item);
  g_ptr_array_unref (row->choices);
  g_free (row->kept_guid);
  g_free (row);
}

static void
on_choice_changed (TsSeatChangeDialog *self)
{
  /* an old complaint goes once the person acts on it (not while the
   * dialog goes, its rows first) */
  if (!self->filling && self->rows != NULL)
    ts_dialog_set_message (TS_DIALOG (self), NULL);
}

/* Saving waits for every free-seat list: a choice is made from them. */
static void
update_ready (TsSeatChangeDialog *self)
{
  ts_dialog_set_ready (TS_DIALOG (self), self->pending == 0 && self->rows->len > 0);
}

gboolean
ts_seat_change_dialog_item_movable (JsonObject *item)
{
  return g_strcmp0 (ts_order_string_member (item, "status"), "sold") == 0
         && (ts_order_item_is_open_comp (item)
             || (json_object_get_int_member_with_default (item, "performance_id", 0) != 0
                 && *ts_order_string_member (item, "seat") != '\0'));
}

static Row *
find_row (TsSeatChangeDialog *self,
          gint64              item_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (json_object_get_int_member (row->item, "id") == item_id)
        return row;
    }
  return NULL;
}

static TsFreeSeat *
row_chosen (Row *row)
{
  guint i = gtk_drop_down_get_selected (row->dropdown);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || i > row->choices->len)
    return NULL;
  return g_ptr_array_index (row->choices, i - 1);
}

/* Free seats ------------------------------------------------------------------------- */

static void
fill_row (TsSeatChangeDialog *self,
          Row                *row,
          GPtrArray          *seats)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *kept_guid = g_steal_pointer (&row->kept_guid);
  gboolean open = ts_order_item_is_open_comp (row->item);
  const char *zone = ts_order_string_member (row->item, "price_zone");
  guint selected = 0;

  g_ptr_array_set_size (row->choices, 0);
  gtk_string_list_append (names, open ? _("Leave unseated") : _("Keep this seat"));
  for (guint i = 0; i < seats->len; i++)
    {
      TsFreeSeat *seat = g_ptr_array_index (seats, i);
      g_autofree char *name = NULL;

      /* the price paid is the zone's: only an open comp, free, may leave it */
      if (!open && g_strcmp0 (seat->category != NULL ? seat->category : "", zone) != 0)
        continue;
      if (g_strcmp0 (seat->guid, kept_guid) == 0)
        selected = row->choices->len + 1;
      if (open && seat->category != NULL)
        /* TRANSLATORS: a free seat and its price zone, "Balcony row A seat 1 — Premium" */
        name = g_strdup_printf (_("%s — %s"), seat->name, seat->category);
      else
        name = g_strdup (seat->name);
      gtk_string_list_append (names, name);
      g_ptr_array_add (row->choices, seat);
    }
  /* a seat chosen before and taken since is not swapped for another: the
   * ticket keeps its seat, and the server's refusal says why */
  self->filling = TRUE;
  gtk_drop_down_set_model (row->dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (row->dropdown, selected);
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (row->dropdown), TRUE);
}

static void
set_performance_seats (TsSeatChangeDialog *self,
                       gint64              performance_id,
                       GPtrArray          *seats)
{
  /* the rows point into the list being replaced: keep their choice by GUID */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      TsFreeSeat *chosen = row_chosen (row);

      if (row->performance_id != performance_id)
        continue;
      if (chosen != NULL)
        {
          g_free (row->kept_guid);
          row->kept_guid = g_strdup (chosen->guid);
        }
      g_ptr_array_set_size (row->choices, 0);
    }
  g_hash_table_insert (self->seats, g_memdup2 (&performance_id, sizeof performance_id), seats);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->performance_id == performance_id)
        fill_row (self, row, seats);
    }
}

static void
seats_loaded (TsDialog   *dialog,
              GPtrArray  *seats,
              JsonObject *claims)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (dialog);

  self->pending--;
  if (seats != NULL)
    set_performance_seats (self, json_object_get_int_member_with_default (claims, "performance_id", 0),
                           g_ptr_array_ref (seats));
  update_ready (self);
}

/* One list per performance of the order's movable tickets. */
static void
load_seats (TsSeatChangeDialog *self)
{
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_hash_table_contains (asked, &row->performance_id))
        continue;
      g_hash_table_add (asked, g_memdup2 (&row->performance_id, sizeof row->performance_id));
      self->pending++;
      ts_free_seats_load_for (TS_DIALOG (self), row->performance_id, 0, NULL,
                              ts_dialog_get_cancellable (TS_DIALOG (self)), seats_loaded);
    }
  update_ready (self);
}

/* The list --------------------------------------------------------------------------- */

static GtkWidget *
cell_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* Event and time, and below them the ticket type: two short lines rather
 * than one wrapped, which would make the list far taller than it is. */
static GtkWidget *
ticket_cell (JsonObject *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *when = ts_format_time (ts_order_string_member (item, "starts_at"), TS_TIME_LONG);
  g_autofree char *event = g_strdup_printf ("%s · %s", ts_order_string_member (item, "event"), when);
  g_autofree char *type = NULL;
  const char *comp = ts_order_string_member (item, "comp_reason");
  GtkWidget *type_label;

  if (*comp != '\0')
    type = g_strdup_printf (_("%s (comp: %s)"), ts_order_string_member (item, "ticket_type"), comp);
  else
    type = g_strdup (ts_order_string_member (item, "ticket_type"));
  type_label = cell_label (type);
  gtk_widget_add_css_class (type_label, "dim-label");
  gtk_box_append (GTK_BOX (box), cell_label (event));
  gtk_box_append (GTK_BOX (box), type_label);
  return box;
}

static void
fill_items (TsSeatChangeDialog *self)
{
  JsonArray *items = json_object_get_array_member (self->order, "items");
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gboolean any_area = FALSE;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gboolean open = ts_order_item_is_open_comp (item);
      const char *zone = ts_order_string_member (item, "price_zone");
      const char *loading[] = { open ? _("Leave unseated") : _("Keep this seat"), NULL };
      GtkWidget *dropdown;
      GtkWidget *ticket;
      GtkWidget *current;
      Row *row;
      int line = (int) self->rows->len + 1;

      if (g_strcmp0 (ts_order_string_member (item, "status"), "sold") == 0
          && *ts_order_string_member (item, "area") != '\0')
        any_area = TRUE;
      if (!ts_seat_change_dialog_item_movable (item))
        continue;

      current = cell_label (ts_order_item_seat_name (item));
      if (open)
        gtk_widget_add_css_class (current, "dim-label");
      ticket = ticket_cell (item);
      gtk_grid_attach (self->items_grid, ticket, 0, line, 1, 1);
      gtk_grid_attach (self->items_grid, current, 1, line, 1, 1);
      gtk_grid_attach (self->items_grid, cell_label (open ? _("Any (open comp)") : *zone != '\0' ? zone : _("None")),
                       2, line, 1, 1);

      /* until its performance's free seats are in, only the first choice */
      dropdown = gtk_drop_down_new_from_strings (loading);
      gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
      /* typing a seat's name finds it among hundreds */
      gtk_drop_down_set_expression (GTK_DROP_DOWN (dropdown), expression);
      gtk_widget_set_hexpand (dropdown, TRUE);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (dropdown, FALSE);
      g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_choice_changed), self);
      /* a screen reader names each drop-down after its ticket and its seat */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      gtk_widget_get_first_child (ticket), gtk_widget_get_last_child (ticket),
                                      current, NULL, -1);
      gtk_grid_attach (self->items_grid, dropdown, 3, line, 1, 1);

      row = g_new0 (Row, 1);
      row->item = json_object_ref (item);
      row->performance_id = json_object_get_int_member (item, "performance_id");
      row->current_label = GTK_LABEL (current);
      row->dropdown = GTK_DROP_DOWN (dropdown);
      row->choices = g_ptr_array_new ();
      g_ptr_array_add (self->rows, row);
    }
  gtk_expression_unref (expression);

  gtk_widget_set_visible (GTK_WIDGET (self->ga_note), any_area);
  if (self->rows->len > 0)
    gtk_label_set_mnemonic_widget (self->items_heading,
                                   GTK_WIDGET (((Row *) g_ptr_array_index (self->rows, 0))->dropdown));
  else
    ts_dialog_set_message (TS_DIALOG (self),
                           _("No ticket of this order can change seats: only sold seats and open comps can."));
}

/* Saving ----------------------------------------------------------------------------- */

static void
moved (TsDialog     *dialog,
       JsonNode     *answer,
       const GError *error)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (dialog);

  if (error == NULL)
    g_signal_emit (self, signals[MOVED], 0, self->moving);
  /* S3: where only an override would allow the move, the owning outlet's
   * agent may give one; otherwise a seat may have been taken meanwhile:
   * show what is free now */
  else if (!ts_override_dialog_ask (dialog, error, self->moving_owner, NULL))
    load_seats (self);
}

/* The move, sent again with the reason of an override (S3) */
static void
send_move (TsDialog            *dialog,
           JsonNode            *body,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             call)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (dialog);

  ts_api_client_move_order_async (ts_dialog_get_client (dialog), json_object_get_int_member (self->order, "id"),
                                  body, cancellable, callback, call);
}

static void
submit (TsDialog *dialog)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 owner = -1;
  guint count = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "moves");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      TsFreeSeat *seat = row_chosen (row);
      char *key;

      if (seat == NULL)
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT " %s", row->performance_id, seat->guid);
      if (!g_hash_table_add (taken, key))
        {
          g_autofree char *text = g_strdup_printf (_("%s is chosen for two tickets."), seat->name);

          ts_dialog_refuse (dialog, GTK_WIDGET (row->dropdown), text);
          return;
        }
      /* S3: an override is offered only when every ticket moved is to one
       * outlet's performances */
      if (owner == -1)
        owner = json_object_get_int_member_with_default (row->item, "owner_outlet_id", 0);
      else if (owner != json_object_get_int_member_with_default (row->item, "owner_outlet_id", 0))
        owner = 0;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item_id");
      json_builder_add_int_value (builder, json_object_get_int_member (row->item, "id"));
      json_builder_set_member_name (builder, "seat");
      json_builder_add_string_value (builder, seat->guid);
      json_builder_end_object (builder);
      count++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (count == 0)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (((Row *) g_ptr_array_index (self->rows, 0))->dropdown),
                        _("Choose a new seat for at least one ticket."));
      return;
    }
  body = json_builder_get_root (builder);

  self->moving = count;
  self->moving_owner = MAX (owner, 0);
  ts_dialog_send (dialog, send_move, body, moved);
}

/* The type --------------------------------------------------------------------------- */

static void
ts_seat_change_dialog_dispose (GObject *object)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SEAT_CHANGE_DIALOG);
  G_OBJECT_CLASS (ts_seat_change_dialog_parent_class)->dispose (object);
}

static void
ts_seat_change_dialog_finalize (GObject *object)
{
  TsSeatChangeDialog *self = TS_SEAT_CHANGE_DIALOG (object);

  g_clear_pointer (&self->order, json_object_unref);
  G_OBJECT_CLASS (ts_seat_change_dialog_parent_class)->finalize (object);
}

static void
ts_seat_change_dialog_class_init (TsSeatChangeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_seat_change_dialog_dispose;
  object_class->finalize = ts_seat_change_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[MOVED] = g_signal_new ("moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-seat-change-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeatChangeDialog, items_heading);
  gtk_widget_class_bind_template_child (widget_class, TsSeatChangeDialog, items_grid);
  gtk_widget_class_bind_template_child (widget_class, TsSeatChangeDialog, ga_note);
}

static void
ts_seat_change_dialog_init (TsSeatChangeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->seats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

TsSeatChangeDialog *
ts_seat_change_dialog_new (GtkWindow   *parent,
                           TsApiClient *client,
                           JsonObject  *order)
{
  TsSeatChangeDialog *self = g_object_new (TS_TYPE_SEAT_CHANGE_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  g_autofree char *title = g_strdup_printf (_("Change Seats of Order %s"), number);

  self->order = json_object_ref (order);
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill_items (self);
  load_seats (self);
  return self;
}

/* For tests -------------------------------------------------------------------------- */

gboolean
_ts_seat_change_dialog_lists_item (TsSeatChangeDialog *self,
                                   gint64              item_id)
{
  return find_row (self, item_id) != NULL;
}

const char *
_ts_seat_change_dialog_get_current_seat (TsSeatChangeDialog *self,
                                         gint64              item_id)
{
  Row *row = find_row (self, item_id);

  return row != NULL ? gtk_label_get_text (row->current_label) : NULL;
}

guint
_ts_seat_change_dialog_count_choices (TsSeatChangeDialog *self,
                                      gint64              item_id)
{
  Row *row = find_row (self, item_id);

  return row != NULL ? row->choices->len : 0;
}

gboolean
_ts_seat_change_dialog_offers_seat (TsSeatChangeDialog *self,
                                    gint64              item_id,
                                    const char         *guid)
{
  Row *row = find_row (self, item_id);

  for (guint i = 0; row != NULL && i < row->choices->len; i++)
    if (g_strcmp0 (((TsFreeSeat *) g_ptr_array_index (row->choices, i))->guid, guid) == 0)
      return TRUE;
  return FALSE;
}

gboolean
_ts_seat_change_dialog_choose_seat (TsSeatChangeDialog *self,
                                    gint64              item_id,
                                    const char         *guid)
{
  Row *row = find_row (self, item_id);

  if (row == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (row->dropdown)))
    return FALSE;
  if (guid == NULL)
    {
      gtk_drop_down_set_selected (row->dropdown, 0);
      return TRUE;
    }
  for (guint i = 0; i < row->choices->len; i++)
    if (g_strcmp0 (((TsFreeSeat *) g_ptr_array_index (row->choices, i))->guid, guid) == 0)
      {
        gtk_drop_down_set_selected (row->dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

const char *
_ts_seat_change_dialog_get_chosen_seat (TsSeatChangeDialog *self,
                                        gint64              item_id)
{
  Row *row = find_row (self, item_id);
  TsFreeSeat *seat = row != NULL ? row_chosen (row) : NULL;

  return seat != NULL ? seat->guid : NULL;
}
