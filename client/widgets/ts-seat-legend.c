/* ts-seat-legend.c — the key to a seat map (rule M5)
 *
 * Each entry is a swatch and a text.  The swatch is a square of the map's
 * paper with one seat painted by TsSeatStyle, as the map paints it: a
 * category's seat available, a seat in a state, or a neutral seat with a
 * mark around it. */
#include <glib/gi18n.h>

#include "ts-seat-legend-private.h"

typedef struct
{
  TsSeatLegendKind  kind;
  int               which;
  GdkRGBA           color;
  char             *label;
  GtkWidget        *swatch;
} Entry;

struct _TsSeatLegend
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkFlowBox *categories_flow;
  GtkFlowBox *marks_flow;
  GArray     *categories;     /* Entry */
  GArray     *marks;          /* Entry */
};

G_DEFINE_FINAL_TYPE (TsSeatLegend, ts_seat_legend, GTK_TYPE_WIDGET)

/* The seat of a swatch that shows a mark around it. */
#define NEUTRAL_SEAT "#deddda"

static void
clear_entry (gpointer data)
{
  g_free (((Entry *) data)->label);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  Entry *entry = data;
  TsSeatPaint paint;
  GdkRGBA neutral;
  double side = TS_SEAT_LEGEND_SEAT_SIDE;

  cairo_set_source_rgb (cr, 1, 1, 1);   /* the map's paper */
  cairo_paint (cr);
  gdk_rgba_parse (&neutral, NEUTRAL_SEAT);
  switch (entry->kind)
    {
    case TS_SEAT_LEGEND_CATEGORY:
      ts_seat_style_resolve (TS_SEAT_STATE_AVAILABLE, &entry->color, NULL, FALSE, 1, &paint);
      break;
    case TS_SEAT_LEGEND_STATE:
      ts_seat_style_resolve ((TsSeatState) entry->which, &neutral, NULL, FALSE, 1, &paint);
      break;
    case TS_SEAT_LEGEND_OVERLAY:
    default:
      /* a smaller seat, for the mark around it to fit */
      side = TS_SEAT_LEGEND_SEAT_SIDE - 2 * ts_seat_style_get_overlay ((TsSeatOverlay) entry->which)->width - 2;
      ts_seat_style_resolve (TS_SEAT_STATE_AVAILABLE, &neutral, NULL, FALSE, 1, &paint);
      break;
    }
  paint.x = width / 2.0;
  paint.y = height / 2.0;
  paint.side = side;
  ts_seat_style_paint (cr, &paint, 1);
  if (entry->kind == TS_SEAT_LEGEND_OVERLAY)
    ts_seat_style_paint_overlay (cr, (TsSeatOverlay) entry->which, paint.x, paint.y, side);
}

/* Lays one list of entries out again in its own flow box. */
static void
rebuild_flow (GtkFlowBox *flow,
              GArray     *entries)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (flow))) != NULL)
    gtk_flow_box_remove (flow, child);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (entry->label);
      GtkWidget *swatch = gtk_drawing_area_new ();
      int size = (int) TS_SEAT_LEGEND_SEAT_SIDE + 4;

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), size);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), size);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, entry, NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), label);
      gtk_flow_box_append (flow, box);
      /* a key to read, not a stop on the way through the window */
      gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
      entry->swatch = swatch;
    }
  gtk_widget_set_visible (GTK_WIDGET (flow), entries->len > 0);
}

static void
ts_seat_legend_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_SEAT_LEGEND);
  G_OBJECT_CLASS (ts_seat_legend_parent_class)->dispose (object);
}

static void
ts_seat_legend_finalize (GObject *object)
{
  TsSeatLegend *self = TS_SEAT_LEGEND (object);

  g_array_unref (self->categories);
  g_array_unref (self->marks);
  G_OBJECT_CLASS (ts_seat_legend_parent_class)->finalize (object);
}

static void
ts_seat_legend_class_init (TsSeatLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_seat_legend_dispose;
  object_class->finalize = ts_seat_legend_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-seat-legend.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeatLegend, box);
  gtk_widget_class_bind_template_child (widget_class, TsSeatLegend, categories_flow);
  gtk_widget_class_bind_template_child (widget_class, TsSeatLegend, marks_flow);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ts_seat_legend_init (TsSeatLegend *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->categories = g_array_new (FALSE, TRUE, sizeof (Entry));
  self->marks = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->categories, clear_entry);
  g_array_set_clear_func (self->marks, clear_entry);
  rebuild_flow (self->categories_flow, self->categories);
  rebuild_flow (self->marks_flow, self->marks);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map legend"), -1);
}

void
ts_seat_legend_set_categories (TsSeatLegend     *self,
                               const TsSeatPlan *plan,
                               GHashTable       *prices)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (TS_IS_SEAT_LEGEND (self));

  g_array_set_size (self->categories, 0);
  for (guint i = 0; plan != NULL && i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      if (seat->category != NULL)
        g_hash_table_add (used, seat->category);
    }
  for (guint i = 0; plan != NULL && i < plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (plan->areas, i);

      if (area->category != NULL && area->capacity > 0)
        g_hash_table_add (used, area->category);
    }
  for (guint c = 0; plan != NULL && c < plan->categories->len; c++)
    {
      TsPlanCategory *category = g_ptr_array_index (plan->categories, c);
      const char *price = prices ? g_hash_table_lookup (prices, category->name) : NULL;
      Entry entry = { TS_SEAT_LEGEND_CATEGORY, (int) c, { 0.21, 0.52, 0.89, 1 }, NULL, NULL };

      if (!g_hash_table_remove (used, category->name))
        continue;                       /* unused, or a second category of the name */
      if (category->color != NULL)
        gdk_rgba_parse (&entry.color, category->color);
      entry.color.alpha = 1;
      /* Translators: a price category on the map's legend, and its price or prices */
      entry.label = price != NULL ? g_strdup_printf (_("%s · %s"), category->name, price) : g_strdup (category->name);
      g_array_append_val (self->categories, entry);
    }
  rebuild_flow (self->categories_flow, self->categories);
}

void
ts_seat_legend_set_marks (TsSeatLegend        *self,
                          const TsSeatState   *states,
                          guint                n_states,
                          const TsSeatOverlay *overlays,
                          guint                n_overlays)
{
  g_return_if_fail (TS_IS_SEAT_LEGEND (self));

  g_array_set_size (self->marks, 0);
  for (guint i = 0; i < n_states; i++)
    {
      Entry entry = { TS_SEAT_LEGEND_STATE, (int) states[i], { 0, 0, 0, 0 },
                      g_strdup (ts_seat_style_state_name (states[i])), NULL };

      g_array_append_val (self->marks, entry);
    }
  for (guint i = 0; i < n_overlays; i++)
    {
      Entry entry = { TS_SEAT_LEGEND_OVERLAY, (int) overlays[i], { 0, 0, 0, 0 },
                      g_strdup (ts_seat_style_overlay_name (overlays[i])), NULL };

      g_array_append_val (self->marks, entry);
    }
  rebuild_flow (self->marks_flow, self->marks);
}

guint
_ts_seat_legend_get_n_entries (TsSeatLegend *self)
{
  g_return_val_if_fail (TS_IS_SEAT_LEGEND (self), 0);

  return self->categories->len + self->marks->len;
}

TsSeatLegendKind
_ts_seat_legend_get_entry (TsSeatLegend  *self,
                           guint          index,
                           int           *out_which,
                           GdkRGBA       *out_color,
                           const char   **out_label,
                           GtkWidget    **out_swatch)
{
  Entry *entry;

  g_return_val_if_fail (TS_IS_SEAT_LEGEND (self) && index < _ts_seat_legend_get_n_entries (self),
                        TS_SEAT_LEGEND_CATEGORY);

  entry = index < self->categories->len ? &g_array_index (self->categories, Entry, index)
                                        : &g_array_index (self->marks, Entry, index - self->categories->len);
  if (out_which != NULL)
    *out_which = entry->which;
  if (out_color != NULL)
    *out_color = entry->color;
  if (out_label != NULL)
    *out_label = entry->label;
  if (out_swatch != NULL)
    *out_swatch = entry->swatch;
  return entry->kind;
}
