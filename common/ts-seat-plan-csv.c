/* ts-seat-plan-csv.c — quick entry of small halls as a grid */
#include <string.h>

#include "ts-error.h"
#include "ts-seat-plan-csv.h"
#include "ts-validate.h"

#define CELL 24.0

TsSeatPlan *
ts_seat_plan_from_csv (const char  *name,
                       const char  *text,
                       GError     **error)
{
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_new (name ? name : "Hall");
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);   /* names, owned by the plan */
  guint max_columns = 0, row_index = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The grid is not UTF-8 text");
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = NULL;
      char *line = g_strstrip (lines[l]);
      const char *row;
      guint n;

      if (*line == '\0' || *line == '#')
        continue;
      cells = g_strsplit (line, ",", -1);
      n = g_strv_length (cells);
      row = g_strstrip (cells[0]);
      if (*row == '\0')
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "line %u: the first cell must be the row label", l + 1);
          return NULL;
        }
      for (guint c = 1; c < n; c++)
        {
          char *cell = g_strstrip (cells[c]);
          char *colon = strchr (cell, ':');
          gboolean wheelchair = FALSE;
          g_autofree char *guid = NULL;
          TsPlanSeat *seat;
          gsize len;

          if (*cell == '\0')
            continue;     /* an aisle */
          if (plan->seats->len == TS_SEAT_PLAN_MAX_SEATS)
            {
              g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The grid has more than %u seats",
                           TS_SEAT_PLAN_MAX_SEATS);
              return NULL;
            }
          len = strlen (cell);
          if (cell[len - 1] == '+')
            {
              wheelchair = TRUE;
              cell[len - 1] = '\0';
            }
          if (colon == NULL || colon == cell || colon[1] == '\0')
            {
              g_autofree char *quoted = ts_validate_quote (cell);

              g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                           "line %u, column %u: %s is not ZONE:LABEL (an empty cell is an aisle)", l + 1, c + 1, quoted);
              return NULL;
            }
          *colon = '\0';
          if (!g_hash_table_contains (zones, cell))
            g_hash_table_add (zones, ts_seat_plan_add_zone (plan, cell, cell)->name);
          guid = g_strdup_printf ("%s-%s-%s", cell, row, colon + 1);
          if (g_hash_table_contains (guids, guid))
            {
              g_autofree char *quoted = ts_validate_quote (guid);

              g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                           "line %u, column %u: seat %s appears twice", l + 1, c + 1, quoted);
              return NULL;
            }
          g_hash_table_add (guids, g_strdup (guid));
          seat = ts_seat_plan_add_seat (plan, guid, cell, row, colon + 1, CELL * c, CELL * (row_index + 1));
          seat->radius = CELL * 0.4;
          if (wheelchair)
            seat->flags |= TS_SEAT_WHEELCHAIR;
        }
      max_columns = MAX (max_columns, n);
      row_index++;
    }
  if (plan->seats->len == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "The grid has no seats");
      return NULL;
    }
  plan->width = CELL * (max_columns + 1);
  plan->height = CELL * (row_index + 2);
  if (!ts_seat_plan_finish (plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}
