/* ts-will-call-window.c — the will-call list of one performance (C4 Walk-up
 * Sales): who has tickets waiting, by name, with their seats; the owning
 * outlet sees every order, a selling outlet its own.
 *
 * Each order says which of its tickets were handed over, when and by whom;
 * "Hand Over" marks the rest as given to the patron (the server audits it
 * and answers the list anew), and activating an order opens it.  The list
 * loads again on its own after a sale, refund or exchange from any window
 * of this workstation (the client's "changed::orders") and when the live
 * feed says seats of the performance changed (a sale elsewhere).  "Print"
 * on an order, or Print Tickets for the orders selected, prints their
 * tickets (F1) before they are handed over. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-sales.h"
#include "ts-format.h"
#include "ts-json.h"
#include "ts-live-client.h"
#include "ts-order-printing.h"
#include "ts-order-window.h"
#include "ts-will-call-window.h"

struct _TsWillCallWindow
{
  GtkWindow       parent_instance;

  TsApiClient    *client;
  GCancellable   *cancellable;
  gint64          performance_id;
  GtkSearchEntry *search;
  GtkListBox     *list;
  GtkLabel       *status;
  guint           count;
  guint           handed_over;   /* tickets listed as handed over */
  gboolean        loading;
  gboolean        load_again;    /* something changed while a load was out */
  gulong          changed_handler;  /* the client's "changed::orders" */
  TsLiveClient   *live;
  gulong          live_handler;     /* its "seats-changed" */
};

G_DEFINE_FINAL_TYPE (TsWillCallWindow, ts_will_call_window, GTK_TYPE_WINDOW)

enum { PROP_0, PROP_LOADING, PROP_COUNT, PROP_HANDED_OVER, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void reload (TsWillCallWindow *self);

/* The line under the list: what a print became, or why not. */
static void
set_status (TsWillCallWindow *self,
            const char       *text,
            gboolean          is_error)
{
  gtk_label_set_text (self->status, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
on_selection_changed (TsWillCallWindow *self)
{
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (self->list);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "will-call.print-selected", rows != NULL);
}

static void
set_loading (TsWillCallWindow *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
row_matches (GtkListBoxRow *row,
             gpointer       user_data)
{
  TsWillCallWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *haystack = g_object_get_data (G_OBJECT (row), "search-text");
  g_autofree char *needle = g_utf8_casefold (text, -1);

  return *text == '\0' || (haystack != NULL && strstr (haystack, needle) != NULL);
}

static void
on_search_changed (TsWillCallWindow *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

static void
loaded (gpointer      owner,
        JsonNode     *answer,
        const GError *error)
{
  TsWillCallWindow *self = owner;
  JsonArray *orders;
  GtkWidget *child;
  g_autofree char *text = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    {
      gtk_label_set_text (self->status, error ? error->message : _("The server sent no list"));
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
      set_loading (self, FALSE);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  orders = json_node_get_array (answer);
  self->count = json_array_get_length (orders);
  self->handed_over = 0;
  for (guint i = 0; i < self->count; i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      JsonArray *items = ts_json_lookup_array (order, "items");
      g_autoptr(GString) seats = g_string_new (NULL);
      gint64 order_id = json_object_get_int_member (order, "order_id");
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
      const char *recipient = json_object_get_string_member_with_default (order, "recipient", "");
      g_autofree char *heading = NULL;
      g_autofree char *search = NULL;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name, *button;
      guint waiting = 0;

      /* Translators: the patron picking tickets up, then the order number */
      heading = g_strdup_printf (_("%s — order %s"), recipient, number);
      name = gtk_label_new (heading);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "heading");
      gtk_box_append (GTK_BOX (box), name);
      for (guint k = 0; items != NULL && k < json_array_get_length (items); k++)
        {
          JsonObject *item = json_array_get_object_element (items, k);
          const char *at = json_object_get_string_member_with_default (item, "handed_over_at", NULL);
          g_autofree char *seat = g_strdup_printf (_("%s (%s)"), json_object_get_string_member_with_default (item, "seat_name", ""),
                                                   json_object_get_string_member_with_default (item, "ticket_type", ""));
          g_autofree char *state = NULL;
          GtkWidget *label;

          if (at != NULL)
            {
              g_autofree char *when = ts_format_time (at, TS_TIME_CLOCK);

              /* Translators: a seat, then when and by whom it was handed over */
              state = g_strdup_printf (_("%s — handed over at %s by %s"), seat, when,
                                      json_object_get_string_member_with_default (item, "handed_over_by", ""));
              self->handed_over++;
            }
          else
            {
              state = g_strdup_printf (_("%s — waiting"), seat);
              waiting++;
            }
          label = gtk_label_new (state);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          if (at != NULL)
            gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (box), label);
          g_string_append_printf (seats, " %s", seat);
        }
      gtk_widget_set_hexpand (box, TRUE);
      button = gtk_button_new_with_mnemonic (waiting > 0 ? _("_Hand Over") : _("Handed Over"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", order_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "will-call.hand-over");
      gtk_widget_set_sensitive (button, waiting > 0);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, waiting > 0 ? _("Mark the waiting tickets as given to the patron")
                                                       : _("Every ticket of this order was handed over"));
      gtk_box_append (GTK_BOX (line), box);
      {
        /* F1: the order's tickets printed, to hand over */
        GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print"));

        gtk_actionable_set_action_target (GTK_ACTIONABLE (print), "x", order_id);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "will-call.print-order");
        gtk_widget_set_valign (print, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (print, _("Print this order’s tickets"));
        gtk_box_append (GTK_BOX (line), print);
      }
      gtk_box_append (GTK_BOX (line), button);
      gtk_widget_set_margin_top (line, 6);
      gtk_widget_set_margin_bottom (line, 6);
      gtk_widget_set_margin_start (line, 6);
      gtk_widget_set_margin_end (line, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
      gtk_widget_set_tooltip_text (row, _("Open the order: Enter or double-click"));
      g_object_set_data_full (G_OBJECT (row), "order", json_object_ref (order), (GDestroyNotify) json_object_unref);
      search = g_strdup_printf ("%s %s %s", recipient, number, seats->str);
      g_object_set_data_full (G_OBJECT (row), "search-text", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->list, row);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDED_OVER]);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order waiting", "%u orders waiting", self->count),
                          self->count);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  gtk_label_set_text (self->status, text);
  on_selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  set_loading (self, FALSE);
  if (self->load_again)
    reload (self);
}

static void
reload (TsWillCallWindow *self)
{
  self->load_again = FALSE;
  set_loading (self, TRUE);
  ts_api_client_get_will_call_async (self->client, self->performance_id, self->cancellable, ts_api_answered,
                                     ts_api_call (self, loaded));
}

/* A sale, refund or exchange from this workstation, or seats of the
 * performance changed elsewhere: the list loads again, once the load that
 * is out (if any) is answered, so that the last answer is the newest. */
static void
on_changed (TsWillCallWindow *self)
{
  if (self->loading)
    self->load_again = TRUE;
  else
    reload (self);
}

static void
on_seats_changed (TsWillCallWindow *self,
                  gint64            performance_id,
                  JsonNode         *payload)
{
  if (performance_id == self->performance_id)
    on_changed (self);
}

/* The order of the row, as the last list gave it; NULL for none. */
static JsonObject *
order_of_row (TsWillCallWindow *self,
              gint64            order_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonObject *order = g_object_get_data (G_OBJECT (row), "order");

      if (order != NULL && json_object_get_int_member (order, "order_id") == order_id)
        return order;
    }
  return NULL;
}

/* "will-call.hand-over" (x): the order's tickets still waiting, given to
 * the patron. */
static void
hand_over_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (widget);
  JsonObject *order = order_of_row (self, g_variant_get_int64 (parameter));
  JsonArray *items = order != NULL ? ts_json_lookup_array (order, "items") : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint k = 0; items != NULL && k < json_array_get_length (items); k++)
    {
      JsonObject *item = json_array_get_object_element (items, k);
      gint64 id = json_object_get_int_member (item, "item_id");

      if (json_object_get_string_member_with_default (item, "handed_over_at", NULL) == NULL)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0 || self->loading)
    return;
  set_loading (self, TRUE);
  ts_api_client_hand_over_will_call_async (self->client, self->performance_id, ids, self->cancellable,
                                           ts_api_answered, ts_api_call (self, loaded));
}

static void
printed (gpointer      owner,
         const char   *message,
         const GError *error)
{
  TsWillCallWindow *self = owner;

  if (error != NULL)
    set_status (self, error->message, TRUE);
  else if (message != NULL && *message != '\0')
    set_status (self, message, FALSE);
}

static void
print_orders (TsWillCallWindow *self,
              GArray           *order_ids)
{
  set_status (self, _("Printing the tickets…"), FALSE);
  ts_order_print_tickets (self, GTK_WINDOW (self), self->client, order_ids, self->cancellable, printed);
}

/* "will-call.print-order" (x): that order's tickets. */
static void
print_order_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 order_id = g_variant_get_int64 (parameter);

  g_array_append_val (ids, order_id);
  print_orders (TS_WILL_CALL_WINDOW (widget), ids);
}

/* "will-call.print-selected": the selected orders' tickets, in one print. */
static void
print_selected_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (widget);
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (self->list);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = rows; l != NULL; l = l->next)
    {
      JsonObject *order = g_object_get_data (G_OBJECT (l->data), "order");
      gint64 order_id = order != NULL ? json_object_get_int_member (order, "order_id") : 0;

      if (order_id != 0)
        g_array_append_val (ids, order_id);
    }
  print_orders (self, ids);
}

/* "will-call.open-order" (x): the order in its own window. */
static void
open_order_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (widget);
  TsOrderWindow *window = ts_order_window_new (self->client, g_variant_get_int64 (parameter));

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_row_activated (TsWillCallWindow *self,
                  GtkListBoxRow    *row)
{
  JsonObject *order = g_object_get_data (G_OBJECT (row), "order");

  if (order != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "will-call.open-order", "x",
                                json_object_get_int_member (order, "order_id"));
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  reload (TS_WILL_CALL_WINDOW (widget));
}

static void
ts_will_call_window_dispose (GObject *object)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_clear_signal_handler (&self->changed_handler, self->client);
  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_clear_object (&self->live);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_WILL_CALL_WINDOW);
  G_OBJECT_CLASS (ts_will_call_window_parent_class)->dispose (object);
}

static void
ts_will_call_window_finalize (GObject *object)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ts_will_call_window_parent_class)->finalize (object);
}

static void
ts_will_call_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TsWillCallWindow *self = TS_WILL_CALL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_HANDED_OVER:
      g_value_set_uint (value, self->handed_over);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_will_call_window_class_init (TsWillCallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_will_call_window_dispose;
  object_class->finalize = ts_will_call_window_finalize;
  object_class->get_property = ts_will_call_window_get_property;

  /* TRUE while the list is being asked for. */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The orders listed by the last load. */
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The tickets listed as handed over by the last load. */
  properties[PROP_HANDED_OVER] = g_param_spec_uint ("handed-over", NULL, NULL, 0, G_MAXUINT, 0,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "will-call.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "will-call.hand-over", "x", hand_over_activated);
  gtk_widget_class_install_action (widget_class, "will-call.open-order", "x", open_order_activated);
  gtk_widget_class_install_action (widget_class, "will-call.print-order", "x", print_order_activated);
  gtk_widget_class_install_action (widget_class, "will-call.print-selected", NULL, print_selected_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-will-call-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsWillCallWindow, search);
  gtk_widget_class_bind_template_child (widget_class, TsWillCallWindow, list);
  gtk_widget_class_bind_template_child (widget_class, TsWillCallWindow, status);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
}

static void
ts_will_call_window_init (TsWillCallWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_filter_func (self->list, row_matches, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "will-call.print-selected", FALSE);
}

TsWillCallWindow *
ts_will_call_window_new (GtkWindow   *parent,
                         TsApiClient *client,
                         gint64       performance_id,
                         const char  *title)
{
  TsWillCallWindow *self = g_object_new (TS_TYPE_WILL_CALL_WINDOW, "transient-for", parent, NULL);
  g_autofree char *window_title = title ? g_strdup_printf (_("Will Call — %s"), title) : NULL;

  /* one of the session's windows: the application's shortcuts (Open
   * Order…) work in it too */
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));

  self->client = g_object_ref (client);
  self->performance_id = performance_id;
  self->changed_handler = g_signal_connect_swapped (client, "changed::orders", G_CALLBACK (on_changed), self);
  /* C7: times written again in the outlet's new zone */
  g_signal_connect_object (client, "notify::time-zone", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  if (window_title != NULL)
    gtk_window_set_title (GTK_WINDOW (self), window_title);
  reload (self);
  return self;
}

void
ts_will_call_window_follow_live (TsWillCallWindow *self,
                                 TsLiveClient     *live)
{
  g_return_if_fail (TS_IS_WILL_CALL_WINDOW (self));
  g_return_if_fail (TS_IS_LIVE_CLIENT (live));

  if (self->live != NULL)
    g_clear_signal_handler (&self->live_handler, self->live);
  g_set_object (&self->live, live);
  self->live_handler = g_signal_connect_swapped (live, "seats-changed", G_CALLBACK (on_seats_changed), self);
}
