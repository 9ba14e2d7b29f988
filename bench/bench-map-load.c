/* bench-map-load.c — how fast a 60,000-seat map reaches the client
 *
 * Through the real API on loopback: GET /maps/{id}/compact (what the client
 * uses) against GET /maps/{id} (the full pretix plan) as the baseline, in
 * the same run.  Figures: bytes on the wire, gzip size, and the time from
 * request to a TsSeatPlan ready to draw (fetch, parse, decode).
 *
 *   bench-map-load [--loads 10]
 */
#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-pretix.h"
#include "ts-test-client.h"

static int loads = 10;

typedef struct
{
  gsize  bytes;
  gsize  gzip_bytes;
  double median_ms;
  double max_ms;
} Figures;

static gsize
gzip_size (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static Figures
measure (TsTestServer *server,
         const char   *token,
         const char   *path,
         gboolean      compact)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  Figures figures = { 0 };

  for (int i = 0; i < loads; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, token, NULL, 200);
      JsonObject *object = json_node_get_object (answer);
      g_autoptr(TsSeatPlan) plan = compact
        ? ts_seat_plan_from_compact (json_object_get_member (object, "map"), NULL)
        : ts_seat_plan_from_pretix (json_object_get_member (object, "plan"), FALSE, NULL, NULL);
      double elapsed = (g_get_monotonic_time () - t0) / 1000.0;

      g_assert_nonnull (plan);
      g_array_append_val (ms, elapsed);
      if (i == 0)
        {
          g_autofree char *text = json_to_string (answer, FALSE);

          figures.bytes = strlen (text);
          figures.gzip_bytes = gzip_size (text);
        }
    }
  g_array_sort (ms, compare_double);
  figures.median_ms = g_array_index (ms, double, ms->len / 2);
  figures.max_ms = g_array_index (ms, double, ms->len - 1);
  g_array_unref (ms);
  return figures;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "loads", 'n', 0, G_OPTION_ARG_INT, &loads, "Loads per figure (default 10)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— loading the 60,000-seat map");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *token = NULL;
  g_autofree char *full_path = NULL;
  g_autofree char *compact_path = NULL;
  gint64 id;
  Figures full, compact;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  server = ts_test_server_new ();
  token = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  created = ts_test_expect (server, "POST", "/api/v1/maps", token, "{\"format\": \"generator\", \"demo\": \"stadium\"}", 201);
  id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  full_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, id);
  compact_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/compact", id);

  full = measure (server, token, full_path, FALSE);
  compact = measure (server, token, compact_path, TRUE);
  g_print ("bench-map-load: the 60,000-seat stadium over HTTP on loopback, %d loads each\n", loads);
  g_print ("  compact  %7.2f MB (gzip %5.2f MB)   ready to draw: median %6.1f ms, max %6.1f ms\n",
           compact.bytes / 1e6, compact.gzip_bytes / 1e6, compact.median_ms, compact.max_ms);
  g_print ("  pretix   %7.2f MB (gzip %5.2f MB)   ready to draw: median %6.1f ms, max %6.1f ms  (baseline)\n",
           full.bytes / 1e6, full.gzip_bytes / 1e6, full.median_ms, full.max_ms);
  g_print ("  compact is %.1f× smaller and %.1f× faster\n",
           (double) full.bytes / compact.bytes, full.median_ms / compact.median_ms);
  return 0;
}
