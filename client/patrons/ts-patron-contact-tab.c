/* ts-patron-contact-tab.c — the patron's contact points, each with Make
 * Primary for Us, Edit and Remove, and a form that adds one or saves the one
 * being edited
 *
 * Names and contact points are shared by every outlet (P1); which one is
 * primary is each outlet's own choice (P2), and the server keeps another
 * outlet's primary from being changed under it (P3): it saves the change as a
 * new contact instead, and the tab says so.  An address is typed in full in
 * the address editor: two street lines, city, province or state, postal
 * code and country. */
#include <glib/gi18n.h>

#include "ts-address-editor.h"
#include "ts-validate.h"
#include "ts-patron-contact-tab.h"

struct _TsPatronContactTab
{
  TsPatronTab  parent_instance;

  GtkDropDown *kind_dropdown;
  GtkEntry    *value_entry;
  TsAddressEditor *address_editor;
  GtkButton   *contact_button;
  gint64       editing_point;    /* 0 when adding */
};

G_DEFINE_FINAL_TYPE (TsPatronContactTab, ts_patron_contact_tab, TS_TYPE_PATRON_TAB)

/* The API's kinds, in the order of the drop-down's items. */
static const char *kinds[] = { "phone", "email", "address", "fax", "web", NULL };

static const char *
kind_title (const char *kind)
{
  if (g_str_equal (kind, "phone"))
    return _("Phone");
  if (g_str_equal (kind, "email"))
    return _("E-mail");
  if (g_str_equal (kind, "address"))
    return _("Address");
  if (g_str_equal (kind, "fax"))
    return _("Fax");
  return _("Web site");
}

static char *
point_text (JsonObject *point)
{
  if (g_str_equal (json_object_get_string_member (point, "kind"), "address"))
    {
      const char *parts[] = {
        json_object_get_string_member_with_default (point, "line1", NULL),
        json_object_get_string_member_with_default (point, "line2", NULL),
        json_object_get_string_member_with_default (point, "city", NULL),
        json_object_get_string_member_with_default (point, "region", NULL),
        json_object_get_string_member_with_default (point, "postal_code", NULL),
        ts_address_editor_country_name (json_object_get_string_member_with_default (point, "country", NULL)),
      };
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL)
          g_string_append_printf (text, "%s%s", text->len ? ", " : "", parts[i]);
      return g_string_free (text, FALSE);
    }
  return g_strdup (json_object_get_string_member_with_default (point, "value", ""));
}

/* The value's entry for a phone, e-mail, fax or web site; the address
 * editor for an address. */
static void
on_kind_changed (TsPatronContactTab *self)
{
  gboolean address = g_str_equal (kinds[gtk_drop_down_get_selected (self->kind_dropdown)], "address");

  gtk_widget_set_visible (GTK_WIDGET (self->value_entry), !address);
  gtk_widget_set_visible (GTK_WIDGET (self->address_editor), address);
}

static gint64
point_id (GtkButton *button)
{
  return json_object_get_int_member (g_object_get_data (G_OBJECT (button), "point"), "id");
}

static void
make_primary_clicked (GtkButton          *button,
                      TsPatronContactTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);

  ts_api_client_make_contact_point_primary_async (ts_patron_tab_get_client (tab), point_id (button),
                                                  ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                                  ts_patron_tab_write_call (tab));
}

static void
remove_clicked (GtkButton          *button,
                TsPatronContactTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);

  ts_api_client_delete_contact_point_async (ts_patron_tab_get_client (tab), point_id (button),
                                            ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                            ts_patron_tab_write_call (tab));
}

/* The form takes the point's values; its button saves them. */
static void
edit_clicked (GtkButton          *button,
              TsPatronContactTab *self)
{
  JsonObject *point = g_object_get_data (G_OBJECT (button), "point");
  const char *kind = json_object_get_string_member (point, "kind");
  gboolean address = g_str_equal (kind, "address");

  self->editing_point = json_object_get_int_member (point, "id");
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], kind))
      gtk_drop_down_set_selected (self->kind_dropdown, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry),
                         address ? "" : json_object_get_string_member_with_default (point, "value", ""));
  ts_address_editor_set (self->address_editor, address ? point : NULL);
  gtk_button_set_label (self->contact_button, _("Save _Changes"));
  gtk_widget_grab_focus (address ? ts_address_editor_get_first_field (self->address_editor)
                                 : GTK_WIDGET (self->value_entry));
}

static GtkWidget *
row_button (TsPatronContactTab *self,
            const char         *label,
            JsonObject         *point,
            GCallback           clicked)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "point", json_object_ref (point), (GDestroyNotify) json_object_unref);
  g_signal_connect (button, "clicked", clicked, self);
  return button;
}

void
ts_patron_contact_tab_show_patron (TsPatronContactTab *self,
                                   JsonObject         *patron)
{
  JsonArray *points = json_object_get_array_member (patron, "contact_points");

  ts_patron_tab_clear (TS_PATRON_TAB (self));
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);
      gboolean primary = json_object_get_boolean_member (point, "primary");
      gboolean inherited = json_object_get_boolean_member (point, "primary_inherited");
      g_autofree char *text = point_text (point);
      g_autofree char *detail = g_strdup_printf ("%s · %s%s", kind_title (json_object_get_string_member (point, "kind")),
                                                 json_object_get_string_member (point, "label"),
                                                 !primary ? "" : inherited
                                                 ? _(" · primary: following the outlet that created this patron")
                                                 : _(" · primary for us"));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *texts = ts_patron_tab_text_box (text, detail);
      GtkWidget *make_primary = row_button (self, primary && !inherited ? _("Primary for us") : _("Make Primary for Us"),
                                            point, G_CALLBACK (make_primary_clicked));

      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (row), texts);
      gtk_widget_set_sensitive (make_primary, !(primary && !inherited));
      gtk_box_append (GTK_BOX (row), make_primary);
      gtk_box_append (GTK_BOX (row), row_button (self, _("Edit"), point, G_CALLBACK (edit_clicked)));
      gtk_box_append (GTK_BOX (row), row_button (self, _("Remove"), point, G_CALLBACK (remove_clicked)));
      gtk_widget_set_margin_end (row, 6);
      ts_patron_tab_append (TS_PATRON_TAB (self), row);
    }
}

static void
submit_clicked (TsPatronContactTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  const char *kind = kinds[gtk_drop_down_get_selected (self->kind_dropdown)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  gboolean address = g_str_equal (kind, "address");
  g_autofree char *line1 = ts_address_editor_get_line1 (self->address_editor);

  if (address && *line1 == '\0')
    {
      ts_patron_tab_say (tab, _("Street: type the first line of the address."));
      gtk_widget_grab_focus (ts_address_editor_get_first_field (self->address_editor));
      return;
    }
  if (!address && *value == '\0')
    {
      ts_patron_tab_say (tab, _("Type the contact first."));
      return;
    }
  if ((g_str_equal (kind, "phone") || g_str_equal (kind, "fax")) && !ts_validate_phone (kind_title (kind), value, &error))
    ;
  else if (g_str_equal (kind, "email"))
    ts_validate_email (kind_title (kind), value, &error);
  else if (g_str_equal (kind, "web"))
    ts_validate_web_site (kind_title (kind), value, &error);
  if (error != NULL)
    {
      ts_patron_tab_say (tab, error->message);
      return;
    }

  json_builder_begin_object (builder);
  if (self->editing_point == 0)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
    }
  if (address)
    ts_address_editor_add_to (self->address_editor, builder);
  else
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->editing_point != 0)
    ts_api_client_patch_contact_point_async (ts_patron_tab_get_client (tab), self->editing_point, body,
                                             ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                             ts_patron_tab_write_call (tab));
  else
    ts_api_client_add_contact_point_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab), body,
                                           ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                           ts_patron_tab_write_call (tab));
  self->editing_point = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), TRUE);
  gtk_button_set_label (self->contact_button, _("_Add Contact"));
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry), "");
  ts_address_editor_set (self->address_editor, NULL);
}

/* P3: another outlet's primary is never changed under it. */
static void
ts_patron_contact_tab_sent (TsPatronTab *tab,
                            JsonNode    *answer)
{
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
      && json_object_has_member (json_node_get_object (answer), "new_contact_point_id"))
    ts_patron_tab_say (tab, _("Another outlet uses that contact as its primary, so your change was saved as a "
                              "new contact, primary for your outlet only."));
  else
    ts_patron_tab_say (tab, NULL);
}

/* The contact points come with the patron, which the window loads. */
static void
ts_patron_contact_tab_reload (TsPatronTab *tab)
{
}

static void
ts_patron_contact_tab_class_init (TsPatronContactTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->reload = ts_patron_contact_tab_reload;
  tab_class->sent = ts_patron_contact_tab_sent;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-contact-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronContactTab, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsPatronContactTab, value_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronContactTab, address_editor);
  gtk_widget_class_bind_template_child (widget_class, TsPatronContactTab, contact_button);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
}

static void
ts_patron_contact_tab_init (TsPatronContactTab *self)
{
  g_type_ensure (TS_TYPE_ADDRESS_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));
}
