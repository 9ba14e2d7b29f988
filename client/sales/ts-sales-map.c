/* ts-sales-map.c — the live sales map of one performance (rules M5–M8, S1)
 *
 * The seat map with every seat's state and letter from
 * GET /performances/{id}/seats, kept current by the live feed; the tooltips
 * say what the server lets this outlet see of a seat (M6); the right-click
 * menu finds the other seats of an order (M7) and holds or releases seats
 * with a letter (M8).  Below the map, its legend, the general-admission
 * areas with the places left, and the selection as a list. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-maps.h"
#include "ts-api-sales.h"
#include "ts-format.h"
#include "ts-json.h"
#include "ts-live-client.h"
#include "ts-memory.h"
#include "ts-sales-map-private.h"
#include "ts-seat-legend.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-selection-list.h"
#include "ts-startup-probe.h"

struct _TsSalesMap
{
  GtkWidget     parent_instance;

  TsApiClient  *client;
  TsLiveClient *live;
  GCancellable *cancellable;
  guint         busy;                 /* requests in flight */

  gint64        performance_id;
  gint64        map_id;               /* the plan shown, or asked for */
  gboolean      plan_missing;         /* map_id's plan has not arrived (the server was away) */
  GHashTable   *claims;               /* guid → JsonObject of GET /performances/{id}/seats */
  JsonNode     *claims_root;
  JsonNode     *hold_letters;         /* GET /hold-letters */
  GHashTable   *cart_seats;           /* guids of this agent's cart */
  guint         reload_source;

  JsonNode     *offer;                /* GET /performances/{id}/offer, for the prices */
  GHashTable   *prices;               /* category → its prices for the performance, as the legend says them */

  GtkWidget    *box;
  TsSeatMap    *map;
  TsSeatLegend *legend;
  GtkBox       *ga_box;
};

G_DEFINE_FINAL_TYPE (TsSalesMap, ts_sales_map, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ADD_PLACES, SHOW_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void load_seats (TsSalesMap *self);
static void load_plan (TsSalesMap *self);
static void update_legend (TsSalesMap *self);
static void update_menu_actions (TsSalesMap *self);

static void
begin_busy (TsSalesMap *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
end_busy (TsSalesMap *self)
{
  if (self->busy > 0 && --self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
say (TsSalesMap *self,
     const char *text,
     gboolean    is_error)
{
  g_signal_emit (self, signals[SHOW_MESSAGE], 0, text, is_error);
}

/* Seats ------------------------------------------------------------------------------ */

static TsSeatState
state_from_name (const char *name,
                 gboolean    mine)
{
  if (g_strcmp0 (name, "sold") == 0)
    return TS_SEAT_STATE_SOLD;
  if (g_strcmp0 (name, "held") == 0)
    return TS_SEAT_STATE_HELD;
  if (g_strcmp0 (name, "cart") == 0)
    return mine ? TS_SEAT_STATE_IN_MY_CART : TS_SEAT_STATE_IN_OTHER_CART;
  return TS_SEAT_STATE_AVAILABLE;
}

static gboolean
in_my_cart (TsSalesMap *self,
            const char *guid)
{
  return g_hash_table_contains (self->cart_seats, guid);
}

static void
apply_seat (TsSalesMap *self,
            const char *guid,
            const char *state,
            const char *letter,
            gboolean    mine)
{
  int index = ts_seat_map_find_seat (self->map, guid);

  if (index < 0)
    return;
  ts_seat_map_set_seat_state (self->map, (guint) index, state_from_name (state, mine));
  ts_seat_map_set_seat_letter (self->map, (guint) index, letter != NULL && letter[0] != '\0' ? letter[0] : 0);
}

static const char *
hold_description (TsSalesMap *self,
                  const char *letter)
{
  JsonArray *letters = self->hold_letters ? json_node_get_array (self->hold_letters) : NULL;

  for (guint i = 0; letters != NULL && i < json_array_get_length (letters); i++)
    {
      JsonObject *h = json_array_get_object_element (letters, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (h, "letter", NULL), letter) == 0)
        return json_object_get_string_member_with_default (h, "description", NULL);
    }
  return NULL;
}

static char *
map_tooltip (TsSeatMap *map,
             guint      seat,
             gpointer   data)
{
  return _ts_sales_map_describe_seat (TS_SALES_MAP (data), seat);
}

/* The general-admission areas: places taken of capacity, and a quantity to add. */
static void
ga_add_clicked (GtkButton  *button,
                TsSalesMap *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (button), "spin");
  const char *area = g_object_get_data (G_OBJECT (button), "area");

  g_signal_emit (self, signals[ADD_PLACES], 0, area, (guint) gtk_spin_button_get_value_as_int (spin));
}

/* TRUE when the map's rows are those of these areas, in this order. */
static gboolean
ga_rows_match (TsSalesMap *self,
               JsonArray  *ga)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->ga_box));
  guint n = ga != NULL ? json_array_get_length (ga) : 0;

  for (guint i = 0; i < n; i++, row = gtk_widget_get_next_sibling (row))
    if (row == NULL
        || g_strcmp0 (g_object_get_data (G_OBJECT (row), "area"),
                      json_object_get_string_member_with_default (json_array_get_object_element (ga, i), "area", "")) != 0)
      return FALSE;
  return row == NULL;
}

/* The rows are updated in place when the areas are the same, so that a
 * reload (every live change reloads the seats) neither resets the quantity
 * being typed nor swallows a click on "Add Places" (S1). */
static void
rebuild_ga (TsSalesMap *self)
{
  JsonArray *ga = self->claims_root ? ts_json_lookup_array (json_node_get_object (self->claims_root), "ga") : NULL;
  gboolean same = ga_rows_match (self, ga);
  GtkWidget *child = same ? gtk_widget_get_first_child (GTK_WIDGET (self->ga_box)) : NULL;

  if (!same)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ga_box))) != NULL)
      gtk_box_remove (self->ga_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->ga_box), ga != NULL && json_array_get_length (ga) > 0);
  for (guint i = 0; ga != NULL && i < json_array_get_length (ga); i++)
    {
      JsonObject *area = json_array_get_object_element (ga, i);
      gint64 capacity = json_object_get_int_member_with_default (area, "capacity", 0);
      gint64 taken = json_object_get_int_member_with_default (area, "taken", 0);
      /* Translators: a general-admission area, places left and its capacity */
      g_autofree char *text = g_strdup_printf (_("%s — %d of %d places left"),
                                               json_object_get_string_member_with_default (area, "name", ""),
                                               (int) MAX (capacity - taken, 0), (int) capacity);
      GtkWidget *row, *label, *spin, *add;

      if (same)
        {
          row = child;
          child = gtk_widget_get_next_sibling (child);
          label = g_object_get_data (G_OBJECT (row), "label");
          spin = g_object_get_data (G_OBJECT (row), "spin");
          add = g_object_get_data (G_OBJECT (row), "add");
          gtk_label_set_text (GTK_LABEL (label), text);
          gtk_spin_button_set_range (GTK_SPIN_BUTTON (spin), 1, MAX (capacity, 1));
        }
      else
        {
          GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

          row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
          label = gtk_label_new (text);
          spin = gtk_spin_button_new_with_range (1, MAX (capacity, 1), 1);
          add = gtk_button_new_with_mnemonic (_("Add Pla_ces"));
          /* the area's name above its quantity and button, wrapping rather
           * than widening the map column (it must fit beside the
           * performances and the cart at the default size) */
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
          g_object_set_data_full (G_OBJECT (row), "area",
                                  g_strdup (json_object_get_string_member_with_default (area, "area", "")), g_free);
          g_object_set_data (G_OBJECT (row), "label", label);
          g_object_set_data (G_OBJECT (row), "spin", spin);
          g_object_set_data (G_OBJECT (row), "add", add);
          g_object_set_data_full (G_OBJECT (add), "area",
                                  g_strdup (json_object_get_string_member_with_default (area, "area", "")), g_free);
          g_object_set_data (G_OBJECT (add), "spin", spin);
          g_signal_connect (add, "clicked", G_CALLBACK (ga_add_clicked), self);
          gtk_box_append (GTK_BOX (row), label);
          gtk_box_append (GTK_BOX (controls), spin);
          gtk_box_append (GTK_BOX (controls), add);
          gtk_box_append (GTK_BOX (row), controls);
          gtk_box_append (self->ga_box, row);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_widget_set_sensitive (add, taken < capacity);
    }
}

static void
seats_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsSalesMap *self = owner;
  JsonArray *seats;

  end_busy (self);
  if (answer == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  if (json_object_get_int_member (json_node_get_object (answer), "performance_id") != self->performance_id)
    return;                                        /* an answer for a performance left meanwhile */
  g_clear_pointer (&self->claims_root, json_node_unref);
  self->claims_root = json_node_ref (answer);
  g_hash_table_remove_all (self->claims);
  ts_seat_map_reset_states (self->map);
  seats = ts_json_lookup_array (json_node_get_object (answer), "seats");
  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      JsonObject *claim = json_array_get_object_element (seats, i);
      const char *guid = json_object_get_string_member_with_default (claim, "seat", NULL);

      if (guid == NULL)
        continue;
      g_hash_table_insert (self->claims, g_strdup (guid), json_object_ref (claim));
      apply_seat (self, guid, json_object_get_string_member_with_default (claim, "state", NULL),
                  json_object_get_string_member_with_default (claim, "letter", NULL),
                  json_object_get_boolean_member_with_default (claim, "mine", FALSE) || in_my_cart (self, guid));
    }
  rebuild_ga (self);
  update_menu_actions (self);
  if (ts_startup_probe_enabled ())
    {
      TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
      g_autofree char *detail = g_strdup_printf ("%u", plan != NULL ? plan->seats->len : 0);

      ts_startup_probe_after_frame (GTK_WIDGET (self->map), "seat-map-ready", detail);
    }
}

static void
load_seats (TsSalesMap *self)
{
  if (self->performance_id == 0)
    return;
  begin_busy (self);
  ts_api_client_get_performance_seats_async (self->client, self->performance_id, self->cancellable,
                                             ts_api_answered, ts_api_call (self, seats_loaded));
}

static gboolean
reload_later_cb (gpointer user_data)
{
  TsSalesMap *self = user_data;

  self->reload_source = 0;
  load_seats (self);
  return G_SOURCE_REMOVE;
}

/* Live changes are drawn at once; the tooltips' details (who sits there)
 * follow with a reload shortly after, once a burst of changes is over. */
static void
reload_later (TsSalesMap *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (400, reload_later_cb, self);
}

static void
live_changed (TsLiveClient *live,
              gint64        performance_id,
              JsonNode     *payload,
              TsSalesMap   *self)
{
  JsonObject *object;
  JsonArray *seats;

  if (performance_id != self->performance_id || payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
    return;
  object = json_node_get_object (payload);
  if (json_object_get_boolean_member_with_default (object, "reload", FALSE))
    {
      load_seats (self);
      return;
    }
  seats = ts_json_lookup_array (object, "seats");
  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      JsonObject *s = json_array_get_object_element (seats, i);
      const char *guid = json_object_get_string_member_with_default (s, "guid", NULL);

      if (guid != NULL)
        apply_seat (self, guid, json_object_get_string_member_with_default (s, "state", NULL),
                    json_object_get_string_member_with_default (s, "letter", NULL), in_my_cart (self, guid));
    }
  reload_later (self);
}

static void
live_subscribed (TsLiveClient *live,
                 gint64        performance_id,
                 TsSalesMap   *self)
{
  /* whatever changed before the subscription took is in this reload */
  if (performance_id == self->performance_id)
    load_seats (self);
}

static void
plan_loaded (gpointer      owner,
             JsonNode     *answer,
             const GError *error)
{
  TsSalesMap *self = owner;
  g_autoptr(GError) bad_plan = NULL;
  TsSeatPlan *plan;

  end_busy (self);
  if (answer == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  /* the plan of a map shown before, come late: another one is on screen now */
  if (json_object_get_int_member_with_default (json_node_get_object (answer), "id", self->map_id) != self->map_id)
    return;
  plan = ts_seat_plan_from_compact (json_object_get_member (json_node_get_object (answer), "map"), &bad_plan);
  if (plan == NULL)
    {
      say (self, bad_plan->message, TRUE);
      return;
    }
  self->plan_missing = FALSE;
  ts_seat_map_set_plan (self->map, plan);
  /* the map's JSON, freed once this answer returns */
  ts_memory_trim_soon ();
  update_legend (self);
  for (guint i = 0; self->hold_letters != NULL && i < json_array_get_length (json_node_get_array (self->hold_letters)); i++)
    {
      JsonObject *h = json_array_get_object_element (json_node_get_array (self->hold_letters), i);
      const char *letter = json_object_get_string_member_with_default (h, "letter", "");
      GdkRGBA color;

      if (letter[0] >= 'a' && letter[0] <= 'z'
          && gdk_rgba_parse (&color, json_object_get_string_member_with_default (h, "color", "")))
        ts_seat_map_set_letter_color (self->map, letter[0], &color);
    }
  /* The seats now, and again once the live feed is subscribed, so that no
   * change between the two is missed. */
  load_seats (self);
  if (!ts_live_client_is_subscribed (self->live, self->performance_id))
    ts_live_client_subscribe (self->live, self->performance_id);
}

/* The hold letters (M8): their colours on the map, and the right-click menu. */
static void
hold_letters_loaded (gpointer      owner,
                     JsonNode     *answer,
                     const GError *error)
{
  TsSalesMap *self = owner;

  end_busy (self);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (answer), "hold_letters")))
    {
      g_autoptr(GMenu) hold_menu = g_menu_new ();
      g_autoptr(GMenu) section = g_menu_new ();
      JsonNode *list = json_object_get_member (json_node_get_object (answer), "hold_letters");
      JsonArray *letters = json_node_get_array (list);

      g_clear_pointer (&self->hold_letters, json_node_unref);
      self->hold_letters = json_node_ref (list);     /* an array of {letter, description, color, min_level} */
      const char *items[][2] = {
        { N_("_Find Other Seats in This Order"), "sales.find-party" },
        { N_("_Add to Cart"), "salesmap.add-to-cart" },
        { N_("_Hold With Letter"), NULL },
        { N_("Re_lease Hold"), "sales.release-hold" },
      };
      TsLevel level = ts_api_client_get_level (self->client);

      for (guint i = 0; i < json_array_get_length (letters); i++)
        {
          JsonObject *h = json_array_get_object_element (letters, i);
          const char *letter = json_object_get_string_member_with_default (h, "letter", "");
          g_autofree char *label = g_strdup_printf ("%s — %s", letter,
                                                    json_object_get_string_member_with_default (h, "description", ""));
          g_autoptr(GMenuItem) item = NULL;
          TsLevel needed = TS_LEVEL_BOX_OFFICE;

          /* M8: only the letters this person may set */
          if (ts_level_from_string (json_object_get_string_member_with_default (h, "min_level", "box_office"), &needed)
              && needed > level)
            continue;
          item = g_menu_item_new (label, NULL);
          g_menu_item_set_action_and_target_value (item, "sales.hold-letter", g_variant_new_string (letter));
          g_menu_append_item (hold_menu, item);
        }
      /* each hidden where it does not apply (update_menu_actions) */
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          g_autoptr(GMenuItem) item = items[i][1] != NULL ? g_menu_item_new (_(items[i][0]), items[i][1])
                                                          : g_menu_item_new_submenu (_(items[i][0]), G_MENU_MODEL (hold_menu));

          /* a submenu shows or hides with an action of no parameter, enabled as sales.hold-letter is */
          if (items[i][1] == NULL)
            g_menu_item_set_attribute (item, "action", "s", "salesmap.hold-menu");
          g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
          g_menu_append_item (section, item);
        }
      ts_seat_map_add_menu_section (self->map, G_MENU_MODEL (section));
      update_menu_actions (self);
    }
}

/* Right-click actions on the map (M7, M8) ------------------------------------------------ */

/* The seats a right-click action applies to: the seat clicked, with the
 * rest of the selection when it is one of the selected seats; without a
 * seat clicked, the selection. */
static GArray *
action_seats (TsSalesMap *self)
{
  g_autoptr(GArray) selection = ts_seat_map_get_selection (self->map);
  int context = ts_seat_map_get_context_seat (self->map);

  if (context >= 0 && !ts_seat_map_is_selected (self->map, (guint) context))
    {
      guint u = (guint) context;

      g_array_set_size (selection, 0);
      g_array_append_val (selection, u);
    }
  return g_steal_pointer (&selection);
}

/* Whose performance this is: only its owning outlet sets holds on it (M8). */
static gboolean
is_owner (TsSalesMap *self)
{
  JsonObject *claims = self->claims_root ? json_node_get_object (self->claims_root) : NULL;

  return g_strcmp0 (ts_json_lookup_string (claims, "role"), "owner") == 0;
}

/* The menu offers only what applies to these seats and this person: Find
 * Other Seats on a sold seat (M7), Add to Cart on available ones, Hold With
 * Letter on available ones of the outlet's own performance at Box Office
 * level and up (M8: never on another outlet's), Release Hold on held ones
 * (the server judges whose letters may be released). */
static void
update_menu_actions (TsSalesMap *self)
{
  g_autoptr(GArray) seats = action_seats (self);
  int context = ts_seat_map_get_context_seat (self->map);
  gboolean available = FALSE, held = FALSE, hold;

  for (guint i = 0; i < seats->len; i++)
    switch (ts_seat_map_get_seat_state (self->map, g_array_index (seats, guint, i)))
      {
      case TS_SEAT_STATE_AVAILABLE: available = TRUE; break;
      case TS_SEAT_STATE_HELD: held = TRUE; break;
      default: break;
      }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.find-party",
                                 context >= 0 && ts_seat_map_get_seat_state (self->map, (guint) context) == TS_SEAT_STATE_SOLD);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "salesmap.add-to-cart", available);
  hold = available && is_owner (self) && self->client != NULL
         && ts_api_client_get_level (self->client) >= TS_LEVEL_BOX_OFFICE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.hold-letter", hold);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "salesmap.hold-menu", hold);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.release-hold", held);
}

static void
context_menu_opening (TsSalesMap *self)
{
  update_menu_actions (self);
}

/* Add to Cart is the page's (sales.add-to-cart, above the map); offered
 * here only where it applies. */
static void
add_to_cart_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "sales.add-to-cart", NULL);
}

/* What the "Hold With Letter" submenu shows and hides with; opening it is all. */
static void
hold_menu_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
}

/* "Seat Information": the seat in words, its price for this performance,
 * and what the server lets this outlet see of who sits there (M6). */
static void
seat_info (TsSalesMap *self,
           int         seat)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  TsPlanSeat *s = plan && seat >= 0 && (guint) seat < plan->seats->len ? g_ptr_array_index (plan->seats, seat) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *details = NULL;
  GString *text;
  const char *price;

  if (s == NULL)
    return;
  name = ts_seat_map_dup_seat_text (self->map, (guint) seat);
  text = g_string_new (name);
  price = s->category ? g_hash_table_lookup (self->prices, s->category) : NULL;
  if (price != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: a seat's price for the performance, from its category */
      g_string_append_printf (text, _("Price: %s"), price);
    }
  if (s->flags & TS_SEAT_COMPANION)
    g_string_append_printf (text, "\n%s", _("Companion seat"));
  if (s->flags & TS_SEAT_RESTRICTED_VIEW)
    g_string_append_printf (text, "\n%s", _("Restricted view"));
  details = _ts_sales_map_describe_seat (self, (guint) seat);
  if (details != NULL)
    g_string_append_printf (text, "\n%s", details);
  ts_seat_map_show_info (self->map, (guint) seat, text->str);
  g_string_free (text, TRUE);
}

static void
party_found (gpointer      owner,
             JsonNode     *answer,
             const GError *error)
{
  TsSalesMap *self = owner;
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonArray *seats;
  g_autofree char *text = NULL;

  end_busy (self);
  if (answer == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  seats = ts_json_lookup_array (json_node_get_object (answer), "seats");
  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      int index = ts_seat_map_find_seat (self->map, json_array_get_string_element (seats, i));

      if (index >= 0)
        {
          guint u = (guint) index;

          g_array_append_val (indexes, u);
        }
    }
  ts_seat_map_set_highlight (self->map, (const guint *) indexes->data, indexes->len);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seat in this order is outlined.",
                                       "%u seats in this order are outlined.", indexes->len), indexes->len);
  say (self, text, FALSE);
}

static void
holds_done (gpointer      owner,
            JsonNode     *answer,
            const GError *error)
{
  TsSalesMap *self = owner;

  end_busy (self);
  if (answer == NULL)
    say (self, error->message, TRUE);           /* M8: a letter the caller may not use */
  else
    {
      say (self, NULL, FALSE);
      ts_seat_map_clear_selection (self->map);
    }
  load_seats (self);
}

static void
find_party_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsSalesMap *self = TS_SALES_MAP (widget);
  int seat = ts_seat_map_get_context_seat (self->map);

  if (seat >= 0)
    _ts_sales_map_find_party (self, (guint) seat);
}

static void
hold_letter_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsSalesMap *self = TS_SALES_MAP (widget);
  g_autoptr(GPtrArray) guids = ts_sales_map_get_action_seats (self, TS_SEAT_STATE_AVAILABLE);

  if (guids->len == 0)
    return;
  begin_busy (self);
  ts_api_client_hold_seats_async (self->client, self->performance_id, g_variant_get_string (parameter, NULL), guids,
                                  self->cancellable, ts_api_answered, ts_api_call (self, holds_done));
}

static void
release_hold_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsSalesMap *self = TS_SALES_MAP (widget);
  g_autoptr(GPtrArray) guids = ts_sales_map_get_action_seats (self, TS_SEAT_STATE_HELD);

  if (guids->len == 0)
    say (self, _("No held seat is selected."), TRUE);
  else
    {
      begin_busy (self);
      ts_api_client_release_held_seats_async (self->client, self->performance_id, guids, self->cancellable,
                                              ts_api_answered, ts_api_call (self, holds_done));
    }
}

/* Life cycle ------------------------------------------------------------------------------ */

static void
ts_sales_map_dispose (GObject *object)
{
  TsSalesMap *self = TS_SALES_MAP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      ts_live_client_close (self->live);
    }
  g_clear_object (&self->live);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SALES_MAP);
  G_OBJECT_CLASS (ts_sales_map_parent_class)->dispose (object);
}

static void
ts_sales_map_finalize (GObject *object)
{
  TsSalesMap *self = TS_SALES_MAP (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->claims_root, json_node_unref);
  g_clear_pointer (&self->hold_letters, json_node_unref);
  g_clear_pointer (&self->cart_seats, g_hash_table_unref);
  g_clear_pointer (&self->prices, g_hash_table_unref);
  g_clear_pointer (&self->offer, json_node_unref);
  G_OBJECT_CLASS (ts_sales_map_parent_class)->finalize (object);
}

static void
ts_sales_map_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TsSalesMap *self = TS_SALES_MAP (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_sales_map_class_init (TsSalesMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_sales_map_dispose;
  object_class->finalize = ts_sales_map_finalize;
  object_class->get_property = ts_sales_map_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_PLACES] = g_signal_new ("add-places", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  signals[SHOW_MESSAGE] = g_signal_new ("show-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "sales.find-party", NULL, find_party_activated);
  gtk_widget_class_install_action (widget_class, "sales.hold-letter", "s", hold_letter_activated);
  gtk_widget_class_install_action (widget_class, "sales.release-hold", NULL, release_hold_activated);
  gtk_widget_class_install_action (widget_class, "salesmap.add-to-cart", NULL, add_to_cart_activated);
  gtk_widget_class_install_action (widget_class, "salesmap.hold-menu", NULL, hold_menu_activated);

  g_type_ensure (TS_TYPE_SEAT_MAP);
  g_type_ensure (TS_TYPE_SEAT_LEGEND);
  g_type_ensure (TS_TYPE_SEAT_SELECTION_LIST);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-sales-map.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSalesMap, box);
  gtk_widget_class_bind_template_child (widget_class, TsSalesMap, map);
  gtk_widget_class_bind_template_child (widget_class, TsSalesMap, legend);
  gtk_widget_class_bind_template_child (widget_class, TsSalesMap, ga_box);
}

static void
ts_sales_map_init (TsSalesMap *self)
{
  /* every state and mark the sales map shows (M5, M7) */
  static const TsSeatState states[] = {
    TS_SEAT_STATE_IN_MY_CART, TS_SEAT_STATE_IN_OTHER_CART, TS_SEAT_STATE_HELD, TS_SEAT_STATE_SOLD,
  };
  static const TsSeatOverlay overlays[] = { TS_SEAT_OVERLAY_SELECTED, TS_SEAT_OVERLAY_PARTY };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->cart_seats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ts_seat_map_set_tooltip_func (self->map, map_tooltip, self, NULL);
  g_signal_connect_swapped (self->map, "context-menu", G_CALLBACK (context_menu_opening), self);
  g_signal_connect_swapped (self->map, "selection-changed", G_CALLBACK (update_menu_actions), self);
  g_signal_connect_swapped (self->map, "seat-info", G_CALLBACK (seat_info), self);
  ts_seat_legend_set_marks (self->legend, states, G_N_ELEMENTS (states), overlays, G_N_ELEMENTS (overlays));
}

/* Public ------------------------------------------------------------------------------ */

void
ts_sales_map_set_client (TsSalesMap  *self,
                         TsApiClient *client)
{
  g_return_if_fail (TS_IS_SALES_MAP (self));
  g_return_if_fail (TS_IS_API_CLIENT (client) && self->client == NULL);

  self->client = g_object_ref (client);
  self->live = ts_live_client_new (client);
  g_signal_connect (self->live, "seats-changed", G_CALLBACK (live_changed), self);
  g_signal_connect (self->live, "subscribed", G_CALLBACK (live_subscribed), self);
  begin_busy (self);
  ts_api_client_list_hold_letters_async (client, self->cancellable, ts_api_answered,
                                         ts_api_call (self, hold_letters_loaded));
}

void
ts_sales_map_show (TsSalesMap *self,
                   gint64      performance_id,
                   gint64      map_id)
{
  g_return_if_fail (TS_IS_SALES_MAP (self));

  if (self->performance_id != 0)
    ts_live_client_unsubscribe (self->live, self->performance_id);
  self->performance_id = performance_id;
  g_hash_table_remove_all (self->claims);
  g_clear_pointer (&self->claims_root, json_node_unref);
  ts_seat_map_set_highlight (self->map, NULL, 0);
  g_clear_pointer (&self->offer, json_node_unref);
  g_hash_table_remove_all (self->prices);
  ts_seat_legend_set_categories (self->legend, NULL, NULL);
  /* another venue's seats are never shown under this performance's title,
   * not even while its own plan is on its way (or cannot come) */
  if (map_id != self->map_id)
    ts_seat_map_set_plan (self->map, NULL);
  self->map_id = map_id;
  self->plan_missing = map_id != 0;
  load_plan (self);
}

static void
load_plan (TsSalesMap *self)
{
  if (self->map_id == 0)
    return;
  begin_busy (self);
  ts_api_client_get_map_compact_async (self->client, self->map_id, self->cancellable, ts_api_answered,
                                       ts_api_call (self, plan_loaded));
}

/* The seats again (the live feed is back, a sale ended); the plan first
 * when it could not be had (chosen while the server was away). */
void
ts_sales_map_reload (TsSalesMap *self)
{
  g_return_if_fail (TS_IS_SALES_MAP (self));

  if (self->plan_missing)
    load_plan (self);
  else
    load_seats (self);
}

/* T4: a category's prices are those of the regular ticket types offered, in
 * that price zone when the type prices zones apart. */
static gint64
zone_price (JsonObject *type,
            const char *zone)
{
  JsonArray *prices = ts_json_lookup_array (type, "prices");

  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *p = ts_json_lookup_element_object (prices, i);

      if (g_strcmp0 (ts_json_lookup_string (p, "category"), zone) == 0)
        return json_object_get_int_member_with_default (p, "price_cents", 0);
    }
  return json_object_get_int_member_with_default (type, "price_cents", 0);
}

/* The legend's categories with their prices, once both the plan and the
 * offer are here (they are asked for at once). */
static void
update_legend (TsSalesMap *self)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  JsonObject *object = self->offer != NULL && JSON_NODE_HOLDS_OBJECT (self->offer)
                       ? json_node_get_object (self->offer) : NULL;
  JsonArray *types = ts_json_lookup_array (object, "ticket_types");

  g_hash_table_remove_all (self->prices);
  for (guint c = 0; plan != NULL && c < plan->categories->len; c++)
    {
      const char *zone = ((TsPlanCategory *) g_ptr_array_index (plan->categories, c))->name;
      gint64 low = G_MAXINT64, high = -1;

      for (guint t = 0; types != NULL && t < json_array_get_length (types); t++)
        {
          JsonObject *type = ts_json_lookup_element_object (types, t);
          gint64 price;

          if (type == NULL || g_strcmp0 (ts_json_lookup_string (type, "category"), "regular") != 0)
            continue;
          price = zone_price (type, zone);
          low = MIN (low, price);
          high = MAX (high, price);
        }
      if (high < 0)
        continue;
      if (low == high)
        g_hash_table_insert (self->prices, g_strdup (zone), ts_format_money (low));
      else
        {
          g_autofree char *from = ts_format_money (low);
          g_autofree char *to = ts_format_money (high);

          /* Translators: the lowest and highest prices of a category */
          g_hash_table_insert (self->prices, g_strdup (zone), g_strdup_printf (_("%s–%s"), from, to));
        }
    }
  ts_seat_legend_set_categories (self->legend, plan, self->prices);
}

void
ts_sales_map_set_offer (TsSalesMap *self,
                        JsonNode   *offer)
{
  g_return_if_fail (TS_IS_SALES_MAP (self));

  g_clear_pointer (&self->offer, json_node_unref);
  /* none, or for a performance left meanwhile */
  if (offer != NULL && JSON_NODE_HOLDS_OBJECT (offer)
      && json_object_get_int_member_with_default (json_node_get_object (offer), "performance_id", 0) == self->performance_id)
    self->offer = json_node_ref (offer);
  update_legend (self);
}

TsSeatLegend *
_ts_sales_map_get_legend (TsSalesMap *self)
{
  g_return_val_if_fail (TS_IS_SALES_MAP (self), NULL);

  return self->legend;
}

TsSeatMap *
ts_sales_map_get_seat_map (TsSalesMap *self)
{
  g_return_val_if_fail (TS_IS_SALES_MAP (self), NULL);

  return self->map;
}

gint64
ts_sales_map_get_performance_id (TsSalesMap *self)
{
  g_return_val_if_fail (TS_IS_SALES_MAP (self), 0);

  return self->performance_id;
}

TsLiveClient *
ts_sales_map_get_live_client (TsSalesMap *self)
{
  g_return_val_if_fail (TS_IS_SALES_MAP (self), NULL);

  return self->live;
}

void
ts_sales_map_set_cart_seats (TsSalesMap         *self,
                             const char * const *seats)
{
  g_return_if_fail (TS_IS_SALES_MAP (self));

  g_hash_table_remove_all (self->cart_seats);
  for (guint i = 0; seats != NULL && seats[i] != NULL; i++)
    g_hash_table_add (self->cart_seats, g_strdup (seats[i]));
}

const char *
ts_sales_map_get_seat_zone (TsSalesMap *self,
                            const char *seat)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  int index = ts_seat_map_find_seat (self->map, seat);

  return index >= 0 && plan != NULL ? ((TsPlanSeat *) g_ptr_array_index (plan->seats, index))->category : NULL;
}

gboolean
ts_sales_map_lookup_area (TsSalesMap  *self,
                          const char  *area,
                          const char **name,
                          const char **zone)
{
  JsonArray *areas = self->claims_root ? ts_json_lookup_array (json_node_get_object (self->claims_root), "ga") : NULL;

  for (guint a = 0; areas != NULL && a < json_array_get_length (areas); a++)
    {
      JsonObject *info = json_array_get_object_element (areas, a);

      if (g_strcmp0 (json_object_get_string_member_with_default (info, "area", NULL), area) == 0)
        {
          *name = json_object_get_string_member_with_default (info, "name", area);
          *zone = json_object_get_string_member_with_default (info, "category", NULL);
          return TRUE;
        }
    }
  return FALSE;
}

char *
_ts_sales_map_describe_seat (TsSalesMap *self,
                             guint       seat)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);
  TsPlanSeat *s = plan && seat < plan->seats->len ? g_ptr_array_index (plan->seats, seat) : NULL;
  JsonObject *claim = s && self->claims ? g_hash_table_lookup (self->claims, s->guid) : NULL;
  GString *text;
  const char *state, *letter;

  if (claim == NULL)
    return NULL;
  text = g_string_new (NULL);
  state = json_object_get_string_member_with_default (claim, "state", "");
  letter = json_object_get_string_member_with_default (claim, "letter", NULL);
  if (g_str_equal (state, "sold"))
    {
      /* M6: who sits there, for every outlet allowed to sell; the rest only
       * for the owner and the seller, as the server decides. */
      const char *patron = json_object_get_string_member_with_default (claim, "patron", NULL);

      if (patron != NULL)
        g_string_append_printf (text, _("Seated: %s"), patron);
      else if (json_object_get_boolean_member_with_default (claim, "walk_up_no_patron", FALSE))
        g_string_append (text, _("Seated: a walk-up sale, no patron record"));      /* S8 */
      if (json_object_has_member (claim, "price_cents"))
        {
          g_autofree char *price = ts_format_money (json_object_get_int_member (claim, "price_cents"));
          g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (claim, "order_id"));

          g_string_append_c (text, '\n');
          /* Translators: ticket type · price · order number */
          g_string_append_printf (text, _("%s · %s · order %s"),
                                  json_object_get_string_member_with_default (claim, "ticket_type", ""), price, order);
          if (!json_object_get_boolean_member_with_default (claim, "paid", TRUE))
            g_string_append (text, _(" · balance due"));
        }
    }
  else if (g_str_equal (state, "held") && letter != NULL)
    {
      const char *description = hold_description (self, letter);

      g_string_append_printf (text, _("Hold %s: %s"), letter, description ? description : "");
    }
  return g_string_free (text, text->len == 0);
}

void
_ts_sales_map_find_party (TsSalesMap *self,
                          guint       seat)
{
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);

  if (plan == NULL || seat >= plan->seats->len)
    return;
  if (ts_seat_map_get_seat_state (self->map, seat) != TS_SEAT_STATE_SOLD)
    {
      say (self, _("Only a sold seat belongs to an order."), TRUE);
      return;
    }
  begin_busy (self);
  ts_api_client_get_performance_party_async (self->client, self->performance_id,
                                             ((TsPlanSeat *) g_ptr_array_index (plan->seats, seat))->guid,
                                             self->cancellable, ts_api_answered, ts_api_call (self, party_found));
}

GPtrArray *
ts_sales_map_get_action_seats (TsSalesMap  *self,
                               TsSeatState  wanted)
{
  g_autoptr(GArray) selection = action_seats (self);
  GPtrArray *guids = g_ptr_array_new ();
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);

  if (plan == NULL)
    return guids;
  for (guint i = 0; i < selection->len; i++)
    {
      guint index = g_array_index (selection, guint, i);

      if (ts_seat_map_get_seat_state (self->map, index) == wanted)
        g_ptr_array_add (guids, ((TsPlanSeat *) g_ptr_array_index (plan->seats, index))->guid);
    }
  return guids;
}
