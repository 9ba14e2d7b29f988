/* ts-redemption-dialog.c — a ticket type offered at one performance (T2):
 * its sales start and end, a cap, the least and most per order, promo codes
 * and a price per price zone (T4)
 *
 * The zones are the categories of the event's map, read from its compact
 * form (a fifth of the plan's size).  An empty zone price sells at the
 * ticket type's own price, which each entry shows as its placeholder. */
#include <glib/gi18n.h>

#include "ts-api-maps.h"
#include "ts-api-season.h"
#include "ts-error.h"
#include "ts-format.h"
#include "ts-season-common.h"
#include "ts-redemption-dialog.h"

struct _TsRedemptionDialog
{
  TsDialog       parent_instance;

  GtkDropDown   *type_dropdown;
  GtkEntry      *start_entry;
  GtkEntry      *end_entry;
  GtkEntry      *cap_entry;
  GtkSpinButton *min_spin;
  GtkEntry      *max_entry;
  GtkEntry      *promo_entry;
  GtkLabel      *zones_hint;
  GtkGrid       *zones_grid;

  gint64         performance_id;
  gint64         outlet_id;
  gint64         redemption_id;   /* 0 when offering a new type */
  JsonObject    *redemption;      /* its prices fill the zones once they arrive */
  GPtrArray     *zone_entries;    /* GtkEntry, with the zone's name as "zone" data */
  guint          loading;
};

G_DEFINE_FINAL_TYPE (TsRedemptionDialog, ts_redemption_dialog, TS_TYPE_DIALOG)

static void
loaded_one (TsRedemptionDialog *self)
{
  if (--self->loading == 0)
    ts_dialog_set_ready (TS_DIALOG (self), TRUE);
}

static JsonObject *
chosen_type (TsRedemptionDialog *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->type_dropdown);

  return item ? ts_json_item_get_object (TS_JSON_ITEM (item)) : NULL;
}

/* "Adult — $35.00" */
static char *
type_label (JsonObject *type)
{
  g_autofree char *price = ts_format_money (ts_season_get_int (type, "price_cents", 0));

  return g_strdup_printf (_("%s — %s"), ts_season_get_string (type, "name"), price);
}

/* The placeholders say what an empty zone price means for this type. */
static void
on_type_changed (TsRedemptionDialog *self)
{
  JsonObject *type = chosen_type (self);
  g_autofree char *price = NULL;
  g_autofree char *money = NULL;
  g_autofree char *hint = NULL;
  gboolean comp;

  if (type == NULL)
    return;
  price = ts_season_format_amount (ts_season_get_int (type, "price_cents", 0));
  money = ts_format_money (ts_season_get_int (type, "price_cents", 0));
  comp = g_strcmp0 (ts_season_get_string (type, "category"), "comp") == 0;
  for (guint i = 0; i < self->zone_entries->len; i++)
    gtk_entry_set_placeholder_text (g_ptr_array_index (self->zone_entries, i), price);
  if (self->zone_entries->len == 0)
    hint = g_strdup (_("This map has no price zones: every seat sells at the ticket type’s price."));
  else if (comp)
    hint = g_strdup (_("A comp is free in every zone."));
  else
    hint = g_strdup_printf (_("In dollars; a zone left empty sells at the ticket type’s price (%s)."), money);
  gtk_label_set_text (self->zones_hint, hint);
}

static void
types_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsRedemptionDialog *self = TS_REDEMPTION_DIALOG (dialog);
  g_autoptr(JsonArray) active = json_array_new ();
  JsonArray *types;

  if (error != NULL)
    return;
  /* an inactive type cannot be offered (the server says so too) */
  types = json_object_get_array_member (json_node_get_object (answer), "ticket_types");
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (json_object_get_boolean_member_with_default (type, "active", TRUE))
        json_array_add_object_element (active, json_object_ref (type));
    }
  ts_season_drop_down_fill (self->type_dropdown, active, NULL, 0);
  if (json_array_get_length (active) == 0)
    {
      ts_dialog_set_message (dialog, _("There is no active ticket type yet: create one under Ticket Types first."));
      return;
    }
  on_type_changed (self);
  loaded_one (self);
}

static void
add_zone (TsRedemptionDialog *self,
          const char         *zone,
          gint64              cents)
{
  GtkWidget *label = gtk_label_new (zone);
  GtkWidget *entry = gtk_entry_new ();
  guint row = self->zone_entries->len;

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_entry_set_alignment (GTK_ENTRY (entry), 1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  g_object_set_data_full (G_OBJECT (entry), "zone", g_strdup (zone), g_free);
  if (cents >= 0)
    {
      g_autofree char *text = ts_season_format_amount (cents);

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  /* two zones a line: a big map has a dozen */
  gtk_widget_set_margin_start (label, row % 2 ? 12 : 0);
  gtk_grid_attach (self->zones_grid, label, (int) (row % 2) * 2, (int) (row / 2), 1, 1);
  gtk_grid_attach (self->zones_grid, entry, (int) (row % 2) * 2 + 1, (int) (row / 2), 1, 1);
  g_ptr_array_add (self->zone_entries, entry);
}

/* The redemption's price in zone, or -1. */
static gint64
stored_price (TsRedemptionDialog *self,
              const char         *zone)
{
  JsonArray *prices = self->redemption ? json_object_get_array_member (self->redemption, "prices") : NULL;

  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_strcmp0 (ts_season_get_string (price, "category"), zone) == 0)
        return ts_season_get_int (price, "price_cents", -1);
    }
  return -1;
}

static void
zones_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsRedemptionDialog *self = TS_REDEMPTION_DIALOG (dialog);
  JsonObject *map;
  JsonArray *categories = NULL;

  if (error != NULL)
    return;
  map = json_object_get_object_member (json_node_get_object (answer), "map");
  if (map != NULL && json_object_has_member (map, "categories"))
    categories = json_object_get_array_member (map, "categories");
  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      const char *zone = ts_season_get_string (json_array_get_object_element (categories, i), "name");

      if (zone != NULL)
        add_zone (self, zone, stored_price (self, zone));
    }
  on_type_changed (self);
  loaded_one (self);
}

static void
add_count (JsonBuilder *builder,
           const char  *member,
           gint64       count)
{
  json_builder_set_member_name (builder, member);
  if (count < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, count);
}

static gboolean
read_form (TsRedemptionDialog  *self,
           JsonBuilder         *builder,
           GtkWidget          **out_wrong,
           GError             **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_auto(GStrv) codes = NULL;
  gint64 cap, max;

  *out_wrong = GTK_WIDGET (self->start_entry);
  if (!ts_season_parse_time (_("Sales start"), gtk_editable_get_text (GTK_EDITABLE (self->start_entry)), &start, error))
    return FALSE;
  *out_wrong = GTK_WIDGET (self->end_entry);
  if (!ts_season_parse_time (_("Sales end"), gtk_editable_get_text (GTK_EDITABLE (self->end_entry)), &end, error))
    return FALSE;
  *out_wrong = GTK_WIDGET (self->cap_entry);
  if (!ts_season_parse_count (_("Cap"), gtk_editable_get_text (GTK_EDITABLE (self->cap_entry)), 0, &cap, error))
    return FALSE;
  *out_wrong = GTK_WIDGET (self->max_entry);
  if (!ts_season_parse_count (_("Maximum per order"), gtk_editable_get_text (GTK_EDITABLE (self->max_entry)), 1,
                              &max, error))
    return FALSE;

  if (self->redemption_id == 0)
    {
      json_builder_set_member_name (builder, "ticket_type_id");
      json_builder_add_int_value (builder, ts_season_drop_down_get_id (self->type_dropdown));
    }
  ts_season_add_text (builder, "sales_start", start);
  ts_season_add_text (builder, "sales_end", end);
  add_count (builder, "cap", cap);
  add_count (builder, "min_per_order", gtk_spin_button_get_value_as_int (self->min_spin));
  add_count (builder, "max_per_order", max);

  /* T2: whole words, matched without regard to case (the server checks each) */
  json_builder_set_member_name (builder, "promo_codes");
  json_builder_begin_array (builder);
  codes = g_regex_split_simple ("[,;\\s]+", gtk_editable_get_text (GTK_EDITABLE (self->promo_entry)), 0, 0);
  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      json_builder_add_string_value (builder, codes[i]);
  json_builder_end_array (builder);

  /* T4: the zones given a price; the others sell at the type's */
  json_builder_set_member_name (builder, "prices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->zone_entries->len; i++)
    {
      GtkEntry *entry = g_ptr_array_index (self->zone_entries, i);
      const char *zone = g_object_get_data (G_OBJECT (entry), "zone");
      gint64 cents;

      *out_wrong = GTK_WIDGET (entry);
      if (!ts_season_parse_amount (zone, gtk_editable_get_text (GTK_EDITABLE (entry)), &cents, error))
        return FALSE;
      if (cents < 0)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, zone);
      json_builder_set_member_name (builder, "price_cents");
      json_builder_add_int_value (builder, cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

static void
submit (TsDialog *dialog)
{
  TsRedemptionDialog *self = TS_REDEMPTION_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  TsApiClient *client = ts_dialog_get_client (dialog);
  GtkWidget *wrong = NULL;

  gtk_spin_button_update (self->min_spin);
  if (self->redemption_id == 0 && ts_season_drop_down_get_id (self->type_dropdown) == 0)
    {
      ts_dialog_set_message (dialog, _("Ticket type: choose the ticket type to offer."));
      return;
    }
  json_builder_begin_object (builder);
  if (!read_form (self, builder, &wrong, &error))
    {
      ts_dialog_refuse (dialog, wrong, error->message);
      return;
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->redemption_id == 0)
    ts_api_client_create_redemption_async (client, self->performance_id, body, ts_dialog_get_cancellable (dialog),
                                           ts_dialog_answered, ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_redemption_async (client, self->redemption_id, body, ts_dialog_get_cancellable (dialog),
                                          ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_redemption_dialog_dispose (GObject *object)
{
  TsRedemptionDialog *self = TS_REDEMPTION_DIALOG (object);

  g_clear_pointer (&self->redemption, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REDEMPTION_DIALOG);
  G_OBJECT_CLASS (ts_redemption_dialog_parent_class)->dispose (object);
}

static void
ts_redemption_dialog_finalize (GObject *object)
{
  g_ptr_array_unref (TS_REDEMPTION_DIALOG (object)->zone_entries);
  G_OBJECT_CLASS (ts_redemption_dialog_parent_class)->finalize (object);
}

static void
ts_redemption_dialog_class_init (TsRedemptionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_redemption_dialog_dispose;
  object_class->finalize = ts_redemption_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-redemption-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, start_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, end_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, cap_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, min_spin);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, max_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, promo_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, zones_hint);
  gtk_widget_class_bind_template_child (widget_class, TsRedemptionDialog, zones_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);
}

static void
ts_redemption_dialog_init (TsRedemptionDialog *self)
{
  self->zone_entries = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
  ts_season_drop_down_init (self->type_dropdown, type_label);
  ts_season_spins_activate_default (self->min_spin, NULL);
}

static void
set_time (GtkEntry   *entry,
          JsonObject *object,
          const char *member)
{
  g_autofree char *text = ts_format_time (ts_season_get_string (object, member), TS_TIME_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
set_count (GtkEntry   *entry,
           JsonObject *object,
           const char *member)
{
  gint64 count = ts_season_get_int (object, member, -1);
  g_autofree char *text = count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

TsRedemptionDialog *
ts_redemption_dialog_new (GtkWindow   *parent,
                          TsApiClient *client,
                          gint64       performance_id,
                          gint64       outlet_id,
                          gint64       map_id,
                          JsonObject  *redemption)
{
  TsRedemptionDialog *self = g_object_new (TS_TYPE_REDEMPTION_DIALOG, "transient-for", parent, "client", client, NULL);
  TsDialog *dialog = TS_DIALOG (self);

  self->performance_id = performance_id;
  self->outlet_id = outlet_id;
  self->loading = 1;
  if (redemption != NULL)
    {
      JsonObject *type = json_object_get_object_member (redemption, "ticket_type");
      JsonArray *codes = json_object_get_array_member (redemption, "promo_codes");
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(JsonArray) only = json_array_new ();

      self->redemption = json_object_ref (redemption);
      self->redemption_id = ts_season_get_int (redemption, "id", 0);
      /* T2: the ticket type of a redemption cannot change */
      if (type != NULL)
        json_array_add_object_element (only, json_object_ref (type));
      ts_season_drop_down_fill (self->type_dropdown, only, NULL, 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->type_dropdown), FALSE);
      set_time (self->start_entry, redemption, "sales_start");
      set_time (self->end_entry, redemption, "sales_end");
      set_count (self->cap_entry, redemption, "cap");
      set_count (self->max_entry, redemption, "max_per_order");
      gtk_spin_button_set_value (self->min_spin, (double) ts_season_get_int (redemption, "min_per_order", 1));
      for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (codes, i));
      gtk_editable_set_text (GTK_EDITABLE (self->promo_entry), text->str);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Offered Ticket Type"));
    }
  else
    {
      self->loading++;
      ts_api_client_list_ticket_types_async (client, outlet_id, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                             ts_dialog_call (dialog, types_loaded));
    }
  ts_api_client_get_map_compact_async (client, map_id, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                       ts_dialog_call (dialog, zones_loaded));
  return self;
}
