/* ts-patron-new-dialog.c — names and first contact points; when the server
 * finds a likely duplicate it says which, and "Save Anyway" confirms */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-validate.h"
#include "ts-patron-new-dialog.h"

struct _TsPatronNewDialog
{
  GtkWindow    parent_instance;

  GtkEntry    *first_entry;
  GtkEntry    *last_entry;
  GtkEntry    *company_entry;
  GtkEntry    *email_entry;
  GtkEntry    *phone_entry;
  GtkEntry    *line1_entry;
  GtkEntry    *city_entry;
  GtkEntry    *postal_entry;
  GtkButton   *save_button;
  GtkLabel    *message_label;

  TsApiClient *client;
  GCancellable *cancellable;
  gboolean     allow_duplicate;
};

G_DEFINE_FINAL_TYPE (TsPatronNewDialog, ts_patron_new_dialog, GTK_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static const char *
reason_text (const char *reason)
{
  if (g_str_has_suffix (reason, "phone"))
    return _("the same name and phone");
  if (g_str_has_suffix (reason, "e-mail"))
    return _("the same name and e-mail");
  return _("the same name and postal code");
}

static void
duplicates_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPatronNewDialog *self = user_data;
  JsonArray *list;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  list = answer ? json_object_get_array_member (json_node_get_object (answer), "duplicates") : NULL;
  if (list != NULL && json_array_get_length (list) > 0)
    {
      JsonObject *first = json_array_get_object_element (list, 0);
      const char *first_name = json_object_get_string_member_with_default (first, "first_name", NULL);
      const char *last_name = json_object_get_string_member_with_default (first, "last_name", NULL);

      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first, "id"));

      text = g_strdup_printf (_("This may be patron #%s, %s %s, who has %s. "
                                "Check that record, or press Save Anyway if this is someone else."),
                              number, first_name ? first_name : "",
                              last_name ? last_name : "",
                              reason_text (json_object_get_string_member (first, "reason")));
    }
  else
    text = g_strdup (_("This may be a patron already in the directory. Press Save Anyway if this is someone else."));
  gtk_label_set_text (self->message_label, text);
  gtk_button_set_label (self->save_button, _("Save _Anyway"));
  self->allow_duplicate = TRUE;
}

/* The server refused a likely duplicate: ask which, and say it in the
 * person's language. */
static void
show_duplicates (TsPatronNewDialog *self)
{
  g_autofree char *first = g_uri_escape_string (gtk_editable_get_text (GTK_EDITABLE (self->first_entry)), NULL, FALSE);
  g_autofree char *last = g_uri_escape_string (gtk_editable_get_text (GTK_EDITABLE (self->last_entry)), NULL, FALSE);
  g_autofree char *email = g_uri_escape_string (gtk_editable_get_text (GTK_EDITABLE (self->email_entry)), NULL, FALSE);
  g_autofree char *phone = g_uri_escape_string (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)), NULL, FALSE);
  g_autofree char *postal = g_uri_escape_string (gtk_editable_get_text (GTK_EDITABLE (self->postal_entry)), NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/patrons/duplicates?first_name=%s&last_name=%s&email=%s&phone=%s&postal_code=%s",
                                           first, last, email, phone, postal);

  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, duplicates_listed, self);
}

static void
created (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPatronNewDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (answer == NULL)
    {
      if (g_error_matches (error, TS_ERROR, TS_ERROR_CONFLICT))
        show_duplicates (self);
      else
        gtk_label_set_text (self->message_label, error->message);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, json_object_get_int_member (json_node_get_object (answer), "id"));
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_name (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  if (*text == '\0')
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_point (JsonBuilder *builder,
           const char  *kind,
           const char  *key,
           const char  *value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

static void
on_save_clicked (TsPatronNewDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (*text_of (self->last_entry) == '\0' && *text_of (self->company_entry) == '\0')
    {
      gtk_label_set_text (self->message_label, _("A patron needs a last name or a company name."));
      return;
    }
  if (!ts_validate_email (_("E-mail"), text_of (self->email_entry), &error)
      || !ts_validate_phone (_("Phone"), text_of (self->phone_entry), &error))
    {
      gtk_label_set_text (self->message_label, error->message);
      return;
    }
  if (*text_of (self->line1_entry) == '\0'
      && (*text_of (self->city_entry) != '\0' || *text_of (self->postal_entry) != '\0'))
    {
      gtk_label_set_text (self->message_label, _("An address needs its street line."));
      return;
    }

  json_builder_begin_object (builder);
  add_name (builder, "first_name", text_of (self->first_entry));
  add_name (builder, "last_name", text_of (self->last_entry));
  add_name (builder, "company", text_of (self->company_entry));
  json_builder_set_member_name (builder, "allow_duplicate");
  json_builder_add_boolean_value (builder, self->allow_duplicate);
  json_builder_set_member_name (builder, "contact_points");
  json_builder_begin_array (builder);
  if (*text_of (self->email_entry) != '\0')
    add_point (builder, "email", "value", text_of (self->email_entry));
  if (*text_of (self->phone_entry) != '\0')
    add_point (builder, "phone", "value", text_of (self->phone_entry));
  if (*text_of (self->line1_entry) != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "address");
      json_builder_set_member_name (builder, "line1");
      json_builder_add_string_value (builder, text_of (self->line1_entry));
      add_name (builder, "city", text_of (self->city_entry));
      add_name (builder, "postal_code", text_of (self->postal_entry));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  ts_api_client_request_async (self->client, "POST", "/patrons", body, self->cancellable, created, self);
}

static void
changed (TsPatronNewDialog *self)
{
  /* A change after a duplicate warning must be checked again. */
  if (self->allow_duplicate)
    {
      self->allow_duplicate = FALSE;
      gtk_button_set_label (self->save_button, _("_Save"));
    }
}

static GtkEntry *
add_row (TsPatronNewDialog *self,
         GtkGrid           *grid,
         int                row,
         const char        *label)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (changed), self);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

static void
ts_patron_new_dialog_dispose (GObject *object)
{
  TsPatronNewDialog *self = TS_PATRON_NEW_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ts_patron_new_dialog_parent_class)->dispose (object);
}

static void
ts_patron_new_dialog_class_init (TsPatronNewDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_patron_new_dialog_dispose;
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

/* A small form: built in code rather than a template, since every row is
 * the same label-and-entry pair. */
static void
ts_patron_new_dialog_init (TsPatronNewDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("New Patron"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), save);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  self->save_button = GTK_BUTTON (save);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), save);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  self->first_entry = add_row (self, GTK_GRID (grid), 0, _("_First name"));
  self->last_entry = add_row (self, GTK_GRID (grid), 1, _("_Last name"));
  self->company_entry = add_row (self, GTK_GRID (grid), 2, _("C_ompany"));
  self->email_entry = add_row (self, GTK_GRID (grid), 3, _("_E-mail"));
  self->phone_entry = add_row (self, GTK_GRID (grid), 4, _("_Phone"));
  self->line1_entry = add_row (self, GTK_GRID (grid), 5, _("_Address"));
  self->city_entry = add_row (self, GTK_GRID (grid), 6, _("C_ity"));
  self->postal_entry = add_row (self, GTK_GRID (grid), 7, _("Postal _code"));
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_max_width_chars (self->message_label, 50);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error-text");
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->message_label), 0, 8, 2, 1);
  gtk_window_set_child (GTK_WINDOW (self), grid);
}

TsPatronNewDialog *
ts_patron_new_dialog_new (GtkWindow   *parent,
                          TsApiClient *client)
{
  TsPatronNewDialog *self = g_object_new (TS_TYPE_PATRON_NEW_DIALOG, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  return self;
}

void
ts_patron_new_dialog_fill (TsPatronNewDialog *self,
                           const char        *first_name,
                           const char        *last_name,
                           const char        *email,
                           const char        *phone)
{
  gtk_editable_set_text (GTK_EDITABLE (self->first_entry), first_name ? first_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_entry), last_name ? last_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_entry), email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), phone ? phone : "");
}

void
ts_patron_new_dialog_submit (TsPatronNewDialog *self)
{
  gtk_widget_activate (GTK_WIDGET (self->save_button));
}

const char *
ts_patron_new_dialog_get_message (TsPatronNewDialog *self)
{
  return gtk_label_get_text (self->message_label);
}
