/* ts-map-window.c — view a map; its owner also edits it
 *
 * GTK 4.8 cannot expose each drawn seat to screen readers, so the selected
 * seats are mirrored in a GtkColumnView beside the map: every seat the map
 * selects is a row a screen reader can read.  The map, the list and the
 * owner's form are in data/ui/maps/ts-map-window.ui; the form's buttons are
 * the actions map.apply-to-selection, map.rename and map.add-category. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-maps.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-json-item.h"
#include "ts-seat-legend.h"
#include "ts-seat-plan-compact.h"
#include "ts-map-window.h"
#include "ts-map-window-private.h"
#include "ts-memory.h"
#include "ts-window-state.h"
#include "ts-seat-selection-list.h"

struct _TsMapWindow
{
  GtkWindow      parent_instance;

  TsSeatMap     *map;
  TsSeatLegend  *legend;
  GtkBox        *side;
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

enum { PROP_0, PROP_LOADED, PROP_EDITABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

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
loaded (gpointer      owner,
        JsonNode     *answer,
        const GError *error)
{
  TsMapWindow *self = owner;
  g_autoptr(GError) unreadable = NULL;
  JsonObject *map;
  TsSeatPlan *plan;
  g_autofree char *title = NULL;
  guint category_chosen, level_before;
  gboolean editable;

  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  map = json_node_get_object (answer);
  plan = ts_seat_plan_from_compact (json_object_get_member (map, "map"), &unreadable);
  if (plan == NULL)
    {
      set_message (self, unreadable->message);
      return;
    }
  /* M1: only the owning outlet edits; everyone else sees the map read-only */
  editable = ts_api_client_get_level (self->client) >= TS_LEVEL_MANAGER
             && (ts_api_client_get_level (self->client) == TS_LEVEL_MASTER
                 || json_object_get_int_member (map, "outlet_id") == ts_api_client_get_outlet_id (self->client));
  if (editable != self->editable)
    {
      self->editable = editable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
    }
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
  ts_memory_trim_soon ();                            /* the map's JSON, freed after this answer */
  ts_seat_legend_set_categories (self->legend, plan, NULL);
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
      && !ts_seat_map_set_background_svg (self->map, json_object_get_string_member (map, "background_svg"),
                                          &unreadable))
    set_message (self, unreadable->message);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
load (TsMapWindow *self)
{
  ts_api_client_get_map_compact_async (self->client, self->map_id, self->cancellable, ts_api_answered,
                                       ts_api_call (self, loaded));
}

static void
saved (gpointer      owner,
       JsonNode     *answer,
       const GError *error)
{
  TsMapWindow *self = owner;

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

  json_object_set_member (object, member, items);
  json_node_set_object (body, object);
  ts_api_client_patch_map_async (self->client, self->map_id, body, self->cancellable, ts_api_answered,
                                 ts_api_call (self, saved));
}

static void
apply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TsMapWindow *self = TS_MAP_WINDOW (widget);
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

/* Renaming works on one seat at a time; its GUID never changes (M3). */
static void
rename_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsMapWindow *self = TS_MAP_WINDOW (widget);
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
add_category_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsMapWindow *self = TS_MAP_WINDOW (widget);
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

/* Enter in "New category" adds it, as the button does. */
static void
category_entry_activated (TsMapWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "map.add-category", NULL);
}

/* The system-wide hold letters (M8) for the default-hold choice. */
static void
hold_letters_loaded (gpointer      owner,
                     JsonNode     *answer,
                     const GError *error)
{
  TsMapWindow *self = owner;
  JsonArray *letters;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
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
_ts_map_window_set_default_hold (TsMapWindow *self,
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
ts_map_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsMapWindow *self = TS_MAP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_map_window_get_property;
  object_class->dispose = ts_map_window_dispose;

  /* The map has arrived. */
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The signed-in outlet owns it and may edit it (M1). */
  properties[PROP_EDITABLE] = g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_SEAT_MAP);
  g_type_ensure (TS_TYPE_SEAT_LEGEND);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-map-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, map);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, legend);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, side);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, level_names);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, edit_box);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, color_button);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, category_entry);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, category_names);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, wheelchair_check);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, companion_check);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, restricted_check);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, hold_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, hold_names);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, row_entry);
  gtk_widget_class_bind_template_child (widget_class, TsMapWindow, number_entry);
  gtk_widget_class_bind_template_callback (widget_class, seat_info);
  gtk_widget_class_bind_template_callback (widget_class, level_chosen);
  gtk_widget_class_bind_template_callback (widget_class, show_category_color);
  gtk_widget_class_bind_template_callback (widget_class, color_set);
  gtk_widget_class_bind_template_callback (widget_class, category_entry_activated);
  gtk_widget_class_install_action (widget_class, "map.apply-to-selection", NULL, apply_activated);
  gtk_widget_class_install_action (widget_class, "map.rename", NULL, rename_activated);
  gtk_widget_class_install_action (widget_class, "map.add-category", NULL, add_category_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_map_window_init (TsMapWindow *self)
{
  static const TsSeatOverlay overlays[] = { TS_SEAT_OVERLAY_SELECTED };

  gtk_widget_init_template (GTK_WIDGET (self));
  ts_seat_legend_set_marks (self->legend, NULL, 0, overlays, G_N_ELEMENTS (overlays));
  self->cancellable = g_cancellable_new ();
  self->hold_letters = g_string_new (NULL);
  /* the accessible mirror of the selection follows the map it is given */
  self->selected_list = ts_seat_selection_list_new (self->map);
  gtk_widget_set_vexpand (GTK_WIDGET (self->selected_list), TRUE);
  gtk_box_insert_child_after (self->side, GTK_WIDGET (self->selected_list), GTK_WIDGET (self->level_dropdown));
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
  ts_api_client_list_hold_letters_async (client, self->cancellable, ts_api_answered,
                                         ts_api_call (self, hold_letters_loaded));
  ts_window_state_track (GTK_WINDOW (self), "map");
  return self;
}

TsSeatMap *
_ts_map_window_get_seat_map (TsMapWindow *self)
{
  return self->map;
}

GListModel *
_ts_map_window_get_selected_model (TsMapWindow *self)
{
  return ts_seat_selection_list_get_model (self->selected_list);
}

void
_ts_map_window_add_category (TsMapWindow   *self,
                             const char    *name,
                             const GdkRGBA *rgba)
{
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), rgba);
  gtk_editable_set_text (GTK_EDITABLE (self->category_entry), name);
  gtk_widget_activate_action (GTK_WIDGET (self), "map.add-category", NULL);
}

void
_ts_map_window_show_level (TsMapWindow *self,
                           guint        index)
{
  gtk_drop_down_set_selected (self->level_dropdown, index);
}
