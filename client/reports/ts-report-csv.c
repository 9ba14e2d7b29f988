/* ts-report-csv.c — a report as an RFC 4180 CSV file, for a spreadsheet or a partner's mailing (K5) */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-report-columns.h"
#include "ts-report-csv.h"

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. */
static void
append_field (GString    *out,
              const char *text,
              gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
has_totals (JsonArray  *columns,
            JsonObject *totals)
{
  for (guint i = 0; totals != NULL && i < json_array_get_length (columns); i++)
    if (json_object_has_member (totals, json_object_get_string_member (json_array_get_object_element (columns, i), "key")))
      return TRUE;
  return FALSE;
}

char *
ts_report_csv_build (JsonObject *report)
{
  JsonArray *columns = json_object_get_array_member (report, "columns");
  JsonArray *rows = json_object_get_array_member (report, "rows");
  JsonNode *totals_node = json_object_get_member (report, "totals");
  JsonObject *totals = totals_node != NULL && JSON_NODE_HOLDS_OBJECT (totals_node) ? json_node_get_object (totals_node) : NULL;
  GString *out = g_string_new (NULL);
  guint n = columns != NULL ? json_array_get_length (columns) : 0;

  for (guint c = 0; c < n; c++)
    append_field (out, ts_report_column_label (json_object_get_string_member (json_array_get_object_element (columns, c), "key")),
                  c == 0);
  g_string_append (out, "\r\n");
  for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint c = 0; c < n; c++)
        {
          JsonObject *column = json_array_get_object_element (columns, c);
          g_autofree char *text = ts_report_cell_plain (row, json_object_get_string_member (column, "key"),
                                                        json_object_get_string_member (column, "kind"));

          append_field (out, text, c == 0);
        }
      g_string_append (out, "\r\n");
    }
  if (n > 0 && rows != NULL && json_array_get_length (rows) > 0 && has_totals (columns, totals))
    {
      for (guint c = 0; c < n; c++)
        {
          JsonObject *column = json_array_get_object_element (columns, c);
          const char *key = json_object_get_string_member (column, "key");
          g_autofree char *text = NULL;

          if (json_object_has_member (totals, key))
            text = ts_report_cell_plain (totals, key, json_object_get_string_member (column, "kind"));
          else
            text = g_strdup (c == 0 ? _("Total") : "");
          append_field (out, text, c == 0);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

gboolean
ts_report_csv_save (JsonObject  *report,
                    GFile       *file,
                    GError     **error)
{
  g_autofree char *text = ts_report_csv_build (report);

  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}
