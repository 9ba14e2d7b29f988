/* ts-map-window.c — view a map; its owner also edits it
 *
 * GTK 4.8 cannot expose each drawn seat to screen readers, so the selected
 * seats are mirrored in a GtkColumnView beside the map: every seat the map
 * selects is a row a screen reader can read.  Built in code: a map, a list and
 * a small form. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-json-item.h"
#include "ts-seat-plan-compact.h"
#include "ts-map-window.h"
#include "ts-seat-selection-list.h"

struct _TsMapWindow
{
  GtkWindow      parent_instance;

  TsSeatMap     *map;
  GtkLabel      *message_label;
  GtkDropDown   *level_dropdown;
  GtkStringList *level_names;     /* "All levels", then each level */
  TsSeatSelectionList *selected_list;   /* the accessible mirror of the selection */
  GtkWidget     *edit_box;
  GtkDropDown   *category_dropdown;
  GtkColorButton *color_button;
  GtkEntry      *category_entry;
  GtkStringList *category_names;
  GtkCheckButton *wheelchair_check;
  GtkCheckButton *companion_check;
  GtkCheckButton *restricted_check;
  GtkDropDown   *hold_dropdown;   /* "Keep", "None", then each hold letter (M1, M8) */
  GtkStringList *hold_names;
  GString       *hold_letters;    /* the letter of each entry after the first two */
  GtkEntry      *row_entry;
  GtkEntry      *number_entry;

  TsApiClient   *client;
  GCancellable  *cancellable;
  gint64         map_id;
  gboolean       loaded;
  gboolean       editable;
};

G_DEFINE_FINAL_TYPE (TsMapWindow, ts_map_window, GTK_TYPE_WINDOW)

static void load (TsMapWindow *self);

static void
set_message (TsMapWindow *self,
             const char  *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}


static void
seat_info (TsSeatMap   *map,
           int          index,
           TsMapWindow *self)
{
  TsPlanSeat *seat = g_ptr_array_index (ts_seat_map_get_plan (map)->seats, index);
  g_autofree char *text = g_strdup_printf (_("%s, row %s, seat %s — %s — identifier %s"),
                                           seat->zone, seat->row, seat->number,
                                           seat->category ? seat->category : _("no category"), seat->guid);

  set_message (self, text);
}

static void
level_chosen (GtkDropDown *dropdown,
              GParamSpec  *pspec,
              TsMapWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (dropdown);

  if (ts_seat_map_get_plan (self->map) == NULL)
    return;
  ts_seat_map_show_level (self->map, chosen == 0 || chosen == GTK_INVALID_LIST_POSITION
                                     ? NULL : gtk_string_list_get_string (self->level_names, chosen));
}

/* The colour button shows the colour of the category chosen. */
static void
show_category_color (TsMapWindow *self)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  guint chosen = gtk_drop_down_get_selected (self->category_dropdown);
  GdkRGBA rgba;

  if (plan == NULL || chosen >= plan->categories->len)
    return;
  if (gdk_rgba_parse (&rgba, ((TsPlanCategory *) g_ptr_array_index (plan->categories, chosen))->color))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsMapWindow *self = user_data;
  JsonObject *map;
  TsSeatPlan *plan;
  g_autofree char *title = NULL;
  guint category_chosen, level_before;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  map = json_node_get_object (answer);
  plan = ts_seat_plan_from_compact (json_object_get_member (map, "map"), &error);
  if (plan == NULL)
    {
      set_message (self, error->message);
      return;
    }
  /* M1: only the owning outlet edits; everyone else sees the map read-only */
  self->editable = ts_api_client_get_level (self->client) >= TS_LEVEL_MANAGER
                   && (ts_api_client_get_level (self->client) == TS_LEVEL_MASTER
                       || json_object_get_int_member (map, "outlet_id") == ts_api_client_get_outlet_id (self->client));
  gtk_widget_set_visible (self->edit_box, self->editable);
  /* a reload after a save keeps the category and the level chosen */
  category_chosen = gtk_drop_down_get_selected (self->category_dropdown);
  level_before = gtk_drop_down_get_selected (self->level_dropdown);
  gtk_string_list_splice (self->category_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->category_names)), NULL);
  for (guint i = 0; i < plan->categories->len; i++)
    gtk_string_list_append (self->category_names, ((TsPlanCategory *) g_ptr_array_index (plan->categories, i))->name);
  if (category_chosen < plan->categories->len)
    gtk_drop_down_set_selected (self->category_dropdown, category_chosen);

  title = g_strdup_printf (_("%s — %s"), json_object_get_string_member (map, "name"),
                           json_object_get_string_member (json_object_get_object_member (map, "outlet"), "name"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (ts_seat_map_get_plan (self->map) != NULL)
    ts_seat_map_replace_plan (self->map, plan);     /* after a save: view, level and selection stay */
  else
    ts_seat_map_set_plan (self->map, plan);
  show_category_color (self);
  /* default holds show as their letter in the seat (M1, M8) */
  for (guint i = 0; i < plan->seats->len; i++)
    ts_seat_map_set_seat_letter (self->map, i, ((TsPlanSeat *) g_ptr_array_index (plan->seats, i))->hold);
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    g_signal_handlers_block_by_func (self->level_dropdown, level_chosen, self);
    gtk_string_list_splice (self->level_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->level_names)),
                            (const char *[]) { _("All levels"), NULL });
    for (guint i = 0; i < plan->zones->len; i++)
      {
        TsPlanZone *zone = g_ptr_array_index (plan->zones, i);

        if (zone->level != NULL && !g_hash_table_contains (seen, zone->level))
          {
            g_hash_table_add (seen, zone->level);
            gtk_string_list_append (self->level_names, zone->level);
          }
      }
    gtk_drop_down_set_selected (self->level_dropdown,
                                level_before != GTK_INVALID_LIST_POSITION
                                && level_before < g_list_model_get_n_items (G_LIST_MODEL (self->level_names))
                                ? level_before : 0);
    gtk_widget_set_visible (GTK_WIDGET (self->level_dropdown), g_hash_table_size (seen) > 1);
    g_signal_handlers_unblock_by_func (self->level_dropdown, level_chosen, self);
  }
  if (json_object_has_member (map, "background_svg") && !json_object_get_null_member (map, "background_svg")
      && !ts_seat_map_set_background_svg (self->map, json_object_get_string_member (map, "background_svg"), &error))
    set_message (self, error->message);
  self->loaded = TRUE;
}

static void
load (TsMapWindow *self)
{
  g_autofree char *path = g_strdup_printf ("/maps/%" G_GINT64_FORMAT "/compact", self->map_id);

  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, loaded, self);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsMapWindow *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_message (self, answer ? _("Saved.") : error->message);
  if (answer != NULL)
    load (self);
}

/* Sends {"member": items} to PATCH /maps/{id}; the map reloads when saved. */
static void
patch_map (TsMapWindow *self,
           const char  *member,
           JsonNode    *items)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *path = g_strdup_printf ("/maps/%" G_GINT64_FORMAT, self->map_id);

  json_object_set_member (object, member, items);
  json_node_set_object (body, object);
  ts_api_client_request_async (self->client, "PATCH", path, body, self->cancellable, saved, self);
}

static void
apply_clicked (TsMapWindow *self)
{
  g_autoptr(GArray) selection = ts_seat_map_get_selection (self->map);
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint chosen = gtk_drop_down_get_selected (self->category_dropdown);
  const char *category = chosen < plan->categories->len
                         ? ((TsPlanCategory *) g_ptr_array_index (plan->categories, chosen))->name : NULL;
  guint hold_choice = gtk_drop_down_get_selected (self->hold_dropdown);

  if (selection->len == 0)
    {
      set_message (self, _("Select seats first: click them, or right-click for a whole row or section."));
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < selection->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, g_array_index (selection, guint, i));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "guid");
      json_builder_add_string_value (builder, seat->guid);
      if (category != NULL)
        {
          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, category);
        }
      if (hold_choice == 1)
        {
          json_builder_set_member_name (builder, "hold");
          json_builder_add_null_value (builder);
        }
      else if (hold_choice >= 2 && hold_choice - 2 < self->hold_letters->len)
        {
          char letter[2] = { self->hold_letters->str[hold_choice - 2], 0 };

          json_builder_set_member_name (builder, "hold");
          json_builder_add_string_value (builder, letter);
        }
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      if (gtk_check_button_get_active (self->wheelchair_check))
        json_builder_add_string_value (builder, "wheelchair");
      if (gtk_check_button_get_active (self->companion_check))
        json_builder_add_string_value (builder, "companion");
      if (gtk_check_button_get_active (self->restricted_check))
        json_builder_add_string_value (builder, "restricted_view");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  patch_map (self, "seats", json_builder_get_root (builder));
}

void
ts_map_window_apply_to_selection (TsMapWindow *self)
{
  apply_clicked (self);
}

/* Renaming works on one seat at a time; its GUID never changes (M3). */
static void
rename_clicked (TsMapWindow *self)
{
  g_autoptr(GArray) selection = ts_seat_map_get_selection (self->map);
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *row = gtk_editable_get_text (GTK_EDITABLE (self->row_entry));
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  TsPlanSeat *seat;

  if (selection->len != 1)
    {
      set_message (self, _("Select exactly one seat to rename it."));
      return;
    }
  seat = g_ptr_array_index (plan->seats, g_array_index (selection, guint, 0));
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "guid");
  json_builder_add_string_value (builder, seat->guid);
  if (*row != '\0')
    {
      json_builder_set_member_name (builder, "row");
      json_builder_add_string_value (builder, row);
    }
  if (*number != '\0')
    {
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, number);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  patch_map (self, "seats", json_builder_get_root (builder));
}

/* Recolours a category, or adds it when the map has none of that name. */
static void
send_category (TsMapWindow   *self,
               const char    *name,
               const GdkRGBA *rgba)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *color = g_strdup_printf ("#%02x%02x%02x", (int) (rgba->red * 255 + 0.5),
                                            (int) (rgba->green * 255 + 0.5), (int) (rgba->blue * 255 + 0.5));

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "color");
  json_builder_add_string_value (builder, color);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  patch_map (self, "categories", json_builder_get_root (builder));
}

static void
color_set (TsMapWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->category_dropdown);
  GdkRGBA rgba;

  if (chosen >= g_list_model_get_n_items (G_LIST_MODEL (self->category_names)))
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  send_category (self, gtk_string_list_get_string (self->category_names, chosen), &rgba);
}

static void
add_category_clicked (TsMapWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->category_entry))));
  GdkRGBA rgba;

  if (*name == '\0')
    {
      set_message (self, _("Type the new category's name first."));
      return;
    }
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  send_category (self, name, &rgba);
  gtk_editable_set_text (GTK_EDITABLE (self->category_entry), "");
}

/* The system-wide hold letters (M8) for the default-hold choice. */
static void
hold_letters_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsMapWindow *self = user_data;
  JsonArray *letters;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return;
  letters = ts_json_lookup_array (json_node_get_object (answer), "hold_letters");
  for (guint i = 0; letters != NULL && i < json_array_get_length (letters); i++)
    {
      JsonObject *h = json_array_get_object_element (letters, i);
      const char *letter = json_object_get_string_member_with_default (h, "letter", "");
      g_autofree char *text = g_strdup_printf ("%s — %s", letter,
                                               json_object_get_string_member_with_default (h, "description", ""));

      if (letter[0] < 'a' || letter[0] > 'z')
        continue;
      g_string_append_c (self->hold_letters, letter[0]);
      gtk_string_list_append (self->hold_names, text);
    }
}

gboolean
ts_map_window_set_default_hold (TsMapWindow *self,
                                char         letter)
{
  const char *at;

  if (letter == 0)
    {
      gtk_drop_down_set_selected (self->hold_dropdown, 1);
      return TRUE;
    }
  at = strchr (self->hold_letters->str, letter);
  if (at == NULL)
    return FALSE;
  gtk_drop_down_set_selected (self->hold_dropdown, 2 + (guint) (at - self->hold_letters->str));
  return TRUE;
}

static void
ts_map_window_dispose (GObject *object)
{
  TsMapWindow *self = TS_MAP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  if (self->hold_letters != NULL)
    g_string_free (g_steal_pointer (&self->hold_letters), TRUE);
  G_OBJECT_CLASS (ts_map_window_parent_class)->dispose (object);
}

static void
ts_map_window_class_init (TsMapWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_map_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_map_window_init (TsMapWindow *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *apply;
  GtkWidget *category_label;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);
  gtk_window_set_title (GTK_WINDOW (self), _("Theatre Map"));

  self->map = ts_seat_map_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  g_signal_connect (self->map, "seat-info", G_CALLBACK (seat_info), self);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->map));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);

  gtk_widget_set_margin_top (side, 12);
  gtk_widget_set_margin_bottom (side, 12);
  gtk_widget_set_margin_start (side, 12);
  gtk_widget_set_margin_end (side, 12);
  gtk_widget_set_size_request (side, 300, -1);
  self->level_names = gtk_string_list_new (NULL);
  self->level_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->level_names), NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->level_dropdown), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->level_dropdown), _("Level shown"));
  g_signal_connect (self->level_dropdown, "notify::selected", G_CALLBACK (level_chosen), self);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->level_dropdown));
  self->selected_list = ts_seat_selection_list_new (self->map);
  gtk_widget_set_vexpand (GTK_WIDGET (self->selected_list), TRUE);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->selected_list));

  self->edit_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  category_label = gtk_label_new_with_mnemonic (_("Price _category for the selected seats"));
  gtk_label_set_xalign (GTK_LABEL (category_label), 0);
  self->category_names = gtk_string_list_new (NULL);
  self->category_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->category_names), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (category_label), GTK_WIDGET (self->category_dropdown));
  self->wheelchair_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Wheelchair")));
  self->companion_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("C_ompanion")));
  self->restricted_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Restricted view")));
  apply = gtk_button_new_with_mnemonic (_("_Apply to Selected Seats"));
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_clicked), self);
  gtk_box_append (GTK_BOX (self->edit_box), category_label);
  {
    GtkWidget *category_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *new_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *add = gtk_button_new_with_mnemonic (_("A_dd Category"));

    self->color_button = GTK_COLOR_BUTTON (gtk_color_button_new ());
    gtk_color_button_set_title (self->color_button, _("Category Colour"));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->color_button), _("The colour of this category on the map"));
    g_signal_connect_swapped (self->color_button, "color-set", G_CALLBACK (color_set), self);
    g_signal_connect_swapped (self->category_dropdown, "notify::selected", G_CALLBACK (show_category_color), self);
    gtk_widget_set_hexpand (GTK_WIDGET (self->category_dropdown), TRUE);
    gtk_box_append (GTK_BOX (category_row), GTK_WIDGET (self->category_dropdown));
    gtk_box_append (GTK_BOX (category_row), GTK_WIDGET (self->color_button));
    gtk_box_append (GTK_BOX (self->edit_box), category_row);

    self->category_entry = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->category_entry, _("New category"));
    gtk_widget_set_hexpand (GTK_WIDGET (self->category_entry), TRUE);
    g_signal_connect_swapped (self->category_entry, "activate", G_CALLBACK (add_category_clicked), self);
    g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_category_clicked), self);
    gtk_box_append (GTK_BOX (new_row), GTK_WIDGET (self->category_entry));
    gtk_box_append (GTK_BOX (new_row), add);
    gtk_box_append (GTK_BOX (self->edit_box), new_row);
  }
  gtk_box_append (GTK_BOX (self->edit_box), GTK_WIDGET (self->wheelchair_check));
  gtk_box_append (GTK_BOX (self->edit_box), GTK_WIDGET (self->companion_check));
  gtk_box_append (GTK_BOX (self->edit_box), GTK_WIDGET (self->restricted_check));
  {
    GtkWidget *hold_label = gtk_label_new_with_mnemonic (_("Default _hold on new performances"));

    gtk_label_set_xalign (GTK_LABEL (hold_label), 0);
    self->hold_names = gtk_string_list_new ((const char * const[]) { _("Keep as it is"), _("No default hold"), NULL });
    self->hold_letters = g_string_new (NULL);
    self->hold_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->hold_names), NULL));
    gtk_label_set_mnemonic_widget (GTK_LABEL (hold_label), GTK_WIDGET (self->hold_dropdown));
    gtk_box_append (GTK_BOX (self->edit_box), hold_label);
    gtk_box_append (GTK_BOX (self->edit_box), GTK_WIDGET (self->hold_dropdown));
  }
  gtk_box_append (GTK_BOX (self->edit_box), apply);
  {
    GtkWidget *rename_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *rename = gtk_button_new_with_mnemonic (_("Re_name"));

    self->row_entry = GTK_ENTRY (gtk_entry_new ());
    self->number_entry = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->row_entry, _("Row"));
    gtk_entry_set_placeholder_text (self->number_entry, _("Seat"));
    gtk_editable_set_width_chars (GTK_EDITABLE (self->row_entry), 5);
    gtk_editable_set_width_chars (GTK_EDITABLE (self->number_entry), 5);
    g_signal_connect_swapped (rename, "clicked", G_CALLBACK (rename_clicked), self);
    gtk_box_append (GTK_BOX (rename_row), GTK_WIDGET (self->row_entry));
    gtk_box_append (GTK_BOX (rename_row), GTK_WIDGET (self->number_entry));
    gtk_box_append (GTK_BOX (rename_row), rename);
    gtk_box_append (GTK_BOX (self->edit_box), rename_row);
  }
  gtk_widget_set_visible (self->edit_box, FALSE);
  gtk_box_append (GTK_BOX (side), self->edit_box);

  self->message_label = GTK_LABEL (gtk_label_new (_("Click seats or drag a band around them to select; "
                                                    "right-click for a row or a section; arrows, Space, + and - "
                                                    "work too, Ctrl-drag pans.")));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_max_width_chars (self->message_label, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->message_label));

  gtk_paned_set_end_child (GTK_PANED (paned), side);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_window_set_child (GTK_WINDOW (self), paned);
}

TsMapWindow *
ts_map_window_new (GtkWindow   *parent,
                   TsApiClient *client,
                   gint64       map_id)
{
  TsMapWindow *self = g_object_new (TS_TYPE_MAP_WINDOW, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  self->map_id = map_id;
  load (self);
  ts_api_client_request_async (client, "GET", "/hold-letters", NULL, self->cancellable, hold_letters_loaded, self);
  return self;
}

gboolean
ts_map_window_is_loaded (TsMapWindow *self)
{
  return self->loaded;
}

gboolean
ts_map_window_is_editable (TsMapWindow *self)
{
  return self->editable;
}

TsSeatMap *
ts_map_window_get_seat_map (TsMapWindow *self)
{
  return self->map;
}

GListModel *
ts_map_window_get_selected_model (TsMapWindow *self)
{
  return ts_seat_selection_list_get_model (self->selected_list);
}

void
ts_map_window_add_category (TsMapWindow   *self,
                            const char    *name,
                            const GdkRGBA *rgba)
{
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), rgba);
  gtk_editable_set_text (GTK_EDITABLE (self->category_entry), name);
  add_category_clicked (self);
}

void
ts_map_window_show_level (TsMapWindow *self,
                          guint        index)
{
  gtk_drop_down_set_selected (self->level_dropdown, index);
}
