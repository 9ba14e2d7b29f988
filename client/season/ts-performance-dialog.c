/* ts-performance-dialog.c — one performance of an event: when it starts, its
 * house (capacity and advance-sales limit, E5), its status, its three sales
 * windows (E2), whether and which other outlets may sell it (E3) and
 * whether at their web storefronts too (F3), and the ticket types it offers
 * (redemptions, T2)
 *
 * Times are typed in local time and sent with the local offset.  The offered
 * ticket types are saved one by one through TsRedemptionDialog as soon as
 * each is confirmed: they exist only once the performance does. */
#include <glib/gi18n.h>

#include "ts-api-season.h"
#include "ts-error.h"
#include "ts-json-item.h"
#include "ts-format.h"
#include "ts-redemption-dialog.h"
#include "ts-season-common.h"
#include "ts-performance-dialog-private.h"

/* In the order of the status drop-down's items (E5). */
static const char * const statuses[] = { "scheduled", "postponed", "cancelled" };

struct _TsPerformanceDialog
{
  TsDialog       parent_instance;

  GtkEntry      *starts_entry;
  GtkDropDown   *status_dropdown;
  GtkSpinButton *capacity_spin;
  GtkSpinButton *advance_spin;
  GtkEntry      *box_office_on_entry;
  GtkEntry      *box_office_off_entry;
  GtkEntry      *internet_on_entry;
  GtkEntry      *internet_off_entry;
  GtkEntry      *outlets_on_entry;
  GtkEntry      *outlets_off_entry;
  GtkLabel      *zone_label;
  GtkCheckButton *allow_check;
  GtkCheckButton *online_check;
  GtkLabel      *outlets_label;
  GtkBox        *outlets_box;
  GtkColumnView *redemptions_view;
  GtkWidget     *redemptions_scroller;
  GtkLabel      *redemptions_hint;

  JsonObject    *event;
  JsonObject    *performance;     /* NULL when creating */
  gint64         performance_id;
  gint64         outlet_id;       /* the owner: it always sells, so it is not listed */
  GListStore    *redemptions;
  GtkSingleSelection *redemption_selection;
  GPtrArray     *outlet_checks;   /* GtkCheckButton, with "outlet-id" data */
  int            last_capacity;
  guint          loading;
};

G_DEFINE_FINAL_TYPE (TsPerformanceDialog, ts_performance_dialog, TS_TYPE_DIALOG)

static void
loaded_one (TsPerformanceDialog *self)
{
  if (--self->loading == 0)
    ts_dialog_set_ready (TS_DIALOG (self), TRUE);
}

/* The offered ticket types, as a list ------------------------------------------ */

static char *
format_type (JsonObject *redemption)
{
  JsonObject *type = json_object_get_object_member (redemption, "ticket_type");

  return g_strdup (type ? ts_season_get_string (type, "name") : "");
}

static char *
format_price (JsonObject *redemption)
{
  JsonObject *type = json_object_get_object_member (redemption, "ticket_type");

  return ts_format_money (ts_season_get_int (type, "price_cents", 0));
}

static char *
format_zone_prices (JsonObject *redemption)
{
  JsonArray *prices = json_object_get_array_member (redemption, "prices");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);
      g_autofree char *money = ts_format_money (ts_season_get_int (price, "price_cents", 0));

      g_string_append_printf (text, "%s%s %s", i > 0 ? ", " : "", ts_season_get_string (price, "category"), money);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_sales (JsonObject *redemption)
{
  g_autofree char *start = ts_format_time (ts_season_get_string (redemption, "sales_start"), TS_TIME_ENTRY);
  g_autofree char *end = ts_format_time (ts_season_get_string (redemption, "sales_end"), TS_TIME_ENTRY);

  if (*start == '\0' && *end == '\0')
    return g_strdup (_("with the windows"));
  if (*start == '\0')
    return g_strdup_printf (_("until %s"), end);
  if (*end == '\0')
    return g_strdup_printf (_("from %s"), start);
  /* TRANSLATORS: a sales period, from – to */
  return g_strdup_printf (_("%s – %s"), start, end);
}

static char *
format_cap (JsonObject *redemption)
{
  gint64 cap = ts_season_get_int (redemption, "cap", -1);

  return cap < 0 ? g_strdup (_("none")) : g_strdup_printf ("%" G_GINT64_FORMAT, cap);
}

static char *
format_per_order (JsonObject *redemption)
{
  gint64 min = ts_season_get_int (redemption, "min_per_order", 1);
  gint64 max = ts_season_get_int (redemption, "max_per_order", -1);

  if (max < 0)
    return g_strdup_printf (_("%d or more"), (int) min);
  return g_strdup_printf (_("%d to %d"), (int) min, (int) max);
}

static char *
format_codes (JsonObject *redemption)
{
  JsonArray *codes = json_object_get_array_member (redemption, "promo_codes");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (codes, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_actions (TsPerformanceDialog *self)
{
  gboolean chosen = gtk_single_selection_get_selected_item (self->redemption_selection) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "performance.add-redemption", self->performance_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "performance.edit-redemption", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "performance.remove-redemption", chosen);
}

static void
redemptions_loaded (TsDialog     *dialog,
                    JsonNode     *answer,
                    const GError *error)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (dialog);

  if (error == NULL)
    ts_json_item_fill_store (self->redemptions, answer, "redemptions");
  update_actions (self);
  if (self->loading > 0)
    loaded_one (self);
}

static void
reload_redemptions (TsPerformanceDialog *self)
{
  TsDialog *dialog = TS_DIALOG (self);

  ts_api_client_list_redemptions_async (ts_dialog_get_client (dialog), self->performance_id,
                                        ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                        ts_dialog_call (dialog, redemptions_loaded));
}

static void
redemption_saved (TsRedemptionDialog  *dialog,
                  JsonObject          *redemption,
                  TsPerformanceDialog *self)
{
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  reload_redemptions (self);
}

static void
open_redemption (TsPerformanceDialog *self,
                 JsonObject          *redemption)
{
  TsRedemptionDialog *dialog = ts_redemption_dialog_new (GTK_WINDOW (self), ts_dialog_get_client (TS_DIALOG (self)),
                                                         self->performance_id,
                                                         self->outlet_id,
                                                         ts_season_get_int (self->event, "map_id", 0), redemption);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (redemption_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_redemption_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_redemption (TS_PERFORMANCE_DIALOG (widget), NULL);
}

static void
edit_redemption_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (widget);
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->redemption_selection);

  if (item != NULL)
    open_redemption (self, ts_json_item_get_object (item));
}

static void
on_redemption_activated (TsPerformanceDialog *self,
                         guint                position)
{
  gtk_single_selection_set_selected (self->redemption_selection, position);
  edit_redemption_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
redemption_removed (TsDialog     *dialog,
                    JsonNode     *answer,
                    const GError *error)
{
  /* T2: one that has sold tickets stays; the server says to end its sales */
  if (error == NULL)
    ts_dialog_set_message (dialog, NULL);
  reload_redemptions (TS_PERFORMANCE_DIALOG (dialog));
}

static void
remove_confirmed (gpointer owner)
{
  TsPerformanceDialog *self = owner;
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->redemption_selection);

  if (item == NULL)
    return;
  ts_api_client_delete_redemption_async (ts_dialog_get_client (TS_DIALOG (self)), ts_json_item_get_id (item),
                                         ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                         ts_dialog_call (TS_DIALOG (self), redemption_removed));
}

static void
remove_redemption_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (widget);
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->redemption_selection);
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;

  if (item == NULL)
    return;
  name = format_type (ts_json_item_get_object (item));
  question = g_strdup_printf (_("Stop offering “%s” at this performance?"), name);
  ts_season_confirm (widget, question,
                     _("Its limits, promo codes and zone prices are removed. "
                       "A ticket type that has sold tickets cannot be removed: set its sales end instead."),
                     _("_Remove"), remove_confirmed);
}

/* The outlets allowed to sell (E3) ------------------------------------------------ */

static gboolean
is_permitted (TsPerformanceDialog *self,
              gint64               outlet_id)
{
  JsonArray *permitted = self->performance ? json_object_get_array_member (self->performance, "permitted_outlets") : NULL;

  for (guint i = 0; permitted != NULL && i < json_array_get_length (permitted); i++)
    if (json_array_get_int_element (permitted, i) == outlet_id)
      return TRUE;
  return FALSE;
}

static void
outlets_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (dialog);
  JsonArray *outlets;

  if (error != NULL)
    return;
  outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);
      gint64 id = ts_season_get_int (outlet, "id", 0);
      g_autofree char *label = NULL;
      GtkWidget *check;

      if (id == self->outlet_id)
        continue;
      label = g_strdup_printf ("%s (%s)", ts_season_get_string (outlet, "name"), ts_season_get_string (outlet, "code"));
      check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_permitted (self, id));
      g_object_set_data (G_OBJECT (check), "outlet-id", GINT_TO_POINTER ((int) id));
      gtk_box_append (self->outlets_box, check);
      g_ptr_array_add (self->outlet_checks, check);
    }
  /* the label's mnemonic goes to the list's first outlet */
  if (self->outlet_checks->len > 0)
    gtk_label_set_mnemonic_widget (self->outlets_label, g_ptr_array_index (self->outlet_checks, 0));
  loaded_one (self);
}

/* Saving ------------------------------------------------------------------------ */

/* A time member, null when the entry is empty. */
static gboolean
add_time (JsonBuilder  *builder,
          const char   *member,
          const char   *field,
          GtkEntry     *entry,
          GError      **error)
{
  g_autofree char *iso = NULL;

  if (!ts_season_parse_time (field, gtk_editable_get_text (GTK_EDITABLE (entry)), &iso, error))
    {
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      return FALSE;
    }
  ts_season_add_text (builder, member, iso);
  return TRUE;
}

static void
submit (TsDialog *dialog)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  TsApiClient *client = ts_dialog_get_client (dialog);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  const char *starts = gtk_editable_get_text (GTK_EDITABLE (self->starts_entry));

  gtk_spin_button_update (self->capacity_spin);
  gtk_spin_button_update (self->advance_spin);
  if (*starts == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->starts_entry),
                        _("Starts: give the date and time of the performance (YYYY-MM-DD HH:MM)."));
      return;
    }
  json_builder_begin_object (builder);
  if (!add_time (builder, "starts_at", _("Starts"), self->starts_entry, &error)
      || !add_time (builder, "box_office_on_sale", _("Box office on sale"), self->box_office_on_entry, &error)
      || !add_time (builder, "box_office_off_sale", _("Box office off sale"), self->box_office_off_entry, &error)
      || !add_time (builder, "internet_on_sale", _("Internet on sale"), self->internet_on_entry, &error)
      || !add_time (builder, "internet_off_sale", _("Internet off sale"), self->internet_off_entry, &error)
      || !add_time (builder, "outlets_on_sale", _("Other outlets on sale"), self->outlets_on_entry, &error)
      || !add_time (builder, "outlets_off_sale", _("Other outlets off sale"), self->outlets_off_entry, &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, statuses[MIN (status, G_N_ELEMENTS (statuses) - 1)]);
  json_builder_set_member_name (builder, "capacity");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->capacity_spin));
  json_builder_set_member_name (builder, "advance_limit");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->advance_spin));
  json_builder_set_member_name (builder, "allow_other_outlets");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->allow_check));
  /* F3: kept, as the outlets are, while selling elsewhere is off */
  json_builder_set_member_name (builder, "online_at_other_outlets");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->online_check));
  /* E3: kept while selling elsewhere is off, so turning it on again
   * restores the choice; empty means every outlet */
  json_builder_set_member_name (builder, "permitted_outlets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->outlet_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->outlet_checks, i);

      if (gtk_check_button_get_active (check))
        json_builder_add_int_value (builder, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "outlet-id")));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->performance_id == 0)
    ts_api_client_create_performance_async (client, ts_season_get_int (self->event, "id", 0), body,
                                            ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                            ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_performance_async (client, self->performance_id, body, ts_dialog_get_cancellable (dialog),
                                           ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

/* E5: while no house seats are held back, the limit follows the capacity. */
static void
on_capacity_changed (TsPerformanceDialog *self)
{
  int capacity = gtk_spin_button_get_value_as_int (self->capacity_spin);

  if (gtk_spin_button_get_value_as_int (self->advance_spin) == self->last_capacity)
    gtk_spin_button_set_value (self->advance_spin, capacity);
  self->last_capacity = capacity;
}

static void
ts_performance_dialog_dispose (GObject *object)
{
  TsPerformanceDialog *self = TS_PERFORMANCE_DIALOG (object);

  g_clear_pointer (&self->event, json_object_unref);
  g_clear_pointer (&self->performance, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_PERFORMANCE_DIALOG);
  g_clear_object (&self->redemption_selection);
  g_clear_object (&self->redemptions);
  G_OBJECT_CLASS (ts_performance_dialog_parent_class)->dispose (object);
}

static void
ts_performance_dialog_finalize (GObject *object)
{
  g_ptr_array_unref (TS_PERFORMANCE_DIALOG (object)->outlet_checks);
  G_OBJECT_CLASS (ts_performance_dialog_parent_class)->finalize (object);
}

static void
ts_performance_dialog_class_init (TsPerformanceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_performance_dialog_dispose;
  object_class->finalize = ts_performance_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-performance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, starts_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, advance_spin);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, box_office_on_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, box_office_off_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, internet_on_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, internet_off_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, outlets_on_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, outlets_off_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, zone_label);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, allow_check);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, online_check);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, outlets_label);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, outlets_box);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, redemptions_view);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, redemptions_scroller);
  gtk_widget_class_bind_template_child (widget_class, TsPerformanceDialog, redemptions_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_redemption_activated);
  gtk_widget_class_install_action (widget_class, "performance.add-redemption", NULL, add_redemption_activated);
  gtk_widget_class_install_action (widget_class, "performance.edit-redemption", NULL, edit_redemption_activated);
  gtk_widget_class_install_action (widget_class, "performance.remove-redemption", NULL, remove_redemption_activated);
}

static void
ts_performance_dialog_init (TsPerformanceDialog *self)
{
  g_autofree char *zone = ts_season_describe_zone ();
  g_autofree char *hint = NULL;

  self->outlet_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);

  self->redemptions = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->redemption_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->redemptions)));
  gtk_single_selection_set_autoselect (self->redemption_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->redemption_selection, TRUE);
  gtk_column_view_set_model (self->redemptions_view, GTK_SELECTION_MODEL (self->redemption_selection));
  g_signal_connect_swapped (self->redemption_selection, "selection-changed", G_CALLBACK (update_actions), self);
  ts_json_item_add_column (self->redemptions_view, _("Ticket type"), NULL, format_type, TRUE);
  ts_json_item_add_column (self->redemptions_view, _("Price"), NULL, format_price, FALSE);
  ts_json_item_add_column (self->redemptions_view, _("Zone prices"), NULL, format_zone_prices, TRUE);
  ts_json_item_add_column (self->redemptions_view, _("Sales"), NULL, format_sales, TRUE);
  ts_json_item_add_column (self->redemptions_view, _("Cap"), NULL, format_cap, FALSE);
  ts_json_item_add_column (self->redemptions_view, _("Per order"), NULL, format_per_order, FALSE);
  ts_json_item_add_column (self->redemptions_view, _("Promo codes"), NULL, format_codes, FALSE);
  ts_json_item_add_column (self->redemptions_view, C_("a count", "Sold"), "sold", NULL, FALSE);

  hint = g_strdup_printf (_("Times are local (%s). An empty on-sale time keeps that window closed."), zone);
  gtk_label_set_text (self->zone_label, hint);
  g_signal_connect_swapped (self->capacity_spin, "value-changed", G_CALLBACK (on_capacity_changed), self);
  ts_season_spins_activate_default (self->capacity_spin, self->advance_spin, NULL);
}

static void
set_time (GtkEntry   *entry,
          JsonObject *object,
          const char *member)
{
  g_autofree char *text = ts_format_time (ts_season_get_string (object, member), TS_TIME_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

TsPerformanceDialog *
ts_performance_dialog_new (GtkWindow   *parent,
                           TsApiClient *client,
                           JsonObject  *event,
                           JsonObject  *performance)
{
  TsPerformanceDialog *self = g_object_new (TS_TYPE_PERFORMANCE_DIALOG, "transient-for", parent, "client", client,
                                            NULL);
  JsonObject *map = json_object_get_object_member (event, "map");
  g_autofree char *title = NULL;

  self->event = json_object_ref (event);
  self->outlet_id = ts_season_get_int (event, "outlet_id", 0);
  self->loading = 1;
  if (performance != NULL)
    {
      const char *status = ts_season_get_string (performance, "status");

      self->performance = json_object_ref (performance);
      self->performance_id = ts_season_get_int (performance, "id", 0);
      set_time (self->starts_entry, performance, "starts_at");
      for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
        if (g_strcmp0 (status, statuses[i]) == 0)
          gtk_drop_down_set_selected (self->status_dropdown, i);
      self->last_capacity = (int) ts_season_get_int (performance, "capacity", 0);
      gtk_spin_button_set_value (self->capacity_spin, self->last_capacity);
      gtk_spin_button_set_value (self->advance_spin, (double) ts_season_get_int (performance, "advance_limit", 0));
      set_time (self->box_office_on_entry, performance, "box_office_on_sale");
      set_time (self->box_office_off_entry, performance, "box_office_off_sale");
      set_time (self->internet_on_entry, performance, "internet_on_sale");
      set_time (self->internet_off_entry, performance, "internet_off_sale");
      set_time (self->outlets_on_entry, performance, "outlets_on_sale");
      set_time (self->outlets_off_entry, performance, "outlets_off_sale");
      gtk_check_button_set_active (self->allow_check,
                                   json_object_get_boolean_member_with_default (performance, "allow_other_outlets", FALSE));
      gtk_check_button_set_active (self->online_check,
                                   json_object_get_boolean_member_with_default (performance, "online_at_other_outlets",
                                                                                FALSE));
      title = g_strdup_printf (_("Performance of %s"), ts_season_get_string (event, "name"));
      gtk_label_set_text (self->redemptions_hint,
                          _("Each is saved at once, apart from the performance."));
      self->loading++;
      reload_redemptions (self);
    }
  else
    {
      /* E5: the house holds the map's seats and standing places */
      self->last_capacity = (int) (ts_season_get_int (map, "seat_count", 0) + ts_season_get_int (map, "ga_capacity", 0));
      gtk_spin_button_set_value (self->capacity_spin, self->last_capacity);
      gtk_spin_button_set_value (self->advance_spin, self->last_capacity);
      title = g_strdup_printf (_("New Performance of %s"), ts_season_get_string (event, "name"));
      gtk_label_set_text (self->redemptions_hint,
                          _("Save the performance first; then edit it to offer ticket types."));
      gtk_widget_set_sensitive (self->redemptions_scroller, FALSE);
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  update_actions (self);
  ts_api_client_get_outlet_directory_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)),
                                            ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), outlets_loaded));
  return self;
}

GListModel *
_ts_performance_dialog_get_redemptions (TsPerformanceDialog *self)
{
  return G_LIST_MODEL (self->redemptions);
}
