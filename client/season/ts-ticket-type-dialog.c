/* ts-ticket-type-dialog.c — a ticket type: name, category, price, display
 * letter, subscriber flags, other outlets with a commission table, and the
 * bundle a subscription holds
 *
 * The rules (T1 comps are free, T3 bundles, T5 other outlets need a regular
 * type with a commission table) are the server's: its precise refusal is
 * shown here, the field it names gets the focus, and nothing typed is lost. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-season.h"
#include "ts-error.h"
#include "ts-season-common.h"
#include "ts-ticket-type-dialog.h"

/* In the order of the category drop-down's items. */
static const char * const categories[] = { "regular", "comp", "subscription", "bundle_component", "non_ticket" };
#define SUBSCRIPTION 2

struct _TsTicketTypeDialog
{
  TsDialog        parent_instance;

  GtkEntry       *name_entry;
  GtkDropDown    *category_dropdown;
  GtkEntry       *price_entry;
  GtkEntry       *letter_entry;
  GtkCheckButton *subscribers_check;
  GtkCheckButton *qualifies_check;
  GtkCheckButton *other_outlets_check;
  GtkDropDown    *commission_dropdown;
  GtkDropDown    *component_dropdown;
  GtkSpinButton  *bundle_spin;
  GtkCheckButton *active_check;

  gint64          outlet_id;
  gint64          type_id;        /* 0 when creating */
  gint64          commission_id;  /* the type's, chosen once the list arrives */
  gint64          component_id;
  guint           loading;        /* lists still to arrive */
};

G_DEFINE_FINAL_TYPE (TsTicketTypeDialog, ts_ticket_type_dialog, TS_TYPE_DIALOG)

const char *
ts_ticket_type_category_name (const char *category)
{
  if (g_strcmp0 (category, "regular") == 0)
    return _("Regular");
  if (g_strcmp0 (category, "comp") == 0)
    return _("Comp");
  if (g_strcmp0 (category, "subscription") == 0)
    return _("Subscription bundle");
  if (g_strcmp0 (category, "bundle_component") == 0)
    return _("Bundle component");
  if (g_strcmp0 (category, "non_ticket") == 0)
    return _("Non-ticket item");
  return category ? category : "";
}

/* The server's messages begin with the field they are about. */
static void
focus_field (TsTicketTypeDialog *self,
             const char         *message)
{
  const struct { const char *field; GtkWidget *widget; } fields[] = {
    { "name", GTK_WIDGET (self->name_entry) },
    { "category", GTK_WIDGET (self->category_dropdown) },
    { "price_cents", GTK_WIDGET (self->price_entry) },
    { "display_letter", GTK_WIDGET (self->letter_entry) },
    { "other_outlets", GTK_WIDGET (self->other_outlets_check) },
    { "commission_table_id", GTK_WIDGET (self->commission_dropdown) },
    { "bundle_component_id", GTK_WIDGET (self->component_dropdown) },
    { "bundle_size", GTK_WIDGET (self->bundle_spin) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_has_prefix (message, fields[i].field) && message[strlen (fields[i].field)] == ':')
      {
        gtk_widget_grab_focus (fields[i].widget);
        return;
      }
}

static void
on_category_changed (TsTicketTypeDialog *self)
{
  gboolean subscription = gtk_drop_down_get_selected (self->category_dropdown) == SUBSCRIPTION;

  /* T3: only a subscription holds bundle components */
  gtk_widget_set_sensitive (GTK_WIDGET (self->component_dropdown), subscription);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bundle_spin), subscription);
}

/* M5: the display letter is a capital, typed either way */
static void
on_letter_changed (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (g_ascii_islower (text[0]))
    {
      char capital[2] = { g_ascii_toupper (text[0]), '\0' };

      gtk_editable_set_text (editable, capital);
      gtk_editable_set_position (editable, -1);
    }
}

static void
loaded_one (TsTicketTypeDialog *self)
{
  if (--self->loading == 0)
    ts_dialog_set_ready (TS_DIALOG (self), TRUE);
}

static void
tables_loaded (TsDialog     *dialog,
               JsonNode     *answer,
               const GError *error)
{
  TsTicketTypeDialog *self = TS_TICKET_TYPE_DIALOG (dialog);

  if (error != NULL)
    return;
  ts_season_drop_down_fill (self->commission_dropdown,
                            json_object_get_array_member (json_node_get_object (answer), "commission_tables"),
                            _("None"), self->commission_id);
  loaded_one (self);
}

static void
types_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsTicketTypeDialog *self = TS_TICKET_TYPE_DIALOG (dialog);
  g_autoptr(JsonArray) components = json_array_new ();
  JsonArray *types;

  if (error != NULL)
    return;
  /* T3: a subscription's vouchers are for one of the outlet's bundle components */
  types = json_object_get_array_member (json_node_get_object (answer), "ticket_types");
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (g_strcmp0 (ts_season_get_string (type, "category"), "bundle_component") == 0
          && ts_season_get_int (type, "id", 0) != self->type_id)
        json_array_add_object_element (components, json_object_ref (type));
    }
  ts_season_drop_down_fill (self->component_dropdown, components, _("None"), self->component_id);
  loaded_one (self);
}

static void
refused (TsDialog     *dialog,
         JsonNode     *answer,
         const GError *error)
{
  if (error != NULL)
    focus_field (TS_TICKET_TYPE_DIALOG (dialog), error->message);
}

static void
add_id (JsonBuilder *builder,
        const char  *member,
        gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, id);
}

static void
add_flag (JsonBuilder    *builder,
          const char     *member,
          GtkCheckButton *check)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (check));
}

static void
submit (TsDialog *dialog)
{
  TsTicketTypeDialog *self = TS_TICKET_TYPE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autofree char *letter = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->letter_entry)), -1);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  gboolean subscription = category == SUBSCRIPTION;
  TsApiClient *client = ts_dialog_get_client (dialog);
  gint64 price;

  gtk_spin_button_update (self->bundle_spin);
  if (*name == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), _("Name: a ticket type needs a name."));
      return;
    }
  if (!ts_season_parse_amount (_("Price"), gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), &price, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->price_entry), error->message);
      return;
    }
  if (price < 0)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->price_entry),
                        _("Price: type the price in dollars and cents, 0.00 for a free ticket."));
      return;
    }
  g_strstrip (letter);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, categories[MIN (category, G_N_ELEMENTS (categories) - 1)]);
  json_builder_set_member_name (builder, "price_cents");
  json_builder_add_int_value (builder, price);
  ts_season_add_text (builder, "display_letter", letter);
  add_flag (builder, "subscribers_only", self->subscribers_check);
  add_flag (builder, "qualifies_subscriber", self->qualifies_check);
  add_flag (builder, "other_outlets", self->other_outlets_check);
  add_flag (builder, "active", self->active_check);
  add_id (builder, "commission_table_id", ts_season_drop_down_get_id (self->commission_dropdown));
  add_id (builder, "bundle_component_id", subscription ? ts_season_drop_down_get_id (self->component_dropdown) : 0);
  json_builder_set_member_name (builder, "bundle_size");
  json_builder_add_int_value (builder, subscription ? gtk_spin_button_get_value_as_int (self->bundle_spin) : 0);
  if (self->type_id == 0)
    {
      json_builder_set_member_name (builder, "outlet_id");
      json_builder_add_int_value (builder, self->outlet_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->type_id == 0)
    ts_api_client_create_ticket_type_async (client, body, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                            ts_dialog_submission (dialog, refused));
  else
    ts_api_client_patch_ticket_type_async (client, self->type_id, body, ts_dialog_get_cancellable (dialog),
                                           ts_dialog_answered, ts_dialog_submission (dialog, refused));
}

static void
ts_ticket_type_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_TICKET_TYPE_DIALOG);
  G_OBJECT_CLASS (ts_ticket_type_dialog_parent_class)->dispose (object);
}

static void
ts_ticket_type_dialog_class_init (TsTicketTypeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_ticket_type_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-ticket-type-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, price_entry);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, letter_entry);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, subscribers_check);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, qualifies_check);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, other_outlets_check);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, commission_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, component_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, bundle_spin);
  gtk_widget_class_bind_template_child (widget_class, TsTicketTypeDialog, active_check);
  gtk_widget_class_bind_template_callback (widget_class, on_category_changed);
}

static void
ts_ticket_type_dialog_init (TsTicketTypeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
  ts_season_drop_down_init (self->commission_dropdown, NULL);
  ts_season_drop_down_init (self->component_dropdown, NULL);
  gtk_check_button_set_active (self->active_check, TRUE);
  ts_season_spins_activate_default (self->bundle_spin, NULL);
  g_signal_connect (self->letter_entry, "changed", G_CALLBACK (on_letter_changed), NULL);
}

TsTicketTypeDialog *
ts_ticket_type_dialog_new (GtkWindow   *parent,
                           TsApiClient *client,
                           gint64       outlet_id,
                           JsonObject  *type)
{
  TsTicketTypeDialog *self = g_object_new (TS_TYPE_TICKET_TYPE_DIALOG, "transient-for", parent, "client", client, NULL);
  TsDialog *dialog = TS_DIALOG (self);

  self->outlet_id = outlet_id;
  if (type != NULL)
    {
      g_autofree char *price = ts_season_format_amount (ts_season_get_int (type, "price_cents", 0));
      const char *category = ts_season_get_string (type, "category");

      self->type_id = ts_season_get_int (type, "id", 0);
      self->outlet_id = ts_season_get_int (type, "outlet_id", outlet_id);
      self->commission_id = ts_season_get_int (type, "commission_table_id", 0);
      self->component_id = ts_season_get_int (type, "bundle_component_id", 0);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), ts_season_get_string (type, "name") ?: "");
      for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
        if (g_strcmp0 (category, categories[i]) == 0)
          gtk_drop_down_set_selected (self->category_dropdown, i);
      gtk_editable_set_text (GTK_EDITABLE (self->price_entry), price);
      gtk_editable_set_text (GTK_EDITABLE (self->letter_entry), ts_season_get_string (type, "display_letter") ?: "");
      gtk_check_button_set_active (self->subscribers_check,
                                   json_object_get_boolean_member_with_default (type, "subscribers_only", FALSE));
      gtk_check_button_set_active (self->qualifies_check,
                                   json_object_get_boolean_member_with_default (type, "qualifies_subscriber", FALSE));
      gtk_check_button_set_active (self->other_outlets_check,
                                   json_object_get_boolean_member_with_default (type, "other_outlets", FALSE));
      gtk_check_button_set_active (self->active_check, json_object_get_boolean_member_with_default (type, "active", TRUE));
      gtk_spin_button_set_value (self->bundle_spin, (double) ts_season_get_int (type, "bundle_size", 0));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Ticket Type"));
    }
  on_category_changed (self);

  self->loading = 2;
  ts_api_client_list_commission_tables_async (client, self->outlet_id, ts_dialog_get_cancellable (dialog),
                                              ts_dialog_answered, ts_dialog_call (dialog, tables_loaded));
  ts_api_client_list_ticket_types_async (client, self->outlet_id, ts_dialog_get_cancellable (dialog),
                                         ts_dialog_answered, ts_dialog_call (dialog, types_loaded));
  return self;
}
