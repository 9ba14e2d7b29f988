/* ts-face-editor-window.c — the face editor: the face's name and SVG source
 * (typed, or imported from a drawing made in Inkscape) beside a live
 * preview, the list of placeholders, and Save
 *
 * The preview is the face as it prints (F1): the source filled locally
 * with ts_face_fill from GET /faces/sample (a real ticket the outlet sold,
 * or made-up values before its first sale) and drawn with
 * ts_face_render_png, a quarter of a second after the last keystroke.  A
 * A new face starts from its outlet's default face or from a stock face
 * of the client's resources (a thermal ticket, a phone screen).  A
 * source that cannot be a face shows ts_face_check's reason under the
 * preview, which keeps the last face that could; Save refuses it with the
 * same reason, and the server checks again.  Closing with changes not saved
 * asks first.  Test Print prints the face as the preview shows it through
 * the printing of tickets (ts_ticket_print_faces), on the printer's paper. */
#include <glib/gi18n.h>
#include <string.h>

#include "ts-api-client.h"
#include "ts-api-faces.h"
#include "ts-face.h"
#include "ts-ticket-print.h"
#include "ts-validate.h"
#include "ts-face-editor-window-private.h"

#define PREVIEW_DELAY_MS 250     /* after the last keystroke */
#define PREVIEW_WIDTH_PX 720

/* What a new face may start from besides its outlet's default face: the
 * stock faces of the client's resources (data/faces/), sizes people print. */
static const struct
{
  const char *resource;
  const char *label;
} stock_faces[] = {
  { "/org/tessera/Tessera/faces/thermal-5.5x2in.svg", N_("Thermal ticket, 5.5 × 2 in") },
  { "/org/tessera/Tessera/faces/mobile-phone.svg",    N_("Phone screen") },
};

struct _TsFaceEditorWindow
{
  TsDialog              parent_instance;

  GtkEntry             *name_entry;
  GtkTextView          *source_view;
  GtkPicture           *preview;
  GtkLabel             *preview_error_label;
  GtkListBox           *placeholder_list;
  GtkWidget            *start_box;
  GtkDropDown          *start_dropdown;

  gint64                outlet_id;
  gint64                face_id;          /* 0 for a new face */
  gboolean              face_loaded;
  gboolean              sample_done;      /* answered, or refused */
  GHashTable           *values;           /* the sample's: placeholder → text */
  char                 *barcode;
  char                 *filled;           /* the last face drawn */
  char                 *preview_error;
  guint                 preview_source;
  gboolean              preview_pending;
  char                 *saved_name;       /* as last loaded or saved */
  char                 *saved_svg;
  char                 *default_svg;      /* a new face's outlet's default */
  gboolean              discarding;       /* the person chose to lose the changes */
  char                 *export_pdf;       /* tests: where Test Print writes */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (TsFaceEditorWindow, ts_face_editor_window, TS_TYPE_DIALOG)

enum { PROP_0, PROP_PREVIEW_PENDING, PROP_PREVIEW_ERROR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkTextBuffer *
source_buffer (TsFaceEditorWindow *self)
{
  return gtk_text_view_get_buffer (self->source_view);
}

static char *
source_text (TsFaceEditorWindow *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (source_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (source_buffer (self), &start, &end, FALSE);
}

static char *
name_text (TsFaceEditorWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
}

static gboolean
has_changes (TsFaceEditorWindow *self)
{
  g_autofree char *name = name_text (self);
  g_autofree char *svg = source_text (self);

  return g_strcmp0 (name, self->saved_name ? self->saved_name : "") != 0
         || g_strcmp0 (svg, self->saved_svg ? self->saved_svg : "") != 0;
}

static void
remember_saved (TsFaceEditorWindow *self)
{
  g_free (self->saved_name);
  self->saved_name = name_text (self);
  g_free (self->saved_svg);
  self->saved_svg = source_text (self);
}

/* The preview ------------------------------------------------------------------------ */

static void
set_preview_pending (TsFaceEditorWindow *self,
                     gboolean            pending)
{
  if (self->preview_pending == pending)
    return;
  self->preview_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_PENDING]);
}

static void
set_preview_error (TsFaceEditorWindow *self,
                   const char         *reason)
{
  g_autofree char *shown = NULL;

  if (reason == NULL)
    reason = "";
  if (g_strcmp0 (self->preview_error, reason) == 0)
    return;
  g_free (self->preview_error);
  self->preview_error = g_strdup (reason);
  if (*reason != '\0')
    /* the library's reason says what the source is: "is not valid XML (line 3)" */
    shown = g_strdup_printf (_("The SVG source %s. The preview shows the last version that could print."), reason);
  gtk_label_set_text (self->preview_error_label, shown ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error_label), shown != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_ERROR]);
}

/* The reason without the period a sentence of ours adds after it. */
static char *
reason_of (const GError *error)
{
  g_autofree char *reason = g_strdup (error != NULL ? error->message : "");
  gsize length = strlen (reason);

  if (length > 0 && reason[length - 1] == '.')
    reason[length - 1] = '\0';
  return g_steal_pointer (&reason);
}

static void
draw_preview (TsFaceEditorWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = source_text (self);
  g_autofree char *filled = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (ts_face_check (svg, &error)
      && (filled = ts_face_fill (svg, self->values, self->barcode, &error)) != NULL
      && (png = ts_face_render_png (filled, PREVIEW_WIDTH_PX, &error)) != NULL
      && (texture = gdk_texture_new_from_bytes (png, &error)) != NULL)
    {
      gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
      g_free (self->filled);
      self->filled = g_steal_pointer (&filled);
      set_preview_error (self, NULL);
    }
  else
    {
      g_autofree char *reason = reason_of (error);

      /* the last good face stays in the preview */
      set_preview_error (self, reason);
    }
  set_preview_pending (self, FALSE);
}

static gboolean
preview_due (gpointer data)
{
  TsFaceEditorWindow *self = data;

  self->preview_source = 0;
  draw_preview (self);
  return G_SOURCE_REMOVE;
}

/* Draws again once typing pauses, when the face and the sample are in. */
static void
schedule_preview (TsFaceEditorWindow *self)
{
  set_preview_pending (self, TRUE);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->face_loaded && self->sample_done)
    self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_due, self);
}

static void
on_source_changed (TsFaceEditorWindow *self)
{
  schedule_preview (self);
}

/* Placeholders ------------------------------------------------------------------------ */

static void
fill_placeholder_values (TsFaceEditorWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->placeholder_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *value = g_object_get_data (G_OBJECT (row), "ts-value-label");
      const char *name = g_object_get_data (G_OBJECT (row), "ts-placeholder");

      if (value != NULL && name != NULL)
        gtk_label_set_text (value, g_hash_table_lookup (self->values, name) ?: "");
    }
}

static void
on_placeholder_activated (TsFaceEditorWindow *self,
                          GtkListBoxRow      *row)
{
  GtkTextBuffer *buffer = source_buffer (self);
  const char *name = g_object_get_data (G_OBJECT (row), "ts-placeholder");
  g_autofree char *text = NULL;

  if (name == NULL)
    return;
  text = g_strdup_printf ("{{%s}}", name);
  /* in place of what is selected, at the cursor, and typing goes on there */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Enter on a placeholder puts it in; without this the window would take
 * Enter as its default button's (Save). */
static gboolean
on_placeholder_key (TsFaceEditorWindow    *self,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & gtk_accelerator_get_default_mod_mask ()) != 0 || !GTK_IS_LIST_BOX_ROW (focus)
      || gtk_widget_get_parent (focus) != GTK_WIDGET (self->placeholder_list))
    return FALSE;
  on_placeholder_activated (self, GTK_LIST_BOX_ROW (focus));
  return TRUE;
}

/* Its label's mnemonic: a list box takes no focus itself, its rows do. */
static gboolean
on_placeholders_mnemonic (TsFaceEditorWindow *self,
                          gboolean            group_cycling)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->placeholder_list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->placeholder_list, 0);
  return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
add_placeholders (TsFaceEditorWindow *self)
{
  const char * const *names = ts_face_placeholders ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *shown = g_strdup_printf ("{{%s}}", names[i]);
      GtkWidget *name = gtk_label_new (shown);
      GtkWidget *value = gtk_label_new (NULL);

      gtk_widget_add_css_class (name, "monospace");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "dim-label");
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 2);
      gtk_widget_set_margin_bottom (box, 2);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), value);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "ts-placeholder", (gpointer) names[i]);
      g_object_set_data (G_OBJECT (row), "ts-value-label", value);
      gtk_list_box_append (self->placeholder_list, row);
    }
}

/* Loading ------------------------------------------------------------------------------ */

static char *
stock_source (guint i)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (stock_faces[i].resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  /* in the client's own resources: always there */
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
show_source (TsFaceEditorWindow *self,
             const char         *svg)
{
  gtk_text_buffer_set_text (source_buffer (self), svg, -1);
  /* the cursor at the top, where the size and the first details are */
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (source_buffer (self), &start);
    gtk_text_buffer_place_cursor (source_buffer (self), &start);
  }
}

static void show_source (TsFaceEditorWindow *self, const char *svg);

/* A new face starts again from what was chosen; Ctrl+Z brings back what
 * was there. */
static void
on_start_chosen (TsFaceEditorWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->start_dropdown);
  guint first_stock = self->default_svg != NULL ? 1 : 0;
  g_autofree char *svg = NULL;

  if (chosen == GTK_INVALID_LIST_POSITION || !self->face_loaded)
    return;
  if (chosen < first_stock)
    svg = g_strdup (self->default_svg);
  else if (chosen - first_stock < G_N_ELEMENTS (stock_faces))
    svg = stock_source (chosen - first_stock);
  if (svg != NULL)
    show_source (self, svg);
}

/* The choices of a new face's start: its outlet's default (when known),
 * then the stock faces. */
static void
fill_starts (TsFaceEditorWindow *self)
{
  g_autoptr(GtkStringList) starts = gtk_string_list_new (NULL);

  if (self->default_svg != NULL)
    gtk_string_list_append (starts, _("Your outlet’s default face"));
  for (guint i = 0; i < G_N_ELEMENTS (stock_faces); i++)
    gtk_string_list_append (starts, _(stock_faces[i].label));
  g_signal_handlers_block_by_func (self->start_dropdown, on_start_chosen, self);
  gtk_drop_down_set_model (self->start_dropdown, G_LIST_MODEL (starts));
  gtk_drop_down_set_selected (self->start_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->start_dropdown, on_start_chosen, self);
}

static void
face_loaded (TsDialog     *dialog,
             JsonNode     *answer,
             const GError *error)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (dialog);
  JsonObject *face;

  if (error != NULL)
    return;
  face = json_node_get_object (answer);
  show_source (self, json_object_get_string_member_with_default (face, "svg", ""));
  if (self->face_id != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry),
                           json_object_get_string_member_with_default (face, "name", ""));
  /* a new face's source is the default's: no change yet, but nothing saved */
  if (self->face_id != 0)
    remember_saved (self);
  else
    {
      g_free (self->saved_svg);
      self->saved_svg = source_text (self);
      self->default_svg = source_text (self);
      fill_starts (self);
    }
  self->face_loaded = TRUE;
  ts_dialog_set_ready (dialog, TRUE);
  schedule_preview (self);
}

static void
sample_loaded (TsDialog     *dialog,
               JsonNode     *answer,
               const GError *error)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (dialog);

  /* refused: the preview shows the placeholders empty, and the message why */
  self->sample_done = TRUE;
  if (error == NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonObject *sample = json_node_get_object (answer);
      JsonObject *values = json_object_get_object_member (sample, "values");
      g_autoptr(GList) names = values ? json_object_get_members (values) : NULL;

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (values, l->data);

          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_hash_table_insert (self->values, g_strdup (l->data), g_strdup (json_node_get_string (value)));
        }
      g_free (self->barcode);
      self->barcode = g_strdup (json_object_get_string_member_with_default (sample, "barcode", NULL));
      fill_placeholder_values (self);
    }
  schedule_preview (self);
}

/* Import ------------------------------------------------------------------------------ */

static void
file_read (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(TsFaceEditorWindow) self = data;     /* held while the file is read */

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;     /* the window was closed */
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The file could not be read: %s"), error->message);

      ts_dialog_set_message (TS_DIALOG (self), message);
      return;
    }
  if (!g_utf8_validate (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      ts_dialog_set_message (TS_DIALOG (self), _("That file is not an SVG drawing: it is not text."));
      return;
    }
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  show_source (self, contents);
  /* a new face is named after its drawing until told otherwise */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_entry)) == '\0')
    {
      g_autofree char *base = g_file_get_basename (G_FILE (source));
      char *dot = base ? strrchr (base, '.') : NULL;

      if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
        *dot = '\0';
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), base ? base : "");
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
on_chooser_response (TsFaceEditorWindow *self,
                     int                 response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    _ts_face_editor_window_import (self, file);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (widget);
  g_autoptr(GtkFileFilter) svg = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import a Drawing"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (svg, _("SVG drawings"));
  gtk_file_filter_add_mime_type (svg, "image/svg+xml");
  gtk_file_filter_add_suffix (svg, "svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), svg);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Test print --------------------------------------------------------------------------- */

/* The face as the preview shows it, on the printer's paper (F1): what was
 * typed last, filled with the sample ticket. */
static void
test_print_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  double width_mm, height_mm;

  if (self->preview_source != 0)
    {
      g_clear_handle_id (&self->preview_source, g_source_remove);
      draw_preview (self);
    }
  if (*self->preview_error != '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The SVG source %s."), self->preview_error);

      ts_dialog_refuse (TS_DIALOG (self), GTK_WIDGET (self->source_view), message);
      return;
    }
  if (self->filled == NULL)
    return;
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  if (!ts_face_size_mm (self->filled, &width_mm, &height_mm, &error)
      || !ts_ticket_print_faces (GTK_WINDOW (self), (const char * const[]) { self->filled }, 1, width_mm, height_mm,
                                 self->export_pdf, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The test print failed: %s"), error->message);

      ts_dialog_set_message (TS_DIALOG (self), message);
    }
}

/* Save --------------------------------------------------------------------------------- */

static void
saved (TsDialog     *dialog,
       JsonNode     *answer,
       const GError *error)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (dialog);

  if (error != NULL)
    {
      /* the server names the field it refused: "svg: …", "name: …" */
      if (g_str_has_prefix (error->message, "svg"))
        gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
      else if (g_str_has_prefix (error->message, "name"))
        gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
  /* what is saved closes without asking */
  remember_saved (self);
}

static void
submit (TsDialog *dialog)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = name_text (self);
  g_autofree char *svg = source_text (self);

  if (!ts_validate_required (_("Name"), name, 120, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), error->message);
      return;
    }
  if (!ts_face_check (svg, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The SVG source %s."), error->message);

      ts_dialog_refuse (dialog, GTK_WIDGET (self->source_view), message);
      return;
    }
  if (self->face_id == 0)
    ts_api_client_create_face_async (ts_dialog_get_client (dialog), self->outlet_id, name, svg,
                                     ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                     ts_dialog_submission (dialog, saved));
  else
    ts_api_client_patch_face_async (ts_dialog_get_client (dialog), self->face_id, name, svg,
                                    ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                    ts_dialog_submission (dialog, saved));
}

/* Closing ------------------------------------------------------------------------------ */

static void
on_discard_answered (TsFaceEditorWindow *self,
                     int                 response,
                     GtkDialog          *question)
{
  /* the question outlives this window while its signal runs: let go of it first */
  gtk_window_set_transient_for (GTK_WINDOW (question), NULL);
  gtk_window_destroy (GTK_WINDOW (question));
  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
      return;
    }
  self->discarding = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ts_face_editor_window_close_request (GtkWindow *window)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (window);
  GtkWidget *question;

  if (self->discarding || !has_changes (self))
    return GTK_WINDOW_CLASS (ts_face_editor_window_parent_class)->close_request (window);
  question = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                     GTK_BUTTONS_NONE, "%s", _("Discard the changes to this ticket face?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (question), "%s",
                                            _("What was changed since the face was last saved will be lost."));
  gtk_dialog_add_button (GTK_DIALOG (question), _("_Keep Editing"), GTK_RESPONSE_CANCEL);
  gtk_widget_add_css_class (gtk_dialog_add_button (GTK_DIALOG (question), _("_Discard Changes"), GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  /* Enter keeps the work: losing it takes a deliberate choice */
  gtk_dialog_set_default_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (question, "response", G_CALLBACK (on_discard_answered), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

/* The object ---------------------------------------------------------------------------- */

static void
ts_face_editor_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PREVIEW_PENDING:
      g_value_set_boolean (value, self->preview_pending);
      break;
    case PROP_PREVIEW_ERROR:
      g_value_set_string (value, self->preview_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_face_editor_window_dispose (GObject *object)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_FACE_EDITOR_WINDOW);
  G_OBJECT_CLASS (ts_face_editor_window_parent_class)->dispose (object);
}

static void
ts_face_editor_window_finalize (GObject *object)
{
  TsFaceEditorWindow *self = TS_FACE_EDITOR_WINDOW (object);

  g_hash_table_unref (self->values);
  g_free (self->barcode);
  g_free (self->filled);
  g_free (self->preview_error);
  g_free (self->saved_name);
  g_free (self->saved_svg);
  g_free (self->default_svg);
  g_free (self->export_pdf);
  G_OBJECT_CLASS (ts_face_editor_window_parent_class)->finalize (object);
}

static void
ts_face_editor_window_class_init (TsFaceEditorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_face_editor_window_get_property;
  object_class->dispose = ts_face_editor_window_dispose;
  object_class->finalize = ts_face_editor_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = ts_face_editor_window_close_request;
  TS_DIALOG_CLASS (klass)->submit = submit;

  properties[PROP_PREVIEW_PENDING] =
    g_param_spec_boolean ("preview-pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_ERROR] =
    g_param_spec_string ("preview-error", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-face-editor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, preview_error_label);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, placeholder_list);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, start_box);
  gtk_widget_class_bind_template_child (widget_class, TsFaceEditorWindow, start_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_start_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_placeholder_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_placeholders_mnemonic);
  gtk_widget_class_install_action (widget_class, "face.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "face.test-print", NULL, test_print_activated);
}

static void
ts_face_editor_window_init (TsFaceEditorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->preview_error = g_strdup ("");
  add_placeholders (self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_placeholder_key), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->placeholder_list), keys);
  }
  g_signal_connect_object (source_buffer (self), "changed", G_CALLBACK (on_source_changed), self, G_CONNECT_SWAPPED);
}

TsFaceEditorWindow *
ts_face_editor_window_new (GtkWindow   *parent,
                           TsApiClient *client,
                           gint64       outlet_id,
                           gint64       face_id,
                           gint64       from_face_id)
{
  TsFaceEditorWindow *self = g_object_new (TS_TYPE_FACE_EDITOR_WINDOW, "transient-for", parent,
                                           "client", client, NULL);
  TsDialog *dialog = TS_DIALOG (self);
  gint64 load = face_id != 0 ? face_id : from_face_id;

  self->outlet_id = outlet_id;
  self->face_id = face_id;
  gtk_window_set_title (GTK_WINDOW (self), face_id != 0 ? _("Edit Ticket Face") : _("New Ticket Face"));
  if (load != 0)
    {
      ts_dialog_set_ready (dialog, FALSE);
      ts_api_client_get_face_async (client, load, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                    ts_dialog_call (dialog, face_loaded));
    }
  else
    {
      g_autofree char *stock = stock_source (0);

      show_source (self, stock);
      g_free (self->saved_svg);
      self->saved_svg = source_text (self);
      self->face_loaded = TRUE;
      fill_starts (self);
    }
  /* only a new face chooses where it starts */
  gtk_widget_set_visible (self->start_box, face_id == 0);
  /* the face's outlet's latest ticket: the Master User names the outlet */
  ts_api_client_get_face_sample_async (client, ts_api_client_get_level (client) == TS_LEVEL_MASTER ? outlet_id : 0,
                                       ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                       ts_dialog_call (dialog, sample_loaded));
  return self;
}

const char *
_ts_face_editor_window_get_filled (TsFaceEditorWindow *self)
{
  return self->filled;
}

char *
_ts_face_editor_window_get_svg (TsFaceEditorWindow *self)
{
  return source_text (self);
}

void
_ts_face_editor_window_set_svg (TsFaceEditorWindow *self,
                                const char         *svg)
{
  gtk_text_buffer_set_text (source_buffer (self), svg, -1);
}

void
_ts_face_editor_window_set_name (TsFaceEditorWindow *self,
                                 const char         *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}

void
_ts_face_editor_window_import (TsFaceEditorWindow *self,
                               GFile              *file)
{
  g_file_load_contents_async (file, ts_dialog_get_cancellable (TS_DIALOG (self)), file_read, g_object_ref (self));
}

gboolean
_ts_face_editor_window_test_print_to (TsFaceEditorWindow *self,
                                      const char         *pdf_path)
{
  gboolean done;

  g_free (self->export_pdf);
  self->export_pdf = g_strdup (pdf_path);
  done = gtk_widget_activate_action (GTK_WIDGET (self), "face.test-print", NULL);
  g_clear_pointer (&self->export_pdf, g_free);
  return done;
}

GtkWidget *
_ts_face_editor_window_get_placeholders (TsFaceEditorWindow *self)
{
  return GTK_WIDGET (self->placeholder_list);
}
