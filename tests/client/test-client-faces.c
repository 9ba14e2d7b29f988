/* test-client-faces.c — ticket faces in the real client against a real
 * server, under X (F1, F2): a Box Office Manager makes a face from the
 * default's source in the editor, whose preview follows the source and
 * says why a broken one cannot print (Save is refused with the same
 * reason); placeholders go in at the cursor; a face is made the default
 * and deleted, and one an event uses is refused; an event chooses its
 * face; the Master User copies a face to another outlet, whose manager sees
 * it while a third outlet's does not; below the manager level there is no
 * faces tab.  With TESSERA_SCREENSHOTS=DIR set, the tab, the editor (a good
 * face and a broken one) and the dialogs are saved there, to be looked at. */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ts-event-dialog.h"
#include "ts-face.h"
#include "ts-outlet-copy-dialog-private.h"
#include "ts-face-editor-window-private.h"
#include "ts-faces-tab.h"
#include "ts-json-item.h"
#include "ts-season-common.h"
#include "ts-season-page.h"
#include "ts-season-page-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

#define CHILD(widget, type, name) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name)
#define CHILD_WIDGET(widget, type, name) GTK_WIDGET (CHILD (widget, type, name))

/* A face of our own: a title, a placeholder in it, a marker where the
 * cursor goes, and the barcode box. */
#define TEST_FACE \
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100mm\" height=\"50mm\" viewBox=\"0 0 100 50\">" \
  "<rect width=\"100\" height=\"50\" fill=\"#fff0d0\"/>" \
  "<text x=\"4\" y=\"10\" font-size=\"6\">{{ticket_number}}</text>" \
  "<text x=\"4\" y=\"20\" font-size=\"5\">MARK</text>" \
  "<rect id=\"barcode\" x=\"62\" y=\"8\" width=\"34\" height=\"34\" fill=\"none\"/>" \
  "</svg>"
/* Not XML: the text element is never closed. */
#define BROKEN_FACE \
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100mm\" height=\"50mm\"><text>{{event}}</svg>"

static TsTestServer *server;

/* Windows --------------------------------------------------------------------------- */

static gboolean
window_shown (gpointer data)
{
  return ts_test_ui_find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

static GtkWindow *
wait_for_window (GType type)
{
  ts_test_ui_wait_until (window_shown, GSIZE_TO_POINTER (type), g_type_name (type));
  return ts_test_ui_find_window (type);
}

static gboolean
window_gone (gpointer data)
{
  return ts_test_ui_find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
wait_closed (GType type)
{
  ts_test_ui_wait_until (window_gone, GSIZE_TO_POINTER (type), g_type_name (type));
}

/* The season page in a window of its own. */
static TsSeasonPage *
open_page (TsApiClient *client,
           GtkWidget  **holder)
{
  TsSeasonPage *page = ts_season_page_new (client);

  *holder = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (*holder), "Tessera");
  gtk_window_set_child (GTK_WINDOW (*holder), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (*holder), 1000, 640);
  gtk_window_present (GTK_WINDOW (*holder));
  ts_test_ui_wait_property (page, "busy", FALSE);
  return page;
}

static void
close_page (GtkWidget    *holder,
            TsSeasonPage *page)
{
  GObject *tab = g_object_ref (G_OBJECT (_ts_season_page_get_tab (page, "faces")));

  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (holder));
  g_assert_finalize_object (page);
  g_assert_finalize_object (tab);
}

static GListModel *
faces_of (TsSeasonPage *page)
{
  return ts_faces_tab_get_faces (TS_FACES_TAB (_ts_season_page_get_tab (page, "faces")));
}

static gboolean
act (TsSeasonPage *page,
     const char   *action)
{
  return gtk_widget_activate_action (_ts_season_page_get_tab (page, "faces"), action, NULL);
}

static void
show_faces (TsSeasonPage *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "season.show-tab", "s", "faces"));
}

static JsonObject *
face_row (GListModel *faces,
          guint       i)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (faces, i);

  return ts_json_item_get_object (item);
}

/* Chooses the face called name in the list; its position. */
static guint
choose_face (GListModel *faces,
             const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (faces); i++)
    if (g_strcmp0 (ts_season_get_string (face_row (faces, i), "name"), name) == 0)
      {
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (faces), i);
        return i;
      }
  g_error ("no face called %s in the list", name);
}

typedef struct
{
  GListModel *list;
  guint       count;
} Count;

static gboolean
has_count (gpointer data)
{
  Count *wanted = data;

  return g_list_model_get_n_items (wanted->list) == wanted->count;
}

static void
wait_count (GListModel *list,
            guint       count,
            const char *what)
{
  Count wanted = { list, count };

  ts_test_ui_wait_until (has_count, &wanted, what);
}

static gboolean
page_has_message (gpointer data)
{
  return !ts_test_ui_get_boolean (data, "busy") && *ts_test_ui_get_string (data, "message") != '\0';
}

/* The API, as a check of what the windows did ------------------------------------------ */

static char *
face_body (const char *name,
           const char *svg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "svg");
  json_builder_add_string_value (builder, svg);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static JsonNode *
api_face (const char *token,
          gint64      id,
          guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, id);

  return ts_test_expect (server, "GET", path, token, NULL, status);
}

/* The faces GET /faces lists for token, by name. */
static gboolean
api_lists (const char *token,
           const char *name)
{
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", "/api/v1/faces", token, NULL, 200);
  JsonArray *faces = JSON_NODE_HOLDS_ARRAY (answer) ? json_node_get_array (answer)
                     : json_object_get_array_member (json_node_get_object (answer), "faces");

  for (guint i = 0; i < json_array_get_length (faces); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (faces, i), "name"), name) == 0)
      return TRUE;
  return FALSE;
}

/* The editor ---------------------------------------------------------------------------- */

static void
wait_preview (TsFaceEditorWindow *editor)
{
  ts_test_ui_wait_property (editor, "preview-pending", FALSE);
}

static GdkPaintable *
preview_of (TsFaceEditorWindow *editor)
{
  return gtk_picture_get_paintable (GTK_PICTURE (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW, "preview")));
}

/* The pixels of a preview, to tell two apart. */
static GBytes *
pixels_of (GdkPaintable *paintable)
{
  GdkTexture *texture = GDK_TEXTURE (paintable);
  gsize stride = gdk_texture_get_width (texture) * 4;
  gsize size = stride * gdk_texture_get_height (texture);
  guchar *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* The source as typed, then the preview drawn from it. */
static void
type_source (TsFaceEditorWindow *editor,
             const char         *svg)
{
  _ts_face_editor_window_set_svg (editor, svg);
  g_assert_true (ts_test_ui_get_boolean (editor, "preview-pending"));
  wait_preview (editor);
}

static GtkListBoxRow *
placeholder_row (TsFaceEditorWindow *editor,
                 const char         *name)
{
  const char * const *names = ts_face_placeholders ();
  GtkListBox *list = GTK_LIST_BOX (_ts_face_editor_window_get_placeholders (editor));

  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return gtk_list_box_get_row_at_index (list, i);
  g_error ("no placeholder %s", name);
}

/* A manager's faces, from the tab and the editor ------------------------------------- */

static void
test_editor (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autoptr(JsonNode) sample = ts_test_expect (server, "GET", "/api/v1/faces/sample", token, NULL, 200);
  JsonObject *values = json_object_get_object_member (json_node_get_object (sample), "values");
  GtkWidget *holder;
  TsSeasonPage *page = open_page (client, &holder);
  GListModel *faces = faces_of (page);
  TsFaceEditorWindow *editor;
  gint64 default_id, new_id;
  g_autoptr(GdkPaintable) first = NULL;
  g_autoptr(GBytes) first_pixels = NULL;
  g_autoptr(GBytes) second_pixels = NULL;
  g_autoptr(GError) reason = NULL;

  /* every outlet has a default face from the first run */
  show_faces (page);
  g_assert_cmpuint (g_list_model_get_n_items (faces), ==, 1);
  g_assert_true (json_object_get_boolean_member (face_row (faces, 0), "is_default"));
  default_id = ts_season_get_int (face_row (faces, 0), "id", 0);
  ts_test_ui_screenshot (holder, "faces-tab.png");

  /* New starts from the default face's source */
  g_assert_true (act (page, "season.new-face"));
  editor = TS_FACE_EDITOR_WINDOW (wait_for_window (TS_TYPE_FACE_EDITOR_WINDOW));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, editor, "the default face's source");
  wait_preview (editor);
  {
    g_autoptr(JsonNode) original = api_face (token, default_id, 200);
    g_autofree char *svg = _ts_face_editor_window_get_svg (editor);

    g_assert_cmpstr (svg, ==, ts_test_member_string (original, "svg"));
  }
  g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), ==, "");
  g_assert_nonnull (_ts_face_editor_window_get_filled (editor));
  g_assert_null (strstr (_ts_face_editor_window_get_filled (editor), "{{"));
  /* or from a stock face, the phone screen, and back */
  {
    GtkDropDown *start = GTK_DROP_DOWN (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW, "start_dropdown"));
    g_autoptr(GBytes) phone = g_resources_lookup_data ("/org/tessera/Tessera/faces/mobile-phone.svg", 0, NULL);
    g_autofree char *default_svg = _ts_face_editor_window_get_svg (editor);
    g_autofree char *svg = NULL;

    g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (start))));
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (start)), ==, 3);
    gtk_drop_down_set_selected (start, 2);
    svg = _ts_face_editor_window_get_svg (editor);
    g_assert_cmpmem (svg, strlen (svg), g_bytes_get_data (phone, NULL), g_bytes_get_size (phone));
    wait_preview (editor);
    g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), ==, "");
    ts_test_ui_screenshot (GTK_WIDGET (editor), "face-editor-phone.png");
    gtk_drop_down_set_selected (start, 0);
    g_free (svg);
    svg = _ts_face_editor_window_get_svg (editor);
    g_assert_cmpstr (svg, ==, default_svg);
    wait_preview (editor);
  }
  first = g_object_ref (preview_of (editor));
  first_pixels = pixels_of (first);
  ts_test_ui_screenshot (GTK_WIDGET (editor), "face-editor.png");

  /* the preview follows the source, filled with the sample ticket */
  type_source (editor, TEST_FACE);
  g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), ==, "");
  g_assert_true (preview_of (editor) != first);
  second_pixels = pixels_of (preview_of (editor));
  g_assert_false (g_bytes_equal (first_pixels, second_pixels));
  g_assert_nonnull (strstr (_ts_face_editor_window_get_filled (editor),
                            json_object_get_string_member (values, "ticket_number")));
  g_assert_null (strstr (_ts_face_editor_window_get_filled (editor), "{{ticket_number}}"));

  /* a test print is the face as the preview shows it */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("tessera-faces-XXXXXX", &error);
    g_autofree char *pdf = g_build_filename (dir, "test-print.pdf", NULL);
    g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", pdf);
    g_autofree char *text = NULL;
    int wait_status;

    g_assert_true (_ts_face_editor_window_test_print_to (editor, pdf));
    g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (editor)), ==, "");
    g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "MARK"));
    g_assert_nonnull (strstr (text, json_object_get_string_member (values, "ticket_number")));
    g_unlink (pdf);
    g_rmdir (dir);
  }

  /* a placeholder goes in at the cursor, and typing goes on there */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW,
                                                                            "source_view")));
    g_autofree char *svg = _ts_face_editor_window_get_svg (editor);
    GtkTextIter at;

    gtk_text_buffer_get_iter_at_offset (buffer, &at, g_utf8_pointer_to_offset (svg, strstr (svg, "MARK") + 4));
    gtk_text_buffer_place_cursor (buffer, &at);
    gtk_widget_activate (GTK_WIDGET (placeholder_row (editor, "venue")));
    g_free (svg);
    svg = _ts_face_editor_window_get_svg (editor);
    g_assert_nonnull (strstr (svg, "MARK{{venue}}</text>"));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (editor))
                   == CHILD_WIDGET (editor, TS_TYPE_FACE_EDITOR_WINDOW, "source_view"));
    wait_preview (editor);
    g_assert_nonnull (strstr (_ts_face_editor_window_get_filled (editor), "MARK"));
    g_assert_null (strstr (_ts_face_editor_window_get_filled (editor), "{{venue}}"));
  }

  /* a broken source says why, under the last preview that could print */
  {
    GdkPaintable *good = preview_of (editor);

    type_source (editor, BROKEN_FACE);
    g_assert_false (ts_face_check (BROKEN_FACE, &reason));
    g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), !=, "");
    g_assert_nonnull (strstr (reason->message, ts_test_ui_get_string (editor, "preview-error")));
    g_assert_true (gtk_widget_get_visible (CHILD_WIDGET (editor, TS_TYPE_FACE_EDITOR_WINDOW, "preview_error_label")));
    g_assert_true (preview_of (editor) == good);
    ts_test_ui_screenshot (GTK_WIDGET (editor), "face-editor-broken.png");
  }
  /* and Save is refused with the reason, the window kept open */
  _ts_face_editor_window_set_name (editor, "Summer season");
  ts_test_ui_submit (editor);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, editor, "the refusal");
  {
    g_autofree char *expected = g_strdup_printf (ts_test_ui_tr ("The SVG source %s."), reason->message);

    g_assert_cmpstr (ts_dialog_get_message (TS_DIALOG (editor)), ==, expected);
  }
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (editor))
                 == CHILD_WIDGET (editor, TS_TYPE_FACE_EDITOR_WINDOW, "source_view"));
  g_assert_true (ts_test_ui_find_window (TS_TYPE_FACE_EDITOR_WINDOW) == GTK_WINDOW (editor));

  /* mended, it saves and the list shows it */
  type_source (editor, TEST_FACE);
  g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), ==, "");
  ts_test_ui_submit (editor);
  wait_closed (TS_TYPE_FACE_EDITOR_WINDOW);
  wait_count (faces, 2, "the new face in the list");
  ts_test_ui_wait_property (page, "busy", FALSE);
  new_id = ts_season_get_int (face_row (faces, choose_face (faces, "Summer season")), "id", 0);
  {
    g_autoptr(JsonNode) saved = api_face (token, new_id, 200);

    g_assert_cmpstr (ts_test_member_string (saved, "svg"), ==, TEST_FACE);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (saved), "is_default"));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (saved), "width_mm"), 100, 0.01);
  }

  /* made the default, the old default may go */
  g_assert_true (act (page, "season.make-face-default"));
  ts_test_ui_wait_property (page, "busy", FALSE);
  {
    g_autoptr(JsonNode) made = api_face (token, new_id, 200);
    g_autoptr(JsonNode) old = api_face (token, default_id, 200);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (made), "is_default"));
    g_assert_false (json_object_get_boolean_member (json_node_get_object (old), "is_default"));
  }
  g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  for (guint i = 0; i < g_list_model_get_n_items (faces); i++)
    if (ts_season_get_int (face_row (faces, i), "id", 0) == default_id)
      gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (faces), i);
  g_assert_false (json_object_get_boolean_member (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)),
                                                  "is_default"));
  g_assert_true (act (page, "season.delete-face"));
  gtk_dialog_response (GTK_DIALOG (wait_for_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
  wait_count (faces, 1, "the deletion");
  ts_test_ui_wait_property (page, "busy", FALSE);
  {
    g_autoptr(JsonNode) gone = api_face (token, default_id, 404);
  }
  g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  close_page (holder, page);
}

/* Changes are never lost silently: closing asks, and Keep Editing keeps them. */
static void
test_unsaved_changes (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  GtkWidget *holder;
  TsSeasonPage *page = open_page (client, &holder);
  GListModel *faces = faces_of (page);
  TsFaceEditorWindow *editor;
  gint64 id;

  show_faces (page);
  choose_face (faces, "Summer season");
  id = ts_season_get_int (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)), "id", 0);
  g_assert_true (act (page, "season.edit-face"));
  editor = TS_FACE_EDITOR_WINDOW (wait_for_window (TS_TYPE_FACE_EDITOR_WINDOW));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, editor, "the face");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW, "name_entry"))), ==,
                   "Summer season");

  /* nothing changed: it closes at once */
  gtk_window_close (GTK_WINDOW (editor));
  wait_closed (TS_TYPE_FACE_EDITOR_WINDOW);

  g_assert_true (act (page, "season.edit-face"));
  editor = TS_FACE_EDITOR_WINDOW (wait_for_window (TS_TYPE_FACE_EDITOR_WINDOW));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, editor, "the face");
  _ts_face_editor_window_set_name (editor, "Winter season");
  gtk_window_close (GTK_WINDOW (editor));
  {
    GtkWindow *question = wait_for_window (GTK_TYPE_MESSAGE_DIALOG);

    ts_test_ui_screenshot (GTK_WIDGET (question), "face-editor-discard.png");
    gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
  }
  wait_closed (GTK_TYPE_MESSAGE_DIALOG);
  g_assert_true (ts_test_ui_find_window (TS_TYPE_FACE_EDITOR_WINDOW) == GTK_WINDOW (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW, "name_entry"))), ==,
                   "Winter season");
  gtk_window_close (GTK_WINDOW (editor));
  gtk_dialog_response (GTK_DIALOG (wait_for_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
  wait_closed (TS_TYPE_FACE_EDITOR_WINDOW);
  {
    g_autoptr(JsonNode) face = api_face (token, id, 200);

    g_assert_cmpstr (ts_test_member_string (face, "name"), ==, "Summer season");
  }
  close_page (holder, page);
}

/* A drawing made in Inkscape comes in through Import SVG… */
static void
test_import (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tessera-faces-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Gala night.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *drawing =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"\n"
    "     xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" width=\"139.7mm\" height=\"50.8mm\"\n"
    "     viewBox=\"0 0 139.7 50.8\" version=\"1.1\" inkscape:version=\"1.2.2\" sodipodi:docname=\"gala.svg\">\n"
    "  <sodipodi:namedview id=\"namedview1\" pagecolor=\"#ffffff\" inkscape:document-units=\"mm\"/>\n"
    "  <g inkscape:label=\"Layer 1\" inkscape:groupmode=\"layer\" id=\"layer1\">\n"
    "    <text x=\"6\" y=\"14\" style=\"font-size:8px;font-family:sans-serif\" id=\"text1\">{{event}}</text>\n"
    "    <rect id=\"barcode\" x=\"100\" y=\"8\" width=\"34\" height=\"34\" style=\"fill:none\"/>\n"
    "  </g>\n"
    "</svg>\n";
  TsFaceEditorWindow *editor;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, drawing, -1, &error));
  editor = ts_face_editor_window_new (NULL, client, 0, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, editor, "the editor");
  wait_preview (editor);
  _ts_face_editor_window_import (editor, file);
  ts_test_ui_wait_property (editor, "preview-pending", TRUE);
  wait_preview (editor);
  {
    g_autofree char *svg = _ts_face_editor_window_get_svg (editor);

    g_assert_cmpstr (svg, ==, drawing);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (editor, TS_TYPE_FACE_EDITOR_WINDOW, "name_entry"))), ==,
                   "Gala night");
  g_assert_cmpstr (ts_test_ui_get_string (editor, "preview-error"), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (editor), "face-editor-imported.png");
  ts_test_ui_submit (editor);
  wait_closed (TS_TYPE_FACE_EDITOR_WINDOW);
  {
    g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");

    g_assert_true (api_lists (token, "Gala night"));
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* An event chooses its face; a face an event uses is not deleted. */
static void
test_event_face (void)
{
  g_autofree char *token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autoptr(JsonNode) built = ts_test_expect (server, "POST", "/api/v1/maps", token,
                                              "{\"format\": \"generator\", \"demo\": \"studio\"}", 201);
  gint64 map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (built), "map"), "id");
  g_autofree char *body = face_body ("Matinee", TEST_FACE);
  g_autoptr(JsonNode) matinee = ts_test_expect (server, "POST", "/api/v1/faces", token, body, 201);
  gint64 face_id = ts_test_member_int (matinee, "id");
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "manager");
  GtkWidget *holder;
  TsSeasonPage *page = open_page (client, &holder);
  GListModel *faces = faces_of (page);
  GtkDropDown *face_dropdown;
  GtkWindow *dialog;
  gint64 event_id;

  g_assert_true (gtk_widget_activate_action (_ts_season_page_get_tab (page, "events"), "season.new-event", NULL));
  dialog = wait_for_window (TS_TYPE_EVENT_DIALOG);
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the lists of maps and faces");
  face_dropdown = GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "face_dropdown"));
  /* the default face, then the outlet's own */
  g_assert_cmpint (ts_season_drop_down_get_id (face_dropdown), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "name_entry")), "Matinee concert");
  {
    GtkDropDown *maps = GTK_DROP_DOWN (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "map_dropdown"));
    GListModel *model = gtk_drop_down_get_model (maps);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(TsJsonItem) item = g_list_model_get_item (model, i);

        if (ts_json_item_get_id (item) == map_id)
          gtk_drop_down_set_selected (maps, i);
      }
  }
  {
    GListModel *model = gtk_drop_down_get_model (face_dropdown);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(TsJsonItem) item = g_list_model_get_item (model, i);

        if (ts_json_item_get_id (item) == face_id)
          {
            gtk_drop_down_set_selected (face_dropdown, i);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  /* F5: re-entry is off until the manager says otherwise */
  {
    GtkCheckButton *reentry = GTK_CHECK_BUTTON (CHILD (dialog, TS_TYPE_EVENT_DIALOG, "reentry_check"));

    g_assert_false (gtk_check_button_get_active (reentry));
    gtk_check_button_set_active (reentry, TRUE);
  }
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "event-dialog-face.png");
  ts_test_ui_submit (dialog);
  wait_closed (TS_TYPE_EVENT_DIALOG);
  ts_test_ui_wait_property (page, "busy", FALSE);
  {
    g_autoptr(JsonNode) events = ts_test_expect (server, "GET", "/api/v1/events", token, NULL, 200);
    JsonArray *list = json_object_get_array_member (json_node_get_object (events), "events");

    event_id = 0;
    for (guint i = 0; i < json_array_get_length (list); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (list, i), "name"),
                     "Matinee concert") == 0)
        event_id = json_object_get_int_member (json_array_get_object_element (list, i), "id");
    g_assert_cmpint (event_id, >, 0);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, event_id);
    g_autoptr(JsonNode) event = ts_test_expect (server, "GET", path, token, NULL, 200);

    g_assert_cmpint (ts_test_member_int (event, "face_id"), ==, face_id);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (event), "reentry"));
  }

  /* the tab counted the event that chose the face (the client's
   * "changed::events"); the face in use stays: the refusal is said on the
   * page */
  show_faces (page);
  ts_test_ui_wait_property (page, "busy", FALSE);
  choose_face (faces, "Matinee");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)),
                                                                        "events")), ==, 1);
  g_assert_true (act (page, "season.delete-face"));
  gtk_dialog_response (GTK_DIALOG (wait_for_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
  ts_test_ui_wait_until (page_has_message, page, "the refusal on the page");
  ts_test_ui_screenshot (holder, "faces-tab-refused.png");
  g_assert_cmpuint (g_list_model_get_n_items (faces), ==, 3);
  {
    g_autoptr(JsonNode) kept = api_face (token, face_id, 200);
  }
  close_page (holder, page);
}

/* The Master User copies a face to another outlet: its manager sees the
 * copy, a third outlet's does not (F1). */
static void
test_master_duplicates (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, NULL, "master");
  g_autofree char *ath = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  g_autofree char *tix = ts_test_sign_in (server, "TIX", "manager", "manager-password");
  GtkWidget *holder;
  TsSeasonPage *page = open_page (client, &holder);
  GListModel *faces = faces_of (page);
  TsOutletCopyDialog *dialog;
  gint64 copy_id;

  show_faces (page);
  ts_test_ui_wait_property (page, "busy", FALSE);
  /* every outlet's faces, each with its outlet */
  g_assert_cmpuint (g_list_model_get_n_items (faces), >=, 3);
  choose_face (faces, "Summer season");
  g_assert_cmpstr (ts_season_get_string (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)), "outlet_name"), ==,
                   "University Theatre");
  ts_test_ui_screenshot (holder, "faces-tab-master.png");
  g_assert_false (api_lists (ath, "Summer season"));

  g_assert_true (act (page, "season.duplicate-face"));
  dialog = TS_OUTLET_COPY_DIALOG (wait_for_window (TS_TYPE_OUTLET_COPY_DIALOG));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, dialog, "the outlets");
  g_assert_true (_ts_outlet_copy_dialog_choose_outlet (dialog, "ATH"));
  _ts_outlet_copy_dialog_set_name (dialog, "Summer season (Athletic Centre)");
  ts_test_ui_screenshot (GTK_WIDGET (dialog), "face-duplicate-dialog.png");
  ts_test_ui_submit (dialog);
  wait_closed (TS_TYPE_OUTLET_COPY_DIALOG);
  ts_test_ui_wait_property (page, "busy", FALSE);
  choose_face (faces, "Summer season (Athletic Centre)");
  g_assert_cmpstr (ts_season_get_string (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)), "outlet_name"), ==,
                   "Athletic Centre");
  copy_id = ts_season_get_int (ts_season_selected_object (GTK_SINGLE_SELECTION (faces)), "id", 0);

  g_assert_true (api_lists (ath, "Summer season (Athletic Centre)"));
  g_assert_false (api_lists (tix, "Summer season (Athletic Centre)"));
  {
    g_autoptr(JsonNode) hidden = api_face (tix, copy_id, 404);
  }
  close_page (holder, page);
}

/* Keyboard ------------------------------------------------------------------------------ */

/* The mnemonic key of the label that names target (or is inside it, for
 * a button), in the language the test runs in. */
static guint
mnemonic_of (GtkWidget *root,
             GtkWidget *target)
{
  if (GTK_IS_LABEL (root)
      && (gtk_label_get_mnemonic_widget (GTK_LABEL (root)) == target || gtk_widget_is_ancestor (root, target)))
    return gtk_label_get_mnemonic_keyval (GTK_LABEL (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      guint keyval = mnemonic_of (child, target);

      if (keyval != GDK_KEY_VoidSymbol)
        return keyval;
    }
  return GDK_KEY_VoidSymbol;
}

static void
key (guint           keyval,
     GdkModifierType modifiers)
{
  ts_test_input_key_with (keyval, modifiers);
  ts_test_ui_pause (50);
}

static gboolean
focus_in (GtkWindow *window,
          GtkWidget *within)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == within || gtk_widget_is_ancestor (focus, within));
}

/* The editor by keys alone: the name, the source, a placeholder from the
 * list put in at the cursor, and Save refusing a source that cannot print,
 * the focus back on it. */
static void
test_keyboard (void)
{
  g_autoptr(TsApiClient) client = NULL;
  g_autofree char *reason = NULL;
  TsFaceEditorWindow *editor;
  GtkWidget *name, *source, *list, *save;
  g_autofree char *svg = NULL;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  client = ts_test_ui_sign_in (server, "UTH", "manager");
  editor = ts_face_editor_window_new (NULL, client, 0, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
  ts_test_ui_wait_until (ts_test_ui_dialog_idle, editor, "the editor");
  wait_preview (editor);
  name = CHILD_WIDGET (editor, TS_TYPE_FACE_EDITOR_WINDOW, "name_entry");
  source = CHILD_WIDGET (editor, TS_TYPE_FACE_EDITOR_WINDOW, "source_view");
  list = _ts_face_editor_window_get_placeholders (editor);
  save = gtk_window_get_default_widget (GTK_WINDOW (editor));
  ts_test_input_move (source, 5, 5);                   /* keys go to the window under the pointer */

  key (mnemonic_of (GTK_WIDGET (editor), name), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (editor), name));
  ts_test_input_type ("Keyboard");
  ts_test_ui_pause (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Keyboard");

  /* the source, its start, then the placeholders: Enter puts the chosen one there */
  key (mnemonic_of (GTK_WIDGET (editor), source), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (editor), source));
  key (GDK_KEY_Home, GDK_CONTROL_MASK);
  key (mnemonic_of (GTK_WIDGET (editor), list), GDK_ALT_MASK);
  g_assert_true (focus_in (GTK_WINDOW (editor), list));
  key (GDK_KEY_Home, 0);
  key (GDK_KEY_Down, 0);
  key (GDK_KEY_Return, 0);
  g_assert_true (focus_in (GTK_WINDOW (editor), source));
  svg = _ts_face_editor_window_get_svg (editor);
  g_assert_true (g_str_has_prefix (svg, "{{performance_date}}<svg"));

  /* typing goes on after it; Save (its mnemonic) refuses, the focus on the source */
  ts_test_input_type ("X");
  ts_test_ui_pause (50);
  g_free (svg);
  svg = _ts_face_editor_window_get_svg (editor);
  g_assert_true (g_str_has_prefix (svg, "{{performance_date}}X<svg"));
  key (mnemonic_of (save, save), GDK_ALT_MASK);
  ts_test_ui_wait_until (ts_test_ui_dialog_says, editor, "the refusal");
  {
    g_autofree char *start = g_strndup (ts_test_ui_tr ("The SVG source %s."),
                                        strstr (ts_test_ui_tr ("The SVG source %s."), "%s")
                                        - ts_test_ui_tr ("The SVG source %s."));

    g_assert_true (g_str_has_prefix (ts_dialog_get_message (TS_DIALOG (editor)), start));
  }
  g_assert_true (focus_in (GTK_WINDOW (editor), source));
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* Below the Box Office Manager level there is no faces tab at all. */
static void
test_no_tab_below_manager (void)
{
  g_autoptr(TsApiClient) client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  GtkWidget *holder;
  TsSeasonPage *page = open_page (client, &holder);
  GtkWidget *tab = _ts_season_page_get_tab (page, "faces");
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (tab));

  g_assert_false (gtk_stack_page_get_visible (gtk_stack_get_page (stack, tab)));
  g_assert_cmpuint (g_list_model_get_n_items (faces_of (page)), ==, 0);
  g_assert_cmpstr (ts_test_ui_get_string (page, "message"), ==, "");
  close_page (holder, page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();

  /* in this order: each builds on the one before */
  g_test_add_func ("/client/faces/editor", test_editor);
  g_test_add_func ("/client/faces/unsaved-changes", test_unsaved_changes);
  g_test_add_func ("/client/faces/import", test_import);
  g_test_add_func ("/client/faces/event-face", test_event_face);
  g_test_add_func ("/client/faces/master-duplicates", test_master_duplicates);
  g_test_add_func ("/client/faces/no-tab-below-manager", test_no_tab_below_manager);
  g_test_add_func ("/client/faces/keyboard", test_keyboard);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
