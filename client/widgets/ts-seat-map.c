/* ts-seat-map.c — thousands of seats in one widget
 *
 * The view (the venue at the current scale and offset) is painted once by
 * TsSeatPainter into an image and kept while neither the view nor the seats
 * change; a frame blits it and draws the selection, the other seats of an
 * order, the hover, the focus and the rubber band on top (TsSeatStyle's
 * overlays).  Where the seats are (hit tests, the seats in view, the
 * keyboard's reading order) is TsSeatIndex's (ts-seat-index.c). */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <librsvg/rsvg.h>

#include "ts-seat-index.h"
#include "ts-seat-map-private.h"
#include "ts-seat-painter.h"
#include "ts-seat-style.h"

struct _TsSeatMap
{
  GtkWidget      parent_instance;

  TsSeatPlan    *plan;
  guint8        *states;          /* TsSeatState per seat */
  guint8        *selected;        /* 1 when selected */
  guint8        *dimmed;          /* 1 when outside the level shown: drawn faint, not pickable */
  char          *letters;         /* per seat: hold or display letter (M5), 0 for none */
  guint8        *highlighted;     /* 1 when highlighted (the seats of one party, M7) */
  guint          n_highlighted;
  GdkRGBA        letter_colors[26];   /* hold letter colours (M8); alpha 0: the state's colour */
  GHashTable    *by_guid;         /* guid → index + 1, built on demand */
  TsSeatMapTooltipFunc tooltip_func;
  gpointer       tooltip_data;
  GDestroyNotify tooltip_destroy;
  GMenu         *menu;            /* the context menu's model; callers may add a section */
  char          *level;           /* the level shown, or NULL for all */
  guint          n_selected;
  TsSeatPainter *painter;         /* the venue for one view; what depends on the plan only, once */
  cairo_surface_t *background;    /* the map's SVG background, rasterized once */
  GdkTexture    *view_texture;    /* the view painted, for GL: hover frames just blit it */
  cairo_surface_t *view_surface;  /* the same for the cairo renderer, which draws a surface without converting it */
  double         texture_scale, texture_x, texture_y;
  int            texture_width, texture_height;

  TsSeatIndex   *index;          /* hit tests, the seats in view, the keyboard's reading order */

  double         scale, offset_x, offset_y;
  gboolean       user_view;        /* the person zoomed or panned: no more fitting on resize */
  graphene_rect_t bounds;          /* what is drawn on the level shown, in plan units */
  gboolean       bounds_known;
  double         pointer_x, pointer_y;   /* where motion last saw the pointer, for the wheel */
  gboolean       has_pointer;
  int            hover;
  int            focus;
  char          *focus_text;       /* the focused seat said in words, or NULL */
  double         drag_start_x, drag_start_y;
  double         zoom_start_scale;
  int            context_seat;
  GtkWidget     *context_menu;
  GtkWidget     *info;             /* a popover saying what a seat is ("Seat Information") */
  GtkLabel      *info_label;
  gboolean       banding;          /* a rubber band is being drawn */
  double         band_x0, band_y0, band_x1, band_y1;   /* widget coordinates */
};

G_DEFINE_FINAL_TYPE (TsSeatMap, ts_seat_map, GTK_TYPE_WIDGET)

enum { SELECTION_CHANGED, SEAT_INFO, CONTEXT_MENU, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_FOCUS_TEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static TsPlanSeat *
seat_at_index (TsSeatMap *self,
               guint      i)
{
  return g_ptr_array_index (self->plan->seats, i);
}

/* The seats changed: the view is painted again at the next frame. */
static void
invalidate_seats (TsSeatMap *self)
{
  g_clear_object (&self->view_texture);
  g_clear_pointer (&self->view_surface, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
view_is_current (TsSeatMap *self,
                 int        width,
                 int        height)
{
  return (self->view_texture != NULL || self->view_surface != NULL)
         && self->texture_scale == self->scale && self->texture_x == self->offset_x
         && self->texture_y == self->offset_y && self->texture_width == width && self->texture_height == height;
}

/* The view painted once: a frame that only moves the hover or the
 * selection then costs one blit instead of painting every seat.  Redone
 * when the view or the seats change.  The cairo renderer gets the cairo
 * surface (a texture it would convert at every frame); GL gets a texture. */
static void
update_view (TsSeatMap *self,
             int        width,
             int        height)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  int factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  TsSeatPainterView view = {
    self->scale, self->offset_x, self->offset_y, width, height, self->states, self->letters, self->dimmed,
    self->level, self->letter_colors, self->background, gtk_widget_get_pango_context (GTK_WIDGET (self)),
  };
  cairo_surface_t *surface;
  cairo_t *cr;

  if (view_is_current (self, width, height))
    return;
  g_clear_object (&self->view_texture);
  g_clear_pointer (&self->view_surface, cairo_surface_destroy);
  if (renderer == NULL || width <= 0 || height <= 0)
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * factor, height * factor);
  cairo_surface_set_device_scale (surface, factor, factor);
  cr = cairo_create (surface);
  ts_seat_painter_draw (self->painter, cr, &view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (GSK_IS_CAIRO_RENDERER (renderer))
    self->view_surface = surface;
  else
    {
      g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                            (gsize) cairo_image_surface_get_stride (surface)
                                                            * height * factor,
                                                            (GDestroyNotify) cairo_surface_destroy, surface);

      self->view_texture = gdk_memory_texture_new (width * factor, height * factor, GDK_MEMORY_DEFAULT, bytes,
                                                   (gsize) cairo_image_surface_get_stride (surface));
    }
  self->texture_scale = self->scale;
  self->texture_x = self->offset_x;
  self->texture_y = self->offset_y;
  self->texture_width = width;
  self->texture_height = height;
}

/* Where the seats are ------------------------------------------------------------ */

int
_ts_seat_map_seat_at_plan (TsSeatMap *self,
                           double     px,
                           double     py)
{
  if (self->index == NULL)
    return -1;
  return ts_seat_index_seat_at (self->index, px, py, self->dimmed);
}

int
_ts_seat_map_seat_at (TsSeatMap *self,
                      double     x,
                      double     y)
{
  return _ts_seat_map_seat_at_plan (self, (x - self->offset_x) / self->scale, (y - self->offset_y) / self->scale);
}

void
_ts_seat_map_plan_to_widget (TsSeatMap *self,
                             double     px,
                             double     py,
                             double    *out_x,
                             double    *out_y)
{
  *out_x = self->offset_x + px * self->scale;
  *out_y = self->offset_y + py * self->scale;
}

/* The keyboard focus -------------------------------------------------------------- */

/* A seat in words, as the caption under the focus and a screen reader say
 * it: "Stalls, row A, seat 3 — available · Regular". */
char *
ts_seat_map_dup_seat_text (TsSeatMap *self,
                           guint      seat)
{
  TsPlanSeat *s;
  GString *text;

  g_return_val_if_fail (TS_IS_SEAT_MAP (self), NULL);
  if (self->plan == NULL || seat >= self->plan->seats->len)
    return NULL;
  s = seat_at_index (self, seat);
  text = g_string_new (NULL);
  /* Translators: a seat: its section, row and number, then its state */
  g_string_append_printf (text, _("%s, row %s, seat %s — %s"), s->zone ? s->zone : "", s->row ? s->row : "",
                          s->number ? s->number : "", ts_seat_style_state_name (self->states[seat]));
  if (s->category != NULL)
    g_string_append_printf (text, " · %s", s->category);
  if (s->flags & TS_SEAT_WHEELCHAIR)
    g_string_append (text, _(" · wheelchair"));
  return g_string_free (text, FALSE);
}

/* Says the focused seat: in the caption drawn on the map, in the
 * "focus-text" property, and as the map's accessible name, which a screen
 * reader announces as the focus moves (GTK 4.8 cannot expose drawn seats
 * one by one). */
static void
update_focus_text (TsSeatMap *self)
{
  g_autofree char *text = self->focus >= 0 ? ts_seat_map_dup_seat_text (self, (guint) self->focus) : NULL;

  if (g_strcmp0 (text, self->focus_text) == 0)
    return;
  g_free (self->focus_text);
  self->focus_text = g_steal_pointer (&text);
  if (self->focus_text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->focus_text, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_TEXT]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_focus (TsSeatMap *self,
           int        seat)
{
  self->focus = seat;
  update_focus_text (self);
}

/* The focused seat in words at the edge of the map away from it, while the
 * map has the keyboard focus. */
static void
append_focus_caption (TsSeatMap   *self,
                      GtkSnapshot *snapshot,
                      int          width,
                      int          height)
{
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA back = { 0.14, 0.12, 0.19, 0.88 }, ink = { 1, 1, 1, 1 };
  double seat_y, top;
  int lw, lh;

  if (self->focus_text == NULL || self->focus < 0 || !gtk_widget_has_focus (GTK_WIDGET (self)))
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->focus_text);
  pango_layout_set_width (layout, MAX (width - 32, 50) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  /* at the bottom, or at the top when the seat is in the lower half: never over it */
  seat_y = self->offset_y + seat_at_index (self, (guint) self->focus)->y * self->scale;
  top = seat_y > height / 2.0 ? 8 : height - lh - 20;
  {
    GskRoundedRect box;

    gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (8, top, lw + 16, lh + 12), 6);
    gtk_snapshot_push_rounded_clip (snapshot, &box);
    gtk_snapshot_append_color (snapshot, &back, &box.bounds);
    gtk_snapshot_pop (snapshot);
  }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (16, top + 6));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

/* Drawing ---------------------------------------------------------------------- */

/* An overlay around a seat, in widget pixels. */
static void
append_overlay (TsSeatMap     *self,
                GtkSnapshot   *snapshot,
                TsSeatOverlay  overlay,
                guint          seat)
{
  TsPlanSeat *s = seat_at_index (self, seat);

  ts_seat_style_append_overlay (snapshot, overlay, self->offset_x + s->x * self->scale,
                                self->offset_y + s->y * self->scale, s->radius * 1.7 * self->scale);
}

static void
ts_seat_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->plan == NULL)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  update_view (self, width, height);
  if (self->view_surface != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_set_source_surface (cr, self->view_surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else if (self->view_texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->view_texture, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* what changes from frame to frame is drawn on top of the view */
  if (self->n_highlighted > 0)
    for (guint i = 0; i < self->plan->seats->len; i++)
      if (self->highlighted[i])
        append_overlay (self, snapshot, TS_SEAT_OVERLAY_PARTY, i);
  if (self->n_selected > 0)
    for (guint i = 0; i < self->plan->seats->len; i++)
      if (self->selected[i])
        append_overlay (self, snapshot, TS_SEAT_OVERLAY_SELECTED, i);
  if (self->hover >= 0)
    append_overlay (self, snapshot, TS_SEAT_OVERLAY_HOVER, (guint) self->hover);
  if (self->focus >= 0 && gtk_widget_has_focus (widget))
    append_overlay (self, snapshot, TS_SEAT_OVERLAY_FOCUS, (guint) self->focus);

  if (self->banding)
    {
      GdkRGBA fill = { 0.21, 0.52, 0.89, 0.15 }, edge = { 0.21, 0.52, 0.89, 0.8 };
      graphene_rect_t band = GRAPHENE_RECT_INIT (MIN (self->band_x0, self->band_x1), MIN (self->band_y0, self->band_y1),
                                                 fabs (self->band_x1 - self->band_x0), fabs (self->band_y1 - self->band_y0));
      GskRoundedRect outline;
      const GdkRGBA colors[4] = { edge, edge, edge, edge };
      const float widths[4] = { 1, 1, 1, 1 };

      gtk_snapshot_append_color (snapshot, &fill, &band);
      gsk_rounded_rect_init_from_rect (&outline, &band, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  append_focus_caption (self, snapshot, width, height);
  gtk_snapshot_pop (snapshot);
}

/* View --------------------------------------------------------------------------- */

/* Every change of the view goes through here: a scale or an offset that is
 * not a finite number (or a scale that is not positive) would make the
 * transform not invertible, and the map black or empty until another plan
 * is shown, so it is refused and the view stays as it was. */
static gboolean
set_view (TsSeatMap *self,
          double     scale,
          double     offset_x,
          double     offset_y)
{
  if (!isfinite (scale) || !isfinite (offset_x) || !isfinite (offset_y) || scale <= 0)
    return FALSE;
  self->scale = scale;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* The person moved the view: it stays as they left it. */
static void
user_moved (TsSeatMap *self)
{
  self->user_view = TRUE;
}

/* What is drawn on the level shown — seats, row labels, areas, and the
 * background, which covers the plan's declared size — not that size
 * itself: a plan whose seats fill a corner of a large canvas would
 * otherwise show as slivers in an empty map. */
static const graphene_rect_t *
content_bounds (TsSeatMap *self)
{
  if (!self->bounds_known)
    {
      if (!ts_seat_painter_get_bounds (self->painter, self->level, &self->bounds))
        self->bounds = GRAPHENE_RECT_INIT (0, 0, self->plan->width, self->plan->height);
      else if (self->background != NULL && self->level == NULL)
        graphene_rect_union (&self->bounds, &GRAPHENE_RECT_INIT (0, 0, self->plan->width, self->plan->height),
                             &self->bounds);
      self->bounds_known = TRUE;
    }
  return &self->bounds;
}

/* Shows everything drawn on the level shown, with a small margin; the map
 * fits again whenever its size changes, until the person zooms or pans. */
void
ts_seat_map_fit (TsSeatMap *self)
{
  const graphene_rect_t *bounds;
  double scale;
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  self->user_view = FALSE;
  if (self->plan == NULL || width <= 0 || height <= 0)
    return;
  bounds = content_bounds (self);
  scale = 0.96 * MIN (width / MAX (bounds->size.width, 1e-3), height / MAX (bounds->size.height, 1e-3));
  set_view (self, scale, width / 2.0 - (bounds->origin.x + bounds->size.width / 2) * scale,
            height / 2.0 - (bounds->origin.y + bounds->size.height / 2) * scale);
}

void
_ts_seat_map_zoom_by (TsSeatMap *self,
                      double     factor,
                      double     x,
                      double     y)
{
  double scale;

  if (!isfinite (factor) || !isfinite (x) || !isfinite (y) || factor <= 0)
    return;
  scale = CLAMP (self->scale * factor, 0.005, 50);
  user_moved (self);
  /* keep the plan point under (x, y) where it is */
  set_view (self, scale, x - (x - self->offset_x) * (scale / self->scale),
            y - (y - self->offset_y) * (scale / self->scale));
}

void
_ts_seat_map_center_on (TsSeatMap *self,
                        double     px,
                        double     py)
{
  user_moved (self);
  set_view (self, self->scale, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - px * self->scale,
            gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - py * self->scale);
}

double
_ts_seat_map_get_scale (TsSeatMap *self)
{
  return self->scale;
}

static void ts_seat_map_size_allocate_menu (TsSeatMap *self);

static void
ts_seat_map_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);

  if (!self->user_view)
    ts_seat_map_fit (self);
  ts_seat_map_size_allocate_menu (self);
}

static void
ts_seat_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

/* Interaction --------------------------------------------------------------------- */

void
_ts_seat_map_set_hover (TsSeatMap *self,
                        int        seat)
{
  if (self->hover == seat)
    return;
  self->hover = seat;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_ts_seat_map_toggle_selected (TsSeatMap *self,
                              guint      seat)
{
  if (self->plan == NULL || seat >= self->plan->seats->len)
    return;
  self->selected[seat] = !self->selected[seat];
  self->n_selected += self->selected[seat] ? 1 : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
select_where (TsSeatMap *self,
              guint      seat,
              gboolean   same_row)
{
  TsPlanSeat *model = seat_at_index (self, seat);

  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *other = seat_at_index (self, i);

      if (g_strcmp0 (other->zone, model->zone) == 0 && (!same_row || g_strcmp0 (other->row, model->row) == 0)
          && !self->selected[i] && !self->dimmed[i])
        {
          self->selected[i] = 1;
          self->n_selected++;
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
_ts_seat_map_select_row (TsSeatMap *self,
                         guint      seat)
{
  if (self->plan != NULL && seat < self->plan->seats->len)
    select_where (self, seat, TRUE);
}

void
_ts_seat_map_select_zone (TsSeatMap *self,
                          guint      seat)
{
  if (self->plan != NULL && seat < self->plan->seats->len)
    select_where (self, seat, FALSE);
}

void
ts_seat_map_clear_selection (TsSeatMap *self)
{
  if (self->plan == NULL || self->n_selected == 0)
    return;
  memset (self->selected, 0, self->plan->seats->len);
  self->n_selected = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

GArray *
ts_seat_map_get_selection (TsSeatMap *self)
{
  GArray *selection = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; self->plan != NULL && i < self->plan->seats->len; i++)
    if (self->selected[i])
      g_array_append_val (selection, i);
  return selection;
}

int
ts_seat_map_get_context_seat (TsSeatMap *self)
{
  return self->context_seat;
}

gboolean
ts_seat_map_is_selected (TsSeatMap *self,
                         guint      seat)
{
  return self->plan != NULL && seat < self->plan->seats->len && self->selected[seat];
}

guint
_ts_seat_map_count_selected (TsSeatMap *self)
{
  return self->n_selected;
}

int
_ts_seat_map_get_focus_seat (TsSeatMap *self)
{
  return self->focus;
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        TsSeatMap                *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = isfinite (x) && isfinite (y);
  _ts_seat_map_set_hover (self, _ts_seat_map_seat_at (self, x, y));
}

static void
leave (GtkEventControllerMotion *controller,
       TsSeatMap                *self)
{
  self->has_pointer = FALSE;
  _ts_seat_map_set_hover (self, -1);
}

static void
clicked (GtkGestureClick *gesture,
         int              n_press,
         double           x,
         double           y,
         TsSeatMap       *self)
{
  int seat = _ts_seat_map_seat_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  /* the end of a rubber band or a pan is no click */
  if (seat < 0 || fabs (x - self->band_x0) + fabs (y - self->band_y0) >= 6)
    return;
  set_focus (self, seat);
  _ts_seat_map_toggle_selected (self, (guint) seat);
}

/* Right click: a menu bound to the widget's actions (later issues add hold,
 * release and "find other seats in this order"). */
static void
context_clicked (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 TsSeatMap       *self)
{
  int seat = _ts_seat_map_seat_at (self, x, y);

  if (seat < 0)
    return;
  self->context_seat = seat;
  set_focus (self, seat);
  /* the menu offers only what applies: its owners enable their actions now */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seatmap.clear-selection", self->n_selected > 0);
  g_signal_emit (self, signals[CONTEXT_MENU], 0, seat);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
select_row_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);

  if (self->context_seat >= 0)
    _ts_seat_map_select_row (self, (guint) self->context_seat);
}

static void
select_zone_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);

  if (self->context_seat >= 0)
    _ts_seat_map_select_zone (self, (guint) self->context_seat);
}

static void
clear_selection_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ts_seat_map_clear_selection (TS_SEAT_MAP (widget));
}

static void
seat_info_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);

  if (self->context_seat >= 0)
    g_signal_emit (self, signals[SEAT_INFO], 0, self->context_seat);
}

static gboolean
scrolled (GtkEventControllerScroll *controller,
          double                    dx,
          double                    dy,
          TsSeatMap                *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  double ex, ey;

  /* GTK 4.8 gives a scroll event no position on X11 (NaN): zoom where the
   * pointer last moved, else where the event says if it says, else at the
   * centre */
  if (self->has_pointer)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  else if (event != NULL && gdk_event_get_position (event, &ex, &ey) && isfinite (ex) && isfinite (ey))
    {
      x = ex;
      y = ey;
    }
  if (isfinite (dy))
    _ts_seat_map_zoom_by (self, pow (1.15, -dy), x, y);
  return TRUE;
}

static void
drag_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            TsSeatMap      *self)
{
  self->drag_start_x = self->offset_x;
  self->drag_start_y = self->offset_y;
}

static void
drag_update (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             TsSeatMap      *self)
{
  user_moved (self);
  set_view (self, self->scale, self->drag_start_x + dx, self->drag_start_y + dy);
}

/* Primary-button drag: a rubber band selecting the seats inside it (Ctrl
 * pans instead).  A press without movement stays a click. */
static void
band_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            TsSeatMap      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  self->band_x0 = self->band_x1 = x;
  self->band_y0 = self->band_y1 = y;
  self->banding = FALSE;
  self->drag_start_x = self->offset_x;
  self->drag_start_y = self->offset_y;
  if (state & GDK_CONTROL_MASK)
    g_object_set_data (G_OBJECT (gesture), "panning", GINT_TO_POINTER (1));
  else
    g_object_set_data (G_OBJECT (gesture), "panning", NULL);
}

static void
band_update (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             TsSeatMap      *self)
{
  if (g_object_get_data (G_OBJECT (gesture), "panning"))
    {
      user_moved (self);
      set_view (self, self->scale, self->drag_start_x + dx, self->drag_start_y + dy);
      return;
    }
  if (!self->banding && fabs (dx) + fabs (dy) < 6)
    return;
  self->banding = TRUE;
  self->band_x1 = self->band_x0 + dx;
  self->band_y1 = self->band_y0 + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_ts_seat_map_select_rectangle (TsSeatMap *self,
                               double     x0,
                               double     y0,
                               double     x1,
                               double     y1)
{
  double px0 = (MIN (x0, x1) - self->offset_x) / self->scale, px1 = (MAX (x0, x1) - self->offset_x) / self->scale;
  double py0 = (MIN (y0, y1) - self->offset_y) / self->scale, py1 = (MAX (y0, y1) - self->offset_y) / self->scale;
  guint added = 0;

  for (guint i = 0; self->plan != NULL && i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);

      if (seat->x >= px0 && seat->x <= px1 && seat->y >= py0 && seat->y <= py1 && !self->selected[i]
          && !self->dimmed[i])
        {
          self->selected[i] = 1;
          added++;
        }
    }
  self->n_selected += added;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (added > 0)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
band_end (GtkGestureDrag *gesture,
          double          dx,
          double          dy,
          TsSeatMap      *self)
{
  if (!self->banding)
    return;
  self->banding = FALSE;
  _ts_seat_map_select_rectangle (self, self->band_x0, self->band_y0, self->band_x0 + dx, self->band_y0 + dy);
}

static void
zoom_begin (GtkGesture       *gesture,
            GdkEventSequence *sequence,
            TsSeatMap        *self)
{
  self->zoom_start_scale = self->scale;
}

static void
zoom_changed (GtkGestureZoom *gesture,
              double          ratio,
              TsSeatMap      *self)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  _ts_seat_map_zoom_by (self, self->zoom_start_scale * ratio / self->scale, x, y);
}

static void
ensure_visible (TsSeatMap *self,
                int        seat)
{
  TsPlanSeat *s = seat_at_index (self, (guint) seat);
  double x = self->offset_x + s->x * self->scale, y = self->offset_y + s->y * self->scale;
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  if (x >= 20 && x <= width - 20 && y >= 20 && y <= height - 20)
    return;
  user_moved (self);
  set_view (self, self->scale, self->offset_x + (x < 20 || x > width - 20 ? width / 2.0 - x : 0),
            self->offset_y + (y < 20 || y > height - 20 ? height / 2.0 - y : 0));
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             TsSeatMap             *self)
{
  int n = self->plan ? (int) self->plan->seats->len : 0;
  int next = -1, first;
  guint at;
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (n == 0)
    return FALSE;
  /* the reading order: the first seat, and where the focus is in it */
  first = (int) ts_seat_index_in_order (self->index, 0);
  at = self->focus >= 0 ? ts_seat_index_position (self->index, (guint) self->focus) : 0;
  if (state & GDK_CONTROL_MASK)
    {
      double step = 60, dx = 0, dy = 0;

      switch (keyval)
        {
        case GDK_KEY_Left: dx = step; break;
        case GDK_KEY_Right: dx = -step; break;
        case GDK_KEY_Up: dy = step; break;
        case GDK_KEY_Down: dy = -step; break;
        default: return FALSE;
        }
      user_moved (self);
      set_view (self, self->scale, self->offset_x + dx, self->offset_y + dy);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      _ts_seat_map_zoom_by (self, 1.25, cx, cy);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      _ts_seat_map_zoom_by (self, 0.8, cx, cy);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      ts_seat_map_fit (self);
      return TRUE;
    case GDK_KEY_space:
      if (self->focus >= 0)
        _ts_seat_map_toggle_selected (self, (guint) self->focus);
      return TRUE;
    case GDK_KEY_Menu:
    case GDK_KEY_F10:
      if (keyval == GDK_KEY_F10 && !(state & GDK_SHIFT_MASK))
        return FALSE;
      if (self->focus >= 0)
        {
          TsPlanSeat *seat = seat_at_index (self, (guint) self->focus);

          context_clicked (NULL, 1, self->offset_x + seat->x * self->scale,
                           self->offset_y + seat->y * self->scale, self);
        }
      return TRUE;
    case GDK_KEY_Right:
      next = self->focus < 0 ? first : (int) ts_seat_index_in_order (self->index, MIN ((guint) n - 1, at + 1));
      break;
    case GDK_KEY_Left:
      next = self->focus < 0 ? first : (int) ts_seat_index_in_order (self->index, at > 0 ? at - 1 : 0);
      break;
    case GDK_KEY_Down:
      next = self->focus < 0 ? first : ts_seat_index_vertical_neighbour (self->index, (guint) self->focus, 1);
      break;
    case GDK_KEY_Up:
      next = self->focus < 0 ? first : ts_seat_index_vertical_neighbour (self->index, (guint) self->focus, -1);
      break;
    case GDK_KEY_Home:
      next = first;
      break;
    case GDK_KEY_End:
      next = (int) ts_seat_index_in_order (self->index, (guint) n - 1);
      break;
    default:
      return FALSE;
    }
  if (next >= 0)
    {
      set_focus (self, next);
      ensure_visible (self, next);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return TRUE;
}

static gboolean
ts_seat_map_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip)
{
  TsSeatMap *self = TS_SEAT_MAP (widget);
  int index = keyboard ? self->focus : _ts_seat_map_seat_at (self, x, y);
  TsPlanSeat *seat;
  g_autofree char *text = NULL;
  double side;

  if (index < 0)
    return FALSE;
  seat = seat_at_index (self, (guint) index);
  text = g_strdup_printf (_("%s · Row %s · Seat %s\n%s%s%s%s"), seat->zone ? seat->zone : "",
                          seat->row ? seat->row : "", seat->number ? seat->number : "",
                          ts_seat_style_state_name (self->states[index]),
                          seat->category ? " · " : "", seat->category ? seat->category : "",
                          (seat->flags & TS_SEAT_WHEELCHAIR) ? _(" · wheelchair") : "");
  if (self->tooltip_func != NULL)
    {
      g_autofree char *extra = self->tooltip_func (self, (guint) index, self->tooltip_data);

      if (extra != NULL && *extra != '\0')
        {
          char *joined = g_strconcat (text, "\n", extra, NULL);

          g_free (text);
          text = joined;
        }
    }
  gtk_tooltip_set_text (tooltip, text);
  side = seat->radius * 1.7 * self->scale;
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) (self->offset_x + seat->x * self->scale - side / 2),
                              (int) (self->offset_y + seat->y * self->scale - side / 2),
                              (int) MAX (side, 1), (int) MAX (side, 1) });
  return TRUE;
}

/* Life cycle ------------------------------------------------------------------------ */

static void
clear_plan (TsSeatMap *self)
{
  g_clear_pointer (&self->plan, ts_seat_plan_free);
  g_clear_pointer (&self->states, g_free);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->dimmed, g_free);
  g_clear_pointer (&self->letters, g_free);
  g_clear_pointer (&self->highlighted, g_free);
  g_clear_pointer (&self->by_guid, g_hash_table_unref);
  self->n_highlighted = 0;
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->index, ts_seat_index_free);
  g_clear_pointer (&self->painter, ts_seat_painter_free);
  g_clear_object (&self->view_texture);
  g_clear_pointer (&self->view_surface, cairo_surface_destroy);
  g_clear_pointer (&self->background, cairo_surface_destroy);
  self->n_selected = 0;
  self->hover = -1;
  self->focus = -1;
  g_clear_pointer (&self->focus_text, g_free);
}

void
ts_seat_map_set_plan (TsSeatMap  *self,
                      TsSeatPlan *plan)
{
  clear_plan (self);
  self->plan = plan;
  if (plan != NULL)
    {
      guint n = plan->seats->len;

      self->states = g_new0 (guint8, n ? n : 1);
      self->selected = g_new0 (guint8, n ? n : 1);
      self->dimmed = g_new0 (guint8, n ? n : 1);
      self->letters = g_new0 (char, n ? n : 1);
      self->highlighted = g_new0 (guint8, n ? n : 1);
      self->index = ts_seat_index_new (plan);
      self->painter = ts_seat_painter_new (plan, self->index);
    }
  self->bounds_known = FALSE;
  ts_seat_map_fit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A fresh copy of the same map (after an edit is saved): the view, the level
 * shown and the selection (by seat GUID, which never changes, M3) stay. */
void
ts_seat_map_replace_plan (TsSeatMap  *self,
                          TsSeatPlan *plan)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *level = g_strdup (self->level);
  double scale = self->scale, offset_x = self->offset_x, offset_y = self->offset_y;
  gboolean user_view = self->user_view;

  if (self->plan == NULL || plan == NULL)
    {
      ts_seat_map_set_plan (self, plan);
      return;
    }
  for (guint i = 0; i < self->plan->seats->len; i++)
    if (self->selected[i])
      g_hash_table_add (chosen, g_strdup (seat_at_index (self, i)->guid));
  ts_seat_map_set_plan (self, plan);
  if (level != NULL)
    ts_seat_map_show_level (self, level);
  for (guint i = 0; i < plan->seats->len; i++)
    if (!self->dimmed[i] && g_hash_table_contains (chosen, seat_at_index (self, i)->guid))
      {
        self->selected[i] = 1;
        self->n_selected++;
      }
  if (user_view)
    {
      set_view (self, scale, offset_x, offset_y);
      user_moved (self);
    }
  invalidate_seats (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ts_seat_map_set_background_svg (TsSeatMap   *self,
                                const char  *svg,
                                GError     **error)
{
  RsvgHandle *handle;          /* librsvg 2.54 has no autoptr for it */
  cairo_surface_t *surface;
  cairo_t *cr;
  double factor;
  int width, height;
  gboolean ok;

  g_clear_pointer (&self->background, cairo_surface_destroy);
  self->bounds_known = FALSE;
  invalidate_seats (self);
  if (svg == NULL || *svg == '\0' || self->plan == NULL)
    return TRUE;
  handle = rsvg_handle_new_from_data ((const guint8 *) svg, strlen (svg), error);
  if (handle == NULL)
    return FALSE;
  /* at most 2048 pixels across: sharp enough under seats, light on memory */
  factor = MIN (1.0, 2048.0 / MAX (self->plan->width, self->plan->height));
  width = MAX (1, (int) (self->plan->width * factor));
  height = MAX (1, (int) (self->plan->height * factor));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  ok = rsvg_handle_render_document (handle, cr, &(RsvgRectangle) { 0, 0, width, height }, error);
  cairo_destroy (cr);
  g_object_unref (handle);
  if (ok)
    {
      cairo_surface_flush (surface);
      self->background = surface;
      self->bounds_known = FALSE;
      if (!self->user_view)
        ts_seat_map_fit (self);
    }
  else
    cairo_surface_destroy (surface);
  return ok;
}

/* Levels (balcony, mezzanine…): show one, the others faint and out of reach,
 * and fit the view to it; NULL shows every level. */
void
ts_seat_map_show_level (TsSeatMap  *self,
                        const char *level)
{
  g_autoptr(GHashTable) zones_on_level = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->plan == NULL)
    return;
  g_free (self->level);
  self->level = g_strdup (level);
  self->bounds_known = FALSE;
  for (guint z = 0; z < self->plan->zones->len; z++)
    {
      TsPlanZone *zone = g_ptr_array_index (self->plan->zones, z);

      if (level == NULL || g_strcmp0 (zone->level, level) == 0)
        g_hash_table_add (zones_on_level, zone->name);
    }
  for (guint i = 0; i < self->plan->seats->len; i++)
    {
      TsPlanSeat *seat = seat_at_index (self, i);
      gboolean shown = g_hash_table_contains (zones_on_level, seat->zone);

      self->dimmed[i] = !shown;
      if (!shown && self->selected[i])
        {
          self->selected[i] = 0;
          self->n_selected--;
        }
    }
  invalidate_seats (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  ts_seat_map_fit (self);
}

TsSeatPlan *
ts_seat_map_get_plan (TsSeatMap *self)
{
  return self->plan;
}

void
ts_seat_map_set_seat_state (TsSeatMap   *self,
                            guint        seat,
                            TsSeatState  state)
{
  if (self->plan == NULL || seat >= self->plan->seats->len || self->states[seat] == state)
    return;
  self->states[seat] = (guint8) state;
  invalidate_seats (self);
  if ((int) seat == self->focus)
    update_focus_text (self);
}

void
ts_seat_map_set_seat_letter (TsSeatMap *self,
                             guint      seat,
                             char       letter)
{
  if (self->plan == NULL || seat >= self->plan->seats->len || self->letters[seat] == letter)
    return;
  self->letters[seat] = letter;
  invalidate_seats (self);
}

void
ts_seat_map_reset_states (TsSeatMap *self)
{
  if (self->plan == NULL)
    return;
  memset (self->states, TS_SEAT_STATE_AVAILABLE, self->plan->seats->len);
  memset (self->letters, 0, self->plan->seats->len);
  invalidate_seats (self);
}

void
ts_seat_map_set_letter_color (TsSeatMap     *self,
                              char           letter,
                              const GdkRGBA *color)
{
  g_return_if_fail (letter >= 'a' && letter <= 'z');

  self->letter_colors[letter - 'a'] = *color;
  invalidate_seats (self);
}

int
ts_seat_map_find_seat (TsSeatMap  *self,
                       const char *guid)
{
  if (self->plan == NULL || guid == NULL)
    return -1;
  if (self->by_guid == NULL)
    {
      self->by_guid = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->plan->seats->len; i++)
        g_hash_table_insert (self->by_guid, seat_at_index (self, i)->guid, GUINT_TO_POINTER (i + 1));
    }
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_guid, guid)) - 1;
}

void
ts_seat_map_set_highlight (TsSeatMap   *self,
                           const guint *seats,
                           guint        n_seats)
{
  if (self->plan == NULL)
    return;
  memset (self->highlighted, 0, self->plan->seats->len);
  self->n_highlighted = 0;
  for (guint i = 0; i < n_seats; i++)
    if (seats[i] < self->plan->seats->len && !self->highlighted[seats[i]])
      {
        self->highlighted[seats[i]] = 1;
        self->n_highlighted++;
      }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
_ts_seat_map_is_highlighted (TsSeatMap *self,
                             guint      seat)
{
  return self->plan != NULL && seat < self->plan->seats->len && self->highlighted[seat];
}

TsSeatState
ts_seat_map_get_seat_state (TsSeatMap *self,
                            guint      seat)
{
  if (self->plan == NULL || seat >= self->plan->seats->len)
    return TS_SEAT_STATE_UNAVAILABLE;
  return (TsSeatState) self->states[seat];
}

void
ts_seat_map_set_tooltip_func (TsSeatMap            *self,
                              TsSeatMapTooltipFunc  func,
                              gpointer              data,
                              GDestroyNotify        destroy)
{
  if (self->tooltip_destroy != NULL)
    g_clear_pointer (&self->tooltip_data, self->tooltip_destroy);
  self->tooltip_func = func;
  self->tooltip_data = data;
  self->tooltip_destroy = destroy;
}

void
ts_seat_map_add_menu_section (TsSeatMap  *self,
                              GMenuModel *section)
{
  g_menu_prepend_section (self->menu, NULL, section);
}

static void
ts_seat_map_dispose (GObject *object)
{
  TsSeatMap *self = TS_SEAT_MAP (object);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->info, gtk_widget_unparent);
  g_clear_object (&self->menu);
  if (self->tooltip_destroy != NULL)
    g_clear_pointer (&self->tooltip_data, self->tooltip_destroy);
  self->tooltip_func = NULL;
  G_OBJECT_CLASS (ts_seat_map_parent_class)->dispose (object);
}

static void
ts_seat_map_size_allocate_menu (TsSeatMap *self)
{
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
  if (self->info != NULL)
    gtk_popover_present (GTK_POPOVER (self->info));
}

static gboolean
forget_context_seat (gpointer data)
{
  TS_SEAT_MAP (data)->context_seat = -1;
  return G_SOURCE_REMOVE;
}

/* The seat a menu was opened on counts until its action has run, no longer:
 * later actions apply to the selection. */
static void
context_menu_closed (TsSeatMap *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, forget_context_seat, g_object_ref (self), g_object_unref);
}

static void
ts_seat_map_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TsSeatMap *self = TS_SEAT_MAP (object);

  switch (prop_id)
    {
    case PROP_FOCUS_TEXT:
      g_value_set_string (value, self->focus_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_seat_map_finalize (GObject *object)
{
  clear_plan (TS_SEAT_MAP (object));
  G_OBJECT_CLASS (ts_seat_map_parent_class)->finalize (object);
}

static void
ts_seat_map_class_init (TsSeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_seat_map_dispose;
  object_class->finalize = ts_seat_map_finalize;
  object_class->get_property = ts_seat_map_get_property;
  /* The seat the keyboard focus is on, in words (NULL: none). */
  properties[PROP_FOCUS_TEXT] = g_param_spec_string ("focus-text", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = ts_seat_map_snapshot;
  widget_class->measure = ts_seat_map_measure;
  widget_class->size_allocate = ts_seat_map_size_allocate;
  widget_class->query_tooltip = ts_seat_map_query_tooltip;
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SEAT_INFO] = g_signal_new ("seat-info", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* The right-click menu is about to open on a seat. */
  signals[CONTEXT_MENU] = g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_install_action (widget_class, "seatmap.select-row", NULL, select_row_activated);
  gtk_widget_class_install_action (widget_class, "seatmap.select-section", NULL, select_zone_activated);
  gtk_widget_class_install_action (widget_class, "seatmap.clear-selection", NULL, clear_selection_activated);
  gtk_widget_class_install_action (widget_class, "seatmap.seat-info", NULL, seat_info_activated);
  gtk_widget_class_set_css_name (widget_class, "seatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ts_seat_map_init (TsSeatMap *self)
{
  GtkEventController *motion_controller = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *context = gtk_gesture_click_new ();
  GtkGesture *band = gtk_gesture_drag_new ();
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) map_section = g_menu_new ();

  self->scale = 1;
  self->context_seat = -1;
  g_menu_append (map_section, _("Seat _Information"), "seatmap.seat-info");
  g_menu_append (map_section, _("Select This _Row"), "seatmap.select-row");
  g_menu_append (map_section, _("Select This _Section"), "seatmap.select-section");
  {
    g_autoptr(GMenuItem) clear = g_menu_item_new (_("_Clear Selection"), "seatmap.clear-selection");

    g_menu_item_set_attribute (clear, "hidden-when", "s", "action-disabled");
    g_menu_append_item (map_section, clear);
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (map_section));
  self->menu = menu;
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  g_signal_connect_swapped (self->context_menu, "closed", G_CALLBACK (context_menu_closed), self);
  self->info_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->info_label, TRUE);
  gtk_label_set_max_width_chars (self->info_label, 48);
  gtk_label_set_xalign (self->info_label, 0);
  self->info = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->info), GTK_WIDGET (self->info_label));
  gtk_widget_set_parent (self->info, GTK_WIDGET (self));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  /* on release: a menu opened on the press would get the release, and GTK 4.8
   * loses count of its active state */
  g_signal_connect (context, "released", G_CALLBACK (context_clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (context));
  self->hover = -1;
  self->focus = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (motion_controller, "enter", G_CALLBACK (motion), self);
  g_signal_connect (motion_controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (motion_controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion_controller);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (scroll, "scroll", G_CALLBACK (scrolled), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_MIDDLE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (band), GDK_BUTTON_PRIMARY);
  g_signal_connect (band, "drag-begin", G_CALLBACK (band_begin), self);
  g_signal_connect (band, "drag-update", G_CALLBACK (band_update), self);
  g_signal_connect (band, "drag-end", G_CALLBACK (band_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (band));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

TsSeatMap *
ts_seat_map_new (void)
{
  return g_object_new (TS_TYPE_SEAT_MAP, NULL);
}

void
ts_seat_map_show_info (TsSeatMap  *self,
                       guint       seat,
                       const char *text)
{
  TsPlanSeat *s;
  double side;

  g_return_if_fail (TS_IS_SEAT_MAP (self));
  if (self->plan == NULL || seat >= self->plan->seats->len)
    return;
  s = seat_at_index (self, seat);
  side = MAX (s->radius * 1.7 * self->scale, 1);
  gtk_label_set_text (self->info_label, text);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->info), &(GdkRectangle) {
                                 (int) (self->offset_x + s->x * self->scale - side / 2),
                                 (int) (self->offset_y + s->y * self->scale - side / 2),
                                 (int) side, (int) side });
  gtk_popover_popup (GTK_POPOVER (self->info));
}

const char *
_ts_seat_map_get_info_text (TsSeatMap *self)
{
  g_return_val_if_fail (TS_IS_SEAT_MAP (self), NULL);

  return gtk_widget_get_visible (self->info) ? gtk_label_get_text (self->info_label) : NULL;
}
