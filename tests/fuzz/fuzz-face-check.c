/* fuzz-face-check.c — a ticket face as a manager uploads it (POST and PATCH
 * /faces, "svg": any text, F1): a face ts_face_check accepts refers to
 * nothing outside itself and, filled with hostile values and a barcode, still
 * reads as a face of the same size and draws, small and at ten times its
 * size */
#include <string.h>

#include "ts-face.h"
#include "ts-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *svg = ts_fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *filled = NULL;
  g_autoptr(GBytes) png = NULL;
  double width, height, filled_width, filled_height;

  if (svg == NULL)
    return 0;
  if (!ts_face_check (svg, &error))
    {
      ts_fuzz_check_error (error);
      return 0;
    }
  ts_fuzz_assert (ts_face_size_mm (svg, &width, &height, NULL), "an accepted face has a size");
  ts_fuzz_assert (width > 0 && height > 0 && width <= 1000 && height <= 1000, "%g × %g mm", width, height);

  /* values are text, never markup: the filled face is as valid as the face */
  values = g_hash_table_new (g_str_hash, g_str_equal);
  for (const char * const *name = ts_face_placeholders (); *name != NULL; name++)
    g_hash_table_insert (values, (gpointer) *name, "</text><script>x()</script>&amp;\"'<{{event}}");
  filled = ts_face_fill (svg, values, "TS1-1-42-1-ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", &error);
  ts_fuzz_assert (filled != NULL, "an accepted face fills: %s", error ? error->message : "");
  ts_fuzz_assert (strstr (filled, "<script>") == NULL, "a value became markup");
  ts_fuzz_assert (ts_face_size_mm (filled, &filled_width, &filled_height, &error), "the filled face reads: %s",
                  error ? error->message : "");
  ts_fuzz_assert (filled_width == width && filled_height == height, "filling changed the size");
  png = ts_face_render_png (filled, 32, &error);
  if (png == NULL)
    ts_fuzz_check_error (error);
  g_clear_error (&error);
  /* and at ten times its size, as a large preview draws it: nothing Pango
   * refuses (a critical here is a finding); recorded, not rasterised */
  {
    cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create (surface);

    cairo_scale (cr, 10, 10);
    if (!ts_face_render (cr, filled, 0, 0, width * 96 / 25.4, height * 96 / 25.4, &error))
      ts_fuzz_check_error (error);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  return 0;
}
