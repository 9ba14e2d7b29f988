/* ts-seat-plan.h — a theatre map as data (rules M1, M3): seats with stable
 * identifiers and absolute positions, price categories, zones, general-
 * admission and decorative areas.  Shared by the server (storage, import,
 * export) and the client (the seat-map widget). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TS_SEAT_WHEELCHAIR      = 1 << 0,
  TS_SEAT_COMPANION       = 1 << 1,
  TS_SEAT_RESTRICTED_VIEW = 1 << 2,
} TsSeatFlags;

typedef struct
{
  char        *guid;        /* stable identifier a sale points at (M3) */
  char        *zone;        /* zone name (section) */
  char        *row;         /* row label */
  char        *number;      /* seat number label */
  double       x, y;        /* centre, absolute plan coordinates */
  double       radius;
  char        *category;    /* price category name, may be NULL */
  TsSeatFlags  flags;
  char         hold;        /* default hold letter (a–z) set on new performances (M1, M8), 0 for none */
} TsPlanSeat;

typedef struct
{
  char *name;
  char *color;              /* "#RRGGBB" */
} TsPlanCategory;

typedef struct
{
  char   *name;
  char   *zone_id;
  char   *level;            /* e.g. "Orchestra", "Balcony" (extension) */
} TsPlanZone;

typedef enum
{
  TS_AREA_RECTANGLE,
  TS_AREA_ELLIPSE,
  TS_AREA_CIRCLE,
  TS_AREA_POLYGON,
  TS_AREA_TEXT,
} TsAreaShape;

/* An area is decoration (a stage, a text, a section's outline: a polygon
 * with a border colour and no fill, its text the section's label) or,
 * with a capacity, general admission. */
typedef struct
{
  char        *zone;
  TsAreaShape  shape;
  double       x, y;          /* absolute position */
  double       width, height; /* rectangle / ellipse (radii for ellipse) */
  double       radius;        /* circle */
  GArray      *points;        /* polygon: doubles x0, y0, x1, y1 … relative to x, y */
  double       rotation;
  char        *color;
  char        *border_color;
  char        *text;
  double       text_size;     /* the text's height in plan units; 0: fitted to the shape */
  char        *category;      /* general admission: its price category */
  guint        capacity;      /* general admission (extension); 0 = decoration */
} TsPlanArea;

typedef struct
{
  char      *name;
  double     width, height;
  GPtrArray *categories;      /* TsPlanCategory */
  GPtrArray *zones;           /* TsPlanZone */
  GPtrArray *seats;           /* TsPlanSeat */
  GPtrArray *areas;           /* TsPlanArea */
} TsSeatPlan;

/* What any plan may hold, so that no request makes the server build an
 * unbounded one (issue #9); the largest stadiums seat about 150,000, and the
 * 60,000-seat demo bowl is 9,000 units wide. */
#define TS_SEAT_PLAN_MAX_SEATS        200000
#define TS_SEAT_PLAN_MAX_ZONES        10000
#define TS_SEAT_PLAN_MAX_AREAS        10000
#define TS_SEAT_PLAN_MAX_EXTENT       1000000.0   /* |coordinate|, size, radius */
#define TS_SEAT_PLAN_MAX_GA_CAPACITY  1000000     /* all areas together */

TsSeatPlan     *ts_seat_plan_new          (const char       *name);
void            ts_seat_plan_free         (TsSeatPlan       *self);
TsPlanSeat     *ts_seat_plan_add_seat     (TsSeatPlan       *self,
                                           const char       *guid,
                                           const char       *zone,
                                           const char       *row,
                                           const char       *number,
                                           double            x,
                                           double            y);
TsPlanCategory *ts_seat_plan_add_category (TsSeatPlan       *self,
                                           const char       *name,
                                           const char       *color);
TsPlanZone     *ts_seat_plan_add_zone     (TsSeatPlan       *self,
                                           const char       *name,
                                           const char       *zone_id);
TsPlanArea     *ts_seat_plan_add_area     (TsSeatPlan       *self,
                                           TsAreaShape       shape);
TsPlanZone     *ts_seat_plan_find_zone    (TsSeatPlan       *self,
                                           const char       *name);
/* What every importer leaves true (M3): at most TS_SEAT_PLAN_MAX_SEATS
 * seats, _ZONES zones and _AREAS areas, each zone name used once (seats and areas name their zone), a
 * positive size, every number finite and within TS_SEAT_PLAN_MAX_EXTENT,
 * general admission within TS_SEAT_PLAN_MAX_GA_CAPACITY.  Else a TS_ERROR_INVALID error that
 * says what and where. */
gboolean        ts_seat_plan_check_limits (const TsSeatPlan *self,
                                           GError          **error);
/* What every importer does last: a number closer to 0 than 1e-4 becomes 0,
 * then ts_seat_plan_check_limits().  json-glib writes a double such as 3e-10
 * as "3e-10.0", which is not JSON, so a plan holding one could not be stored
 * (found by fuzzing). */
gboolean        ts_seat_plan_finish       (TsSeatPlan       *self,
                                           GError          **error);
/* Total general-admission capacity. */
guint           ts_seat_plan_ga_capacity  (TsSeatPlan       *self);
/* Exact structural equality (for import/export round trips); on a
 * difference, says where in *out_difference. */
gboolean        ts_seat_plan_equal        (const TsSeatPlan *a,
                                           const TsSeatPlan *b,
                                           char            **out_difference);
const char     *ts_area_shape_to_string   (TsAreaShape       shape);
gboolean        ts_area_shape_from_string (const char       *name,
                                           TsAreaShape      *out_shape);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsSeatPlan, ts_seat_plan_free)

G_END_DECLS
