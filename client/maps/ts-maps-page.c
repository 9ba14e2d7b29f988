/* ts-maps-page.c — every outlet's maps (any outlet may use any map, M1):
 * open one, build a demo venue, import a plan (pretix, seats.io, CSV grid),
 * export one, and for the Master User duplicate one for an outlet (M2); the
 * list and its buttons are in data/ui/maps/ts-maps-page.ui */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-maps.h"
#include "ts-error.h"
#include "ts-json-item.h"
#include "ts-outlet-copy-dialog.h"
#include "ts-map-window.h"
#include "ts-maps-page-private.h"
#include "ts-seat-plan-format.h"

struct _TsMapsPage
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkColumnView *view;
  GtkSingleSelection *selection;
  GListStore    *store;
  GtkDropDown   *demo_dropdown;
  GtkLabel      *message_label;
  GtkButton     *repair_button;
  GtkWidget     *duplicate_button;
  GtkProgressBar *progress;
  guint          pulse_source;

  TsApiClient   *client;
  GCancellable  *cancellable;
  char          *pending_plan;     /* a refused import, kept for "Repair and Import" */
  char          *pending_name;     /* its file name, without the extension */
  const char    *pending_format;   /* pretix, seatsio or csv */
  GFile         *export_file;      /* where the export under way goes */
};

G_DEFINE_FINAL_TYPE (TsMapsPage, ts_maps_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CLIENT, PROP_MAPS, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_message (TsMapsPage *self,
             const char *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}

static gboolean
pulse (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

/* A big plan takes a while to send and check: show that work goes on. */
static void
set_busy (TsMapsPage *self,
          gboolean    busy)
{
  gboolean was_busy = self->pulse_source != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (busy)
    self->pulse_source = g_timeout_add (100, pulse, self->progress);
  if (was_busy != busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
format_owner (JsonObject *map)
{
  return g_strdup (json_object_get_string_member (json_object_get_object_member (map, "outlet"), "name"));
}

static char *
format_seats (JsonObject *map)
{
  gint64 seats = json_object_get_int_member (map, "seat_count");
  gint64 ga = json_object_get_int_member (map, "ga_capacity");

  g_autofree char *seated = g_strdup_printf ("%" G_GINT64_FORMAT, seats);
  g_autofree char *standing = g_strdup_printf ("%" G_GINT64_FORMAT, ga);

  if (ga > 0)
    return g_strdup_printf (_("%s + %s standing"), seated, standing);
  return g_steal_pointer (&seated);
}

static void
listed (gpointer      owner,
        JsonNode     *answer,
        const GError *error)
{
  TsMapsPage *self = owner;

  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  ts_json_item_fill_store (self->store, answer, "maps");
}

void
ts_maps_page_reload (TsMapsPage *self)
{
  g_return_if_fail (TS_IS_MAPS_PAGE (self));
  if (self->client == NULL)
    return;
  ts_api_client_list_maps_async (self->client, self->cancellable, ts_api_answered, ts_api_call (self, listed));
}

static void
on_row_activated (TsMapsPage *self,
                  guint       position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    gtk_window_present (GTK_WINDOW (ts_map_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       self->client, ts_json_item_get_id (item))));
}

static void
open_clicked (TsMapsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    set_message (self, _("Choose a map first."));
  else
    on_row_activated (self, position);
}

static void
duplicated (TsMapsPage *self)
{
  set_message (self, _("Map copied: the outlet owns the copy."));
  ts_maps_page_reload (self);
}

/* M2: the Master User copies the chosen map for an outlet. */
static void
duplicate_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsMapsPage *self = TS_MAPS_PAGE (widget);
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(TsJsonItem) item = NULL;
  TsOutletCopyDialog *dialog;

  if (position != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (item == NULL)
    {
      set_message (self, _("Choose a map first."));
      return;
    }
  /* M2: the Master User's copy, owned by the outlet chosen */
  dialog = ts_outlet_copy_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client,
                                      _("Duplicate Map for an Outlet"), _("Map"),
                                      _("The outlet owns the copy and may change it; the original stays as it is."),
                                      ts_json_item_get_id (item),
                                      json_object_get_string_member (ts_json_item_get_object (item), "name"),
                                      200, ts_api_client_duplicate_map_async);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (duplicated), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
created (gpointer      owner,
         JsonNode     *answer,
         const GError *error)
{
  TsMapsPage *self = owner;

  set_busy (self, FALSE);
  if (answer == NULL)
    {
      /* a plan with duplicate seat identifiers can be repaired, never merged */
      gtk_widget_set_visible (GTK_WIDGET (self->repair_button),
                              self->pending_plan != NULL && g_str_equal (self->pending_format, "pretix")
                              && strstr (error->message, "GUID") != NULL);
      set_message (self, error->message);
      return;
    }
  g_clear_pointer (&self->pending_plan, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->repair_button), FALSE);
  {
    JsonArray *warnings = json_object_get_array_member (json_node_get_object (answer), "warnings");
    g_autoptr(GString) text = g_string_new (_("Map created."));

    for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
      g_string_append_printf (text, "\n%s", json_array_get_string_element (warnings, i));
    set_message (self, text->str);
  }
  ts_maps_page_reload (self);
}

static void
demo_clicked (TsMapsPage *self)
{
  static const char *demos[] = { "studio", "opera", "stadium" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "generator");
  json_builder_set_member_name (builder, "demo");
  json_builder_add_string_value (builder, demos[MIN (gtk_drop_down_get_selected (self->demo_dropdown), 2)]);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  set_message (self, _("Building the venue…"));
  set_busy (self, TRUE);
  ts_api_client_create_map_async (self->client, body, self->cancellable, ts_api_answered, ts_api_call (self, created));
}

static void
send_import (TsMapsPage *self,
             gboolean    repair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, self->pending_format);
  if (g_str_equal (self->pending_format, "csv"))
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->pending_name);
      json_builder_set_member_name (builder, "grid");
      json_builder_add_string_value (builder, self->pending_plan);
    }
  else
    {
      g_autoptr(JsonNode) plan = json_from_string (self->pending_plan, &error);

      if (plan == NULL)
        {
          set_message (self, error->message);
          return;
        }
      if (g_str_equal (self->pending_format, "pretix"))
        {
          json_builder_set_member_name (builder, "repair_guids");
          json_builder_add_boolean_value (builder, repair);
        }
      json_builder_set_member_name (builder, "plan");
      json_builder_add_value (builder, g_steal_pointer (&plan));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  set_message (self, _("Importing…"));
  set_busy (self, TRUE);
  ts_api_client_create_map_async (self->client, body, self->cancellable, ts_api_answered, ts_api_call (self, created));
}

static void
repair_clicked (TsMapsPage *self)
{
  if (self->pending_plan != NULL)
    send_import (self, TRUE);
}

/* The file a native chooser answered with (NULL when cancelled); the
 * chooser is done with. */
static GFile *
take_chosen_file (GtkNativeDialog *dialog,
                  int              response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  return file;
}

static void
file_chosen (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  TsMapsPage *self = user_data;
  g_autoptr(GFile) file = take_chosen_file (dialog, response);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (file == NULL)
    return;
  if (!g_file_load_contents (file, NULL, &contents, NULL, NULL, &error))
    {
      set_message (self, error->message);
      return;
    }
  {
    g_autofree char *base = g_file_get_basename (file);

    _ts_maps_page_import (self, base, contents);
  }
  g_free (contents);
}

/* Imports a plan file with the importer its name and contents call for. */
void
_ts_maps_page_import (TsMapsPage *self,
                      const char *file_name,
                      const char *contents)
{
  const char *dot;

  g_return_if_fail (TS_IS_MAPS_PAGE (self));
  g_free (self->pending_plan);
  self->pending_plan = g_strdup (contents);
  g_free (self->pending_name);
  dot = file_name ? strrchr (file_name, '.') : NULL;
  self->pending_name = file_name ? g_strndup (file_name, dot ? (gsize) (dot - file_name) : strlen (file_name))
                                 : g_strdup (_("Imported hall"));
  self->pending_format = ts_seat_plan_guess_format (file_name, contents);
  send_import (self, FALSE);
}

static void
import_clicked (TsMapsPage *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import a Seating Plan"),
                                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Seating plans (pretix or seats.io JSON, CSV grid)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TsMapsPage *self;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = user_data;
      set_busy (self, FALSE);
      set_message (self, error->message);
      return;
    }
  self = user_data;
  set_busy (self, FALSE);
  {
    g_autofree char *name = g_file_get_parse_name (G_FILE (source));
    g_autofree char *text = g_strdup_printf (_("Exported to %s."), name);

    set_message (self, text);
  }
}

static void
exported (gpointer      owner,
          JsonNode     *answer,
          const GError *error)
{
  TsMapsPage *self = owner;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  if (answer == NULL)
    {
      set_busy (self, FALSE);
      set_message (self, error->message);
      return;
    }
  text = json_to_string (answer, TRUE);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (self->export_file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, export_written, self);
}

/* Writes map id as a pretix seating plan (with our extensions) to file. */
void
_ts_maps_page_export (TsMapsPage *self,
                      gint64      id,
                      GFile      *file)
{
  g_return_if_fail (TS_IS_MAPS_PAGE (self));
  g_set_object (&self->export_file, file);
  set_message (self, _("Exporting…"));
  set_busy (self, TRUE);
  ts_api_client_export_map_async (self->client, id, self->cancellable, ts_api_answered, ts_api_call (self, exported));
}

static void
export_file_chosen (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  TsMapsPage *self = user_data;
  g_autoptr(GFile) file = take_chosen_file (dialog, response);
  g_autoptr(TsJsonItem) item = NULL;
  guint position = gtk_single_selection_get_selected (self->selection);

  if (file == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  _ts_maps_page_export (self, ts_json_item_get_id (item), file);
}

static void
export_clicked (TsMapsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(TsJsonItem) item = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      set_message (self, _("Choose a map first."));
      return;
    }
  item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  suggested = g_strdup_printf ("%s.json", json_object_get_string_member (ts_json_item_get_object (item), "name"));
  g_strdelimit (suggested, "/\\", '-');
  chooser = gtk_file_chooser_native_new (_("Export a Seating Plan"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ts_maps_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TsMapsPage *self = TS_MAPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MAPS:
      g_value_set_object (value, self->store);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pulse_source != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_maps_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CLIENT:
      ts_maps_page_set_client (TS_MAPS_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_maps_page_dispose (GObject *object)
{
  TsMapsPage *self = TS_MAPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->export_file);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ts_maps_page_parent_class)->dispose (object);
}

static void
ts_maps_page_finalize (GObject *object)
{
  g_free (TS_MAPS_PAGE (object)->pending_plan);
  g_free (TS_MAPS_PAGE (object)->pending_name);
  G_OBJECT_CLASS (ts_maps_page_parent_class)->finalize (object);
}

static void
ts_maps_page_class_init (TsMapsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_maps_page_get_property;
  object_class->set_property = ts_maps_page_set_property;
  object_class->dispose = ts_maps_page_dispose;
  object_class->finalize = ts_maps_page_finalize;

  /* The signed-in client; the maps load once it is set. */
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, TS_TYPE_API_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Every outlet's maps (M1), a list of TsJsonItem. */
  properties[PROP_MAPS] = g_param_spec_object ("maps", NULL, NULL, G_TYPE_LIST_MODEL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* An import, a build or an export is under way. */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_JSON_ITEM);
  /* M2: the Master User's alone; enabled once the client says who signed in */
  gtk_widget_class_install_action (widget_class, "maps.duplicate", NULL, duplicate_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-maps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, box);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, view);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, store);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, demo_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, repair_button);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, TsMapsPage, progress);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, repair_clicked);
}

static void
ts_maps_page_init (TsMapsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maps.duplicate", FALSE);
  self->cancellable = g_cancellable_new ();
  ts_json_item_add_column (self->view, _("Name"), "name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Owner"), NULL, format_owner, TRUE);
  ts_json_item_add_column (self->view, _("Seats"), NULL, format_seats, FALSE);
}

void
ts_maps_page_set_client (TsMapsPage  *self,
                         TsApiClient *client)
{
  gboolean master;

  g_return_if_fail (TS_IS_MAPS_PAGE (self));
  if (!g_set_object (&self->client, client))
    return;
  master = client != NULL && ts_api_client_get_level (client) == TS_LEVEL_MASTER;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maps.duplicate", master);
  gtk_widget_set_visible (self->duplicate_button, master);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  ts_maps_page_reload (self);
}

void
_ts_maps_page_select (TsMapsPage *self,
                      guint       position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

gboolean
_ts_maps_page_offers_duplicate (TsMapsPage *self)
{
  return gtk_widget_get_visible (self->duplicate_button) && gtk_widget_is_sensitive (self->duplicate_button);
}
