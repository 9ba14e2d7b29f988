/* ts-outlet-preferences-dialog.c — load, check, save an outlet's preferences
 *
 * Fields are checked with the same validators the server uses, so most
 * mistakes are shown before anything is sent; the server's answer is shown
 * as it comes for the rest.  The logo is an SVG drawn with librsvg. */
#include <glib/gi18n.h>
#include <librsvg/rsvg.h>

#include "ts-error.h"
#include "ts-validate.h"
#include "ts-outlet-preferences-dialog-private.h"

struct _TsOutletPreferencesDialog
{
  TsDialog       parent_instance;

  GtkEntry      *name_entry;
  GtkTextView   *address_view;
  GtkEntry      *phone_entry;
  GtkEntry      *email_entry;
  GtkEntry      *web_entry;
  GtkEntry      *time_zone_entry;
  GtkEntry      *currency_entry;
  GtkSpinButton *hold_spin;
  GtkPicture    *logo_picture;

  gint64         outlet_id;
  char          *logo_svg;
};

G_DEFINE_FINAL_TYPE (TsOutletPreferencesDialog, ts_outlet_preferences_dialog, TS_TYPE_DIALOG)

/* Renders the SVG to a texture for the preview; FALSE if it is not a
 * drawable SVG. */
static gboolean
show_logo (TsOutletPreferencesDialog  *self,
           const char                 *svg,
           GError                    **error)
{
  RsvgHandle *handle;              /* librsvg 2.54 has no autoptr for it */
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  RsvgRectangle viewport = { 0, 0, 320, 160 };

  if (svg == NULL || *svg == '\0')
    {
      gtk_picture_set_paintable (self->logo_picture, NULL);
      return TRUE;
    }
  handle = rsvg_handle_new_from_data ((const guint8 *) svg, strlen (svg), error);
  if (handle == NULL)
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 160);
  cr = cairo_create (surface);
  if (!rsvg_handle_render_document (handle, cr, &viewport, error))
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_object_unref (handle);
      return FALSE;
    }
  cairo_destroy (cr);
  g_object_unref (handle);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * 160);
  texture = gdk_memory_texture_new (320, 160, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->logo_picture, GDK_PAINTABLE (texture));
  return TRUE;
}

static void
set_entry (GtkEntry   *entry,
           JsonObject *outlet,
           const char *member)
{
  const char *value = json_object_get_string_member_with_default (outlet, member, NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
}

static void
loaded (TsDialog     *dialog,
        JsonNode     *answer,
        const GError *error)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (dialog);
  JsonObject *outlet;
  const char *address;
  g_autofree char *title = NULL;

  if (error != NULL)
    return;
  outlet = json_node_get_object (answer);
  set_entry (self->name_entry, outlet, "name");
  set_entry (self->phone_entry, outlet, "phone");
  set_entry (self->email_entry, outlet, "email");
  set_entry (self->web_entry, outlet, "web_site");
  set_entry (self->time_zone_entry, outlet, "time_zone");
  set_entry (self->currency_entry, outlet, "currency");
  address = json_object_get_string_member_with_default (outlet, "address", NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view), address ? address : "", -1);
  gtk_spin_button_set_value (self->hold_spin,
                             (double) json_object_get_int_member_with_default (outlet, "default_hold_minutes", 15));
  g_free (self->logo_svg);
  self->logo_svg = g_strdup (json_object_get_string_member_with_default (outlet, "logo_svg", NULL));
  show_logo (self, self->logo_svg, NULL);

  title = g_strdup_printf (_("Preferences of %s (%s)"), json_object_get_string_member (outlet, "name"),
                           json_object_get_string_member (outlet, "code"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  ts_dialog_set_ready (dialog, TRUE);
}

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  json_builder_set_member_name (builder, member);
  if (*trimmed == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, trimmed);
}

static void
submit (TsDialog *dialog)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *address = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->address_view);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_entry));
  const char *web = gtk_editable_get_text (GTK_EDITABLE (self->web_entry));
  const char *time_zone = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_entry));
  g_autofree char *currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_entry)), -1);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  address = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!ts_validate_required (_("Name"), name, 120, &error)
      || !ts_validate_optional (_("Address"), address, 500, &error)
      || !ts_validate_phone (_("Phone"), phone, &error)
      || !ts_validate_email (_("E-mail"), email, &error)
      || !ts_validate_web_site (_("Web site"), web, &error)
      || !ts_validate_time_zone (_("Time zone"), time_zone, &error)
      || !ts_validate_currency (_("Currency"), currency, &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }

  json_builder_begin_object (builder);
  add_text (builder, "name", name);
  add_text (builder, "address", address);
  add_text (builder, "phone", phone);
  add_text (builder, "email", email);
  add_text (builder, "web_site", web);
  add_text (builder, "time_zone", time_zone);
  add_text (builder, "currency", currency);
  add_text (builder, "logo_svg", self->logo_svg ? self->logo_svg : "");
  json_builder_set_member_name (builder, "default_hold_minutes");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->hold_spin));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ts_api_client_patch_outlet_async (ts_dialog_get_client (dialog), self->outlet_id, body,
                                    ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                    ts_dialog_submission (dialog, NULL));
}

static void
logo_chosen (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  TsOutletPreferencesDialog *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error)
      || !ts_validate_svg (_("Logo"), contents, 256 * 1024, &error)
      || !show_logo (self, contents, &error))
    {
      ts_dialog_set_message (TS_DIALOG (self), error->message);
      return;
    }
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  g_free (self->logo_svg);
  self->logo_svg = g_steal_pointer (&contents);
}

static void
on_choose_logo (TsOutletPreferencesDialog *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose a Logo"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("SVG images"));
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* the dialog may be closed while the chooser is open */
  g_signal_connect_object (chooser, "response", G_CALLBACK (logo_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_clear_logo (TsOutletPreferencesDialog *self)
{
  g_clear_pointer (&self->logo_svg, g_free);
  show_logo (self, NULL, NULL);
}

static void
ts_outlet_preferences_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OUTLET_PREFERENCES_DIALOG);
  G_OBJECT_CLASS (ts_outlet_preferences_dialog_parent_class)->dispose (object);
}

static void
ts_outlet_preferences_dialog_finalize (GObject *object)
{
  g_free (TS_OUTLET_PREFERENCES_DIALOG (object)->logo_svg);
  G_OBJECT_CLASS (ts_outlet_preferences_dialog_parent_class)->finalize (object);
}

static void
ts_outlet_preferences_dialog_class_init (TsOutletPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_outlet_preferences_dialog_dispose;
  object_class->finalize = ts_outlet_preferences_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-outlet-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, address_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, email_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, time_zone_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, currency_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, hold_spin);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, logo_picture);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_logo);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_logo);
}

static void
ts_outlet_preferences_dialog_init (TsOutletPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
}

TsOutletPreferencesDialog *
ts_outlet_preferences_dialog_new (GtkWindow   *parent,
                                  TsApiClient *client,
                                  gint64       outlet_id)
{
  TsOutletPreferencesDialog *self = g_object_new (TS_TYPE_OUTLET_PREFERENCES_DIALOG, "transient-for", parent,
                                                  "client", client, NULL);

  self->outlet_id = outlet_id;
  ts_api_client_get_outlet_async (client, outlet_id, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                  ts_dialog_call (TS_DIALOG (self), loaded));
  return self;
}

const char *
_ts_outlet_preferences_dialog_get_name (TsOutletPreferencesDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}
