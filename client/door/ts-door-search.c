/* ts-door-search.c — a patron without a ticket, found by name or order
 * number in the door list and admitted by hand once the attendant confirms
 * (F4: the scan window sends it as a scan of the item) */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-json.h"
#include "ts-scan-format.h"
#include "ts-ticket-code.h"
#include "ts-door-search-private.h"

#define FOUND_MAX 30

struct _TsDoorSearch
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkSearchEntry *search;
  GtkListBox     *results;
  GtkRevealer    *confirm_revealer;
  GtkLabel       *confirm_label;
  GtkWidget      *confirm_button;

  TsDoorList     *list;
  GArray         *found;          /* item ids listed */
  gint64          pending_item;   /* asked about */
};

G_DEFINE_FINAL_TYPE (TsDoorSearch, ts_door_search, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ASKING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ADMIT, CODE, DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

static gint64
int_of (JsonObject *object,
        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static GtkWidget *
found_row (JsonObject *ticket)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *seat = ts_scan_format_ticket (ticket);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, int_of (ticket, "order_id"));
  g_autofree char *heading = NULL;
  g_autofree char *state = NULL;
  const char *admitted_at = ts_json_lookup_string (ticket, "admitted_at");
  gboolean refunded = g_strcmp0 (ts_json_lookup_string (ticket, "status"), "refunded") == 0;
  GtkWidget *label, *button;

  /* Translators: the patron, then the order number */
  heading = g_strdup_printf (_("%s — order %s"), ts_json_lookup_string (ticket, "patron") ?: "", number);
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (refunded)
    /* Translators: a ticket, then its state */
    state = g_strdup_printf (_("%s — refunded"), seat);
  else if (admitted_at != NULL)
    {
      g_autofree char *at = ts_format_time (admitted_at, TS_TIME_CLOCK);

      /* Translators: a ticket, when and at which door it was admitted */
      state = g_strdup_printf (_("%s — admitted at %s, %s"), seat, at, ts_json_lookup_string (ticket, "door") ?: "");
    }
  else
    state = g_strdup (seat);
  label = gtk_label_new (state);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_hexpand (box, TRUE);
  /* F4: a ticket admitted once, or refunded, is not admitted by hand either */
  button = gtk_button_new_with_mnemonic (_("A_dmit…"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", int_of (ticket, "item_id"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "search.ask-admit");
  gtk_widget_set_sensitive (button, !refunded && admitted_at == NULL);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (line), box);
  gtk_box_append (GTK_BOX (line), button);
  gtk_widget_set_margin_top (line, 4);
  gtk_widget_set_margin_bottom (line, 4);
  gtk_widget_set_margin_start (line, 4);
  gtk_widget_set_margin_end (line, 4);
  return line;
}

static void
set_asking (TsDoorSearch *self,
            gint64        item)
{
  gboolean was = self->pending_item > 0;

  self->pending_item = item;
  gtk_revealer_set_reveal_child (self->confirm_revealer, item > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.confirm-admit", item > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.cancel-admit", item > 0);
  if (was != (item > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASKING]);
}

static void
on_search_changed (TsDoorSearch *self)
{
  ts_door_search_refresh (self);
}

static void
on_search_stopped (TsDoorSearch *self)
{
  ts_door_search_reset (self);
  g_signal_emit (self, signals[DONE], 0);
}

/* Enter in the search: a code the reader typed there is a scan; one
 * ticket found is asked about. */
static void
on_search_activate (TsDoorSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  TsTicketCode code;

  if (ts_ticket_code_parse (text, &code, NULL))
    {
      g_autofree char *copy = g_strdup (text);

      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      g_signal_emit (self, signals[CODE], 0, copy);
      return;
    }
  if (self->found->len == 1)
    gtk_widget_activate_action (GTK_WIDGET (self), "search.ask-admit", "x", g_array_index (self->found, gint64, 0));
}

/* "search.ask-admit" (x): the attendant confirms before a ticket is
 * admitted without its paper. */
static void
ask_admit_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsDoorSearch *self = TS_DOOR_SEARCH (widget);
  JsonObject *ticket = self->list != NULL ? ts_door_list_lookup_item (self->list, g_variant_get_int64 (parameter)) : NULL;
  g_autofree char *seat = NULL;
  g_autofree char *question = NULL;

  if (ticket == NULL)
    return;
  seat = ts_scan_format_ticket (ticket);
  /* Translators: the patron, then the seat and ticket type */
  question = g_strdup_printf (_("Admit %s (%s) without the ticket?"), ts_json_lookup_string (ticket, "patron") ?: "", seat);
  gtk_label_set_text (self->confirm_label, question);
  set_asking (self, g_variant_get_int64 (parameter));
  gtk_widget_grab_focus (self->confirm_button);
}

static void
confirm_admit_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TsDoorSearch *self = TS_DOOR_SEARCH (widget);
  gint64 item = self->pending_item;

  ts_door_search_reset (self);
  if (item > 0)
    g_signal_emit (self, signals[ADMIT], 0, item);
  g_signal_emit (self, signals[DONE], 0);
}

static void
cancel_admit_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsDoorSearch *self = TS_DOOR_SEARCH (widget);

  set_asking (self, 0);
  g_signal_emit (self, signals[DONE], 0);
}

static void
ts_door_search_dispose (GObject *object)
{
  TsDoorSearch *self = TS_DOOR_SEARCH (object);

  g_clear_object (&self->list);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_DOOR_SEARCH);
  G_OBJECT_CLASS (ts_door_search_parent_class)->dispose (object);
}

static void
ts_door_search_finalize (GObject *object)
{
  g_array_unref (TS_DOOR_SEARCH (object)->found);
  G_OBJECT_CLASS (ts_door_search_parent_class)->finalize (object);
}

static void
ts_door_search_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ASKING:
      g_value_set_boolean (value, ts_door_search_get_asking (TS_DOOR_SEARCH (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_door_search_class_init (TsDoorSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_door_search_dispose;
  object_class->finalize = ts_door_search_finalize;
  object_class->get_property = ts_door_search_get_property;

  /* The question before an admission by hand is shown. */
  properties[PROP_ASKING] = g_param_spec_boolean ("asking", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADMIT] = g_signal_new ("admit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CODE] = g_signal_new ("code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "search.ask-admit", "x", ask_admit_activated);
  gtk_widget_class_install_action (widget_class, "search.confirm-admit", NULL, confirm_admit_activated);
  gtk_widget_class_install_action (widget_class, "search.cancel-admit", NULL, cancel_admit_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-door-search.ui");
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, box);
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, search);
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, results);
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, confirm_revealer);
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, TsDoorSearch, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
}

static void
ts_door_search_init (TsDoorSearch *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->found = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.confirm-admit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.cancel-admit", FALSE);
}

TsDoorSearch *
ts_door_search_new (void)
{
  return g_object_new (TS_TYPE_DOOR_SEARCH, NULL);
}

void
ts_door_search_set_list (TsDoorSearch *self,
                         TsDoorList   *list)
{
  g_return_if_fail (TS_IS_DOOR_SEARCH (self));

  g_set_object (&self->list, list);
  if (list == NULL)
    set_asking (self, 0);
  ts_door_search_refresh (self);
}

void
ts_door_search_refresh (TsDoorSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  g_return_if_fail (TS_IS_DOOR_SEARCH (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  g_array_set_size (self->found, 0);
  if (self->list == NULL || *text == '\0')
    return;
  found = ts_door_list_search (self->list, text, FOUND_MAX);
  for (guint i = 0; i < found->len; i++)
    {
      JsonObject *ticket = g_ptr_array_index (found, i);
      gint64 item = int_of (ticket, "item_id");

      g_array_append_val (self->found, item);
      gtk_list_box_append (self->results, found_row (ticket));
    }
  if (found->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No ticket of this performance matches."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_list_box_append (self->results, none);
    }
}

void
ts_door_search_reset (TsDoorSearch *self)
{
  g_return_if_fail (TS_IS_DOOR_SEARCH (self));

  set_asking (self, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
}

gboolean
ts_door_search_get_asking (TsDoorSearch *self)
{
  g_return_val_if_fail (TS_IS_DOOR_SEARCH (self), FALSE);
  return self->pending_item > 0;
}

GArray *
_ts_door_search_get_found (TsDoorSearch *self)
{
  return self->found;
}

GtkEditable *
_ts_door_search_get_entry (TsDoorSearch *self)
{
  return GTK_EDITABLE (self->search);
}
