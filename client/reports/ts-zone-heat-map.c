/* ts-zone-heat-map.c — sales by price zone on the seat map: each seat and
 * general-admission area in its zone's percent sold
 *
 * The plan is read and painted by what the seat map uses (the compact
 * reader, TsSeatIndex, TsSeatPainter with a fill per seat), so the venue
 * looks the same here as where it is sold.  The scale runs from dark violet
 * (nothing sold) through teal to yellow (sold out), a viridis-like scale
 * whose lightness rises all the way: it reads in grey and for people who
 * see colours differently.  The widget keeps what it drew as one render
 * node, made again only when the plan, the figures or its size change. */
#include <math.h>

#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-json.h"
#include "ts-seat-index.h"
#include "ts-seat-map.h"
#include "ts-seat-painter.h"
#include "ts-seat-plan-compact.h"
#include "ts-zone-heat-map-private.h"

#define PAD 8.0
#define BAR_HEIGHT 12.0
#define BAR_WIDTH 240.0

typedef struct
{
  char   *name;
  gint64  capacity, sold, held;
  double  percent;
} ZoneFigures;

/* Where the plan lands in a drawing. */
typedef struct
{
  double scale, offset_x, offset_y;
  double map_height;            /* above the legend */
} Fit;

struct _TsZoneHeatMap
{
  GtkWidget      parent_instance;

  TsSeatPlan    *plan;
  TsSeatIndex   *index;
  TsSeatPainter *painter;
  guint8        *plain;         /* per seat 0: the painter's states (available),
                                 * letters (none) and dimming (none) */
  GdkRGBA       *seat_fills;    /* per seat: its zone's colour */
  GdkRGBA       *area_fills;    /* per area: general admission's, alpha 0: as the plan says */
  double         seat_grow;     /* seats touch: a section reads as one patch of its zone's colour */
  GPtrArray     *zones;         /* ZoneFigures, in the report's order */
  GHashTable    *by_name;       /* price zone → ZoneFigures */
  gboolean       any_without;   /* a place whose zone has no figures */
  char          *problem;       /* why the map cannot be shown, or NULL */
  char          *summary;       /* the accessible label */
  GskRenderNode *node;          /* the map as last drawn on screen */
  int            node_width, node_height;
  Fit            fit;           /* of that drawing */
};

G_DEFINE_FINAL_TYPE (TsZoneHeatMap, ts_zone_heat_map, GTK_TYPE_WIDGET)

/* viridis at ninths of the way */
static const guint32 scale_stops[] = {
  0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
};

static void
zone_figures_free (gpointer data)
{
  ZoneFigures *figures = data;

  g_free (figures->name);
  g_free (figures);
}

static GdkRGBA
stop_color (guint i)
{
  return (GdkRGBA) { ((scale_stops[i] >> 16) & 0xff) / 255.0, ((scale_stops[i] >> 8) & 0xff) / 255.0,
                     (scale_stops[i] & 0xff) / 255.0, 1 };
}

void
_ts_zone_heat_map_scale_color (double   percent,
                               GdkRGBA *out_color)
{
  double at = CLAMP (isfinite (percent) ? percent : 0, 0, 100) / 100 * (G_N_ELEMENTS (scale_stops) - 1);
  guint i = MIN ((guint) floor (at), G_N_ELEMENTS (scale_stops) - 2);
  double t = at - i;
  GdkRGBA a = stop_color (i), b = stop_color (i + 1);

  *out_color = (GdkRGBA) { a.red + t * (b.red - a.red), a.green + t * (b.green - a.green),
                           a.blue + t * (b.blue - a.blue), 1 };
}

void
_ts_zone_heat_map_no_figures_color (GdkRGBA *out_color)
{
  /* a light grey, outside the scale, as unsold seats are not "cold" */
  *out_color = (GdkRGBA) { 0.84, 0.84, 0.84, 1 };
}

static ZoneFigures *
figures_of (TsZoneHeatMap *self,
            const char    *category)
{
  return category != NULL ? g_hash_table_lookup (self->by_name, category) : NULL;
}

static void
invalidate (TsZoneHeatMap *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Every place's colour from its zone's figures: a seat's price zone is its
 * category in the plan, a general-admission area's too (M3). */
static void
update_fills (TsZoneHeatMap *self)
{
  GdkRGBA none;

  _ts_zone_heat_map_no_figures_color (&none);
  self->any_without = FALSE;
  if (self->plan == NULL)
    return;
  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (self->plan->seats, i);
      ZoneFigures *figures = figures_of (self, seat->category);

      if (figures != NULL)
        _ts_zone_heat_map_scale_color (figures->percent, &self->seat_fills[i]);
      else
        {
          self->seat_fills[i] = none;
          self->any_without = TRUE;
        }
    }
  for (guint a = 0; a < self->plan->areas->len; a++)
    {
      TsPlanArea *area = g_ptr_array_index (self->plan->areas, a);
      ZoneFigures *figures = figures_of (self, area->category);

      self->area_fills[a] = (GdkRGBA) { 0, 0, 0, 0 };
      if (area->capacity == 0 || area->shape == TS_AREA_TEXT)
        continue;
      if (figures != NULL)
        _ts_zone_heat_map_scale_color (figures->percent, &self->area_fills[a]);
      else
        {
          self->area_fills[a] = none;
          self->any_without = TRUE;
        }
    }
}

static void
update_summary (TsZoneHeatMap *self)
{
  g_autoptr(GString) list = g_string_new (NULL);

  g_free (self->summary);
  for (guint z = 0; z < self->zones->len; z++)
    {
      ZoneFigures *figures = g_ptr_array_index (self->zones, z);
      g_autofree char *percent = ts_format_percent (figures->percent, 1);
      /* TRANSLATORS: one price zone in what a screen reader says of the
       * heat map: its name, then its percent sold */
      g_autofree char *item = g_strdup_printf (_("%s: %s"), figures->name, percent);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, item);
    }
  if (self->problem != NULL)
    self->summary = g_strdup (self->problem);
  else if (list->len == 0)
    self->summary = g_strdup (_("Seat map of sales by price zone: no figures"));
  else
    /* TRANSLATORS: what a screen reader says of the heat map; %s lists the
     * price zones with their percent sold */
    self->summary = g_strdup_printf (_("Seat map of sales by price zone: %s"), list->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
}

static void
clear_plan (TsZoneHeatMap *self)
{
  g_clear_pointer (&self->painter, ts_seat_painter_free);
  g_clear_pointer (&self->index, ts_seat_index_free);
  g_clear_pointer (&self->plan, ts_seat_plan_free);
  g_clear_pointer (&self->plain, g_free);
  g_clear_pointer (&self->seat_fills, g_free);
  g_clear_pointer (&self->area_fills, g_free);
  g_clear_pointer (&self->problem, g_free);
}

/* Drawing ------------------------------------------------------------------------- */

static PangoContext *
new_pango (TsZoneHeatMap *self,
           cairo_t       *cr)
{
  PangoContext *pango = pango_cairo_create_context (cr);

  pango_context_set_font_description (pango,
                                      pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  return pango;
}

static double
legend_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_set_text (layout, "0%", -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return PAD + MAX (BAR_HEIGHT, h) + 2 + h + PAD;
}

static void
compute_fit (TsZoneHeatMap *self,
             double         width,
             double         height,
             double         legend,
             Fit           *out)
{
  graphene_rect_t bounds;

  out->map_height = MAX (height - legend, 1);
  if (!ts_seat_painter_get_bounds (self->painter, NULL, &bounds))
    bounds = GRAPHENE_RECT_INIT (0, 0, self->plan->width, self->plan->height);
  out->scale = 0.96 * MIN (width / MAX (bounds.size.width, 1e-3), out->map_height / MAX (bounds.size.height, 1e-3));
  out->offset_x = width / 2 - (bounds.origin.x + bounds.size.width / 2) * out->scale;
  out->offset_y = out->map_height / 2 - (bounds.origin.y + bounds.size.height / 2) * out->scale;
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align_x,
           double       align_y)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - align_x * w), round (y - align_y * h));
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
  pango_cairo_show_layout (cr, layout);
}

static double
text_width (PangoLayout *layout,
            const char  *text)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* "Percent sold [scale] 0% 50% 100%", and the grey of places without
 * figures when there are some, along the bottom. */
static void
draw_legend (TsZoneHeatMap *self,
             cairo_t       *cr,
             PangoLayout   *layout,
             double         width,
             double         height,
             double         legend)
{
  const char *title = _("Percent sold");
  double top = height - legend + PAD, x = PAD, bar_width, middle = top + BAR_HEIGHT / 2;
  cairo_pattern_t *gradient;
  GdkRGBA none;

  show_text (cr, layout, title, x, middle, 0, 0.5);
  x += text_width (layout, title) + PAD;
  bar_width = MIN (BAR_WIDTH, width - x - PAD);
  if (bar_width < 40)
    return;
  gradient = cairo_pattern_create_linear (x, 0, x + bar_width, 0);
  for (guint i = 0; i < G_N_ELEMENTS (scale_stops); i++)
    {
      GdkRGBA stop = stop_color (i);

      cairo_pattern_add_color_stop_rgb (gradient, (double) i / (G_N_ELEMENTS (scale_stops) - 1), stop.red, stop.green,
                                        stop.blue);
    }
  cairo_rectangle (cr, x, top, bar_width, BAR_HEIGHT);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);
  for (int k = 0; k <= 2; k++)
    {
      g_autofree char *percent = ts_format_percent (50.0 * k, 0);

      show_text (cr, layout, percent, x + bar_width * k / 2, top + BAR_HEIGHT + 2, k / 2.0, 0);
    }
  x += bar_width + 3 * PAD;
  if (self->any_without)
    {
      const char *label = _("No figures");

      if (x + BAR_HEIGHT + PAD + text_width (layout, label) > width)
        return;
      _ts_zone_heat_map_no_figures_color (&none);
      cairo_rectangle (cr, x + 0.5, top + 0.5, BAR_HEIGHT - 1, BAR_HEIGHT - 1);
      gdk_cairo_set_source_rgba (cr, &none);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      show_text (cr, layout, label, x + BAR_HEIGHT + PAD / 2, middle, 0, 0.5);
    }
}

static void
paint (TsZoneHeatMap *self,
       cairo_t       *cr,
       double         width,
       double         height,
       Fit           *out_fit)
{
  g_autoptr(GObject) owned = NULL;   /* no autoptr for PangoContext in pango 1.50 */
  PangoContext *pango;
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA no_letters[26] = { { 0 } };
  double legend;
  Fit fit;

  if (width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);   /* paper, as the seat map's */
  cairo_paint (cr);
  pango = new_pango (self, cr);
  owned = G_OBJECT (pango);
  layout = pango_layout_new (pango);
  if (self->plan == NULL || self->problem != NULL)
    {
      if (self->problem != NULL)
        show_text (cr, layout, self->problem, width / 2, height / 2, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }
  legend = legend_height (layout);
  compute_fit (self, width, height, legend, &fit);
  if (out_fit != NULL)
    *out_fit = fit;
  {
    TsSeatPainterView view = {
      fit.scale, fit.offset_x, fit.offset_y, (int) ceil (width), (int) ceil (fit.map_height),
      self->plain, (const char *) self->plain, self->plain, NULL, no_letters, NULL, pango,
      self->seat_fills, self->area_fills,
      self->seat_grow,
    };

    cairo_save (cr);
    cairo_rectangle (cr, 0, 0, width, fit.map_height);
    cairo_clip (cr);
    ts_seat_painter_draw (self->painter, cr, &view);
    cairo_restore (cr);
  }
  draw_legend (self, cr, layout, width, height, legend);
  cairo_restore (cr);
}

/* The widget ------------------------------------------------------------------------ */

static void
ts_zone_heat_map_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TsZoneHeatMap *self = TS_ZONE_HEAT_MAP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int factor = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->node == NULL || self->node_width != width || self->node_height != height)
    {
      /* painted once into pixels: thousands of seats, then one blit per
       * frame (a cairo node holding the surface: the cairo renderer blits
       * it as it is, GL uploads it once and keeps the texture with the node) */
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * factor, height * factor);
      GtkSnapshot *drawing = gtk_snapshot_new ();
      cairo_t *cr;

      cairo_surface_set_device_scale (surface, factor, factor);
      cr = cairo_create (surface);
      paint (self, cr, width, height, &self->fit);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cr = gtk_snapshot_append_cairo (drawing, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = gtk_snapshot_free_to_node (drawing);
      self->node_width = width;
      self->node_height = height;
    }
  gtk_snapshot_append_node (snapshot, self->node);
}

static gboolean
ts_zone_heat_map_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  g_autofree char *text = _ts_zone_heat_map_dup_tooltip (TS_ZONE_HEAT_MAP (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ts_zone_heat_map_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
ts_zone_heat_map_finalize (GObject *object)
{
  TsZoneHeatMap *self = TS_ZONE_HEAT_MAP (object);

  clear_plan (self);
  g_ptr_array_unref (self->zones);
  g_hash_table_unref (self->by_name);
  g_free (self->summary);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  G_OBJECT_CLASS (ts_zone_heat_map_parent_class)->finalize (object);
}

static void
ts_zone_heat_map_class_init (TsZoneHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ts_zone_heat_map_finalize;
  widget_class->snapshot = ts_zone_heat_map_snapshot;
  widget_class->measure = ts_zone_heat_map_measure;
  widget_class->query_tooltip = ts_zone_heat_map_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "zoneheatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ts_zone_heat_map_init (TsZoneHeatMap *self)
{
  self->zones = g_ptr_array_new_with_free_func (zone_figures_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update_summary (self);
}

/* Public ------------------------------------------------------------------------------ */

GtkWidget *
ts_zone_heat_map_new (void)
{
  return g_object_new (TS_TYPE_ZONE_HEAT_MAP, NULL);
}

void
ts_zone_heat_map_set_plan (TsZoneHeatMap *self,
                           JsonObject    *compact)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *map;
  TsSeatPlan *plan;

  g_return_if_fail (TS_IS_ZONE_HEAT_MAP (self));

  clear_plan (self);
  if (compact != NULL)
    {
      /* the route's whole answer carries the plan as "map" */
      map = ts_json_lookup_object (compact, "map") != NULL ? ts_json_lookup_object (compact, "map") : compact;
      root = json_node_init_object (json_node_alloc (), map);
      plan = ts_seat_plan_from_compact (root, &error);
      if (plan == NULL)
        {
          g_debug ("heat map: %s", error->message);
          self->problem = g_strdup (_("This seat map cannot be shown."));
        }
      else
        {
          self->plan = plan;
          self->index = ts_seat_index_new (plan);
          self->painter = ts_seat_painter_new (plan, self->index);
          self->seat_grow = ts_seat_painter_touching_grow (self->painter);
          self->plain = g_new0 (guint8, MAX (plan->seats->len, 1));
          self->seat_fills = g_new0 (GdkRGBA, MAX (plan->seats->len, 1));
          self->area_fills = g_new0 (GdkRGBA, MAX (plan->areas->len, 1));
        }
    }
  update_fills (self);
  update_summary (self);
  invalidate (self);
}

/* R2: the map shows the figures it is given and nothing else: the server's
 * zone-sales answer, which for another outlet's performance holds only the
 * caller's own sales (held 0); a zone it leaves out stays without figures. */
void
ts_zone_heat_map_set_zones (TsZoneHeatMap *self,
                            JsonArray     *rows)
{
  g_return_if_fail (TS_IS_ZONE_HEAT_MAP (self));

  g_hash_table_remove_all (self->by_name);
  g_ptr_array_set_size (self->zones, 0);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = ts_json_lookup_element_object (rows, i);
      const char *name = row != NULL ? ts_json_lookup_string (row, "price_zone") : NULL;
      double capacity = 0, sold = 0, held = 0, percent = NAN;
      ZoneFigures *figures;

      if (name == NULL || g_hash_table_contains (self->by_name, name))
        continue;
      ts_json_lookup_number (row, "capacity", &capacity);
      ts_json_lookup_number (row, "sold", &sold);
      ts_json_lookup_number (row, "held", &held);
      if (!ts_json_lookup_number (row, "percent_sold", &percent) || !isfinite (percent))
        percent = capacity > 0 ? 100 * sold / capacity : 0;
      figures = g_new0 (ZoneFigures, 1);
      figures->name = g_strdup (name);
      figures->capacity = (gint64) capacity;
      figures->sold = (gint64) sold;
      figures->held = (gint64) held;
      figures->percent = CLAMP (percent, 0, 100);
      g_ptr_array_add (self->zones, figures);
      g_hash_table_insert (self->by_name, figures->name, figures);
    }
  update_fills (self);
  update_summary (self);
  invalidate (self);
}

void
ts_zone_heat_map_draw (TsZoneHeatMap *self,
                       cairo_t       *cr,
                       double         width,
                       double         height)
{
  g_return_if_fail (TS_IS_ZONE_HEAT_MAP (self));
  g_return_if_fail (cr != NULL);

  paint (self, cr, width, height, NULL);
}

/* Private ------------------------------------------------------------------------------ */

TsSeatPlan *
_ts_zone_heat_map_get_plan (TsZoneHeatMap *self)
{
  return self->plan;
}

void
_ts_zone_heat_map_plan_to_view (TsZoneHeatMap *self,
                                double         width,
                                double         height,
                                double         px,
                                double         py,
                                double        *out_x,
                                double        *out_y)
{
  cairo_surface_t *scratch;
  cairo_t *cr;
  PangoContext *pango;
  PangoLayout *layout;
  Fit fit;

  if (self->plan == NULL)
    {
      *out_x = px;
      *out_y = py;
      return;
    }
  scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (scratch);
  pango = new_pango (self, cr);
  layout = pango_layout_new (pango);
  compute_fit (self, width, height, legend_height (layout), &fit);
  *out_x = fit.offset_x + px * fit.scale;
  *out_y = fit.offset_y + py * fit.scale;
  g_object_unref (layout);
  g_object_unref (pango);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
}

const char *
_ts_zone_heat_map_get_summary (TsZoneHeatMap *self)
{
  return self->summary;
}

char *
_ts_zone_heat_map_dup_tooltip (TsZoneHeatMap *self,
                               double         x,
                               double         y)
{
  double px, py;
  const char *category = NULL;
  ZoneFigures *figures;
  g_autofree char *percent = NULL, *text = NULL;
  int seat, area;

  if (self->plan == NULL || self->fit.scale <= 0 || y >= self->fit.map_height)
    return NULL;
  px = (x - self->fit.offset_x) / self->fit.scale;
  py = (y - self->fit.offset_y) / self->fit.scale;
  seat = ts_seat_index_seat_at (self->index, px, py, NULL);
  if (seat >= 0)
    category = ((TsPlanSeat *) g_ptr_array_index (self->plan->seats, seat))->category;
  else if ((area = ts_seat_painter_area_at (self->painter, px, py)) >= 0)
    category = ((TsPlanArea *) g_ptr_array_index (self->plan->areas, area))->category;
  else
    return NULL;
  figures = figures_of (self, category);
  if (figures == NULL)
    /* TRANSLATORS: the heat map's tooltip over a place whose price zone
     * has no sales figures */
    return g_strdup_printf (_("%s: no figures"), category != NULL ? category : "");
  percent = ts_format_percent (figures->percent, 1);
  /* TRANSLATORS: the heat map's tooltip: price zone, tickets sold, capacity,
   * percent sold */
  text = g_strdup_printf (_("%s: %d of %d sold (%s)"), figures->name, (int) figures->sold, (int) figures->capacity,
                          percent);
  if (figures->held > 0)
    {
      /* TRANSLATORS: a second line of the heat map's tooltip */
      g_autofree char *held = g_strdup_printf (ngettext ("%d held", "%d held", (gulong) figures->held),
                                               (int) figures->held);

      return g_strdup_printf ("%s\n%s", text, held);
    }
  return g_steal_pointer (&text);
}
