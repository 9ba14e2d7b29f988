/* ts-face-render.c — filled faces drawn with librsvg into cairo: a context,
 * a PNG (previews, tests) or a PDF of pages (files and printing) (F1) */
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>

#include "ts-error.h"
#include "ts-face-private.h"
#include "ts-face.h"

#define MM_TO_PT (72.0 / 25.4)

static RsvgHandle *
load (const char  *filled_svg,
      GError     **error)
{
  g_autoptr(GError) local = NULL;
  /* no base file: librsvg itself refuses to load anything outside (F1) */
  RsvgHandle *handle = rsvg_handle_new_from_data ((const guint8 *) filled_svg, strlen (filled_svg), &local);

  if (handle == NULL)
    g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("The ticket face could not be drawn: %s"), local->message);
  return handle;
}

static gboolean
draw (RsvgHandle  *handle,
      cairo_t     *cr,
      double       x,
      double       y,
      double       width,
      double       height,
      GError     **error)
{
  RsvgRectangle viewport = { x, y, width, height };
  g_autoptr(GError) local = NULL;

  if (!rsvg_handle_render_document (handle, cr, &viewport, &local))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("The ticket face could not be drawn: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_face_render (cairo_t     *cr,
                const char  *filled_svg,
                double       x,
                double       y,
                double       width,
                double       height,
                GError     **error)
{
  g_autoptr(RsvgHandle) handle = load (filled_svg, error);

  return handle != NULL && draw (handle, cr, x, y, width, height, error);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ts_face_render_png (const char  *filled_svg,
                    int          width_px,
                    GError     **error)
{
  double width_mm, height_mm;
  int height_px;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean drawn;
  g_autoptr(GByteArray) png = NULL;

  if (!ts_face_size_mm (filled_svg, &width_mm, &height_mm, error))
    return NULL;
  height_px = MAX (1, (int) (width_px * height_mm / width_mm + 0.5));
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width_px, height_px);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  drawn = ts_face_render (cr, filled_svg, 0, 0, width_px, height_px, error);
  cairo_destroy (cr);
  if (drawn)
    {
      png = g_byte_array_new ();
      if (cairo_surface_write_to_png_stream (surface, append_bytes, png) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, _("The ticket face could not be drawn"));
          g_clear_pointer (&png, g_byte_array_unref);
        }
    }
  cairo_surface_destroy (surface);
  return png != NULL ? g_byte_array_free_to_bytes (g_steal_pointer (&png)) : NULL;
}

GBytes *
ts_face_render_pdf (const char * const  *filled_svgs,
                    guint                n,
                    TsFacePaper          paper,
                    GError             **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok = TRUE;
  guint slot = 0, per_page = 1;
  double page_w = 0, page_h = 0, last_w = 0, last_h = 0;
  cairo_status_t status;

  if (paper == TS_FACE_PAPER_A4)
    page_w = 210.0, page_h = 297.0;
  else if (paper == TS_FACE_PAPER_LETTER)
    page_w = 215.9, page_h = 279.4;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, 100, 100);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tessera");
  cr = cairo_create (surface);
  for (guint i = 0; ok && i < n; i++)
    {
      g_autoptr(RsvgHandle) handle = load (filled_svgs[i], error);
      double face_w, face_h, x, y, scale;

      ok = handle != NULL && _ts_face_handle_size_mm (handle, &face_w, &face_h, error);
      if (!ok)
        break;
      if (paper == TS_FACE_PAPER_TICKET)
        {
          if (i > 0)
            cairo_show_page (cr);
          cairo_pdf_surface_set_size (surface, face_w * MM_TO_PT, face_h * MM_TO_PT);
          ok = draw (handle, cr, 0, 0, face_w * MM_TO_PT, face_h * MM_TO_PT, error);
          continue;
        }
      /* a face wider than the sheet is drawn smaller to fit */
      scale = MIN (1.0, page_w / face_w);
      face_w *= scale;
      face_h *= scale;
      /* faces of another size start a page of their own */
      if (i > 0 && (slot == per_page || face_w != last_w || face_h != last_h))
        {
          cairo_show_page (cr);
          slot = 0;
        }
      if (slot == 0)
        {
          cairo_pdf_surface_set_size (surface, page_w * MM_TO_PT, page_h * MM_TO_PT);
          per_page = ts_face_layout_per_page (page_w, page_h, face_w, face_h);
        }
      ts_face_layout_slot (page_w, page_h, face_w, face_h, slot, &x, &y);
      ok = draw (handle, cr, x * MM_TO_PT, y * MM_TO_PT, face_w * MM_TO_PT, face_h * MM_TO_PT, error);
      slot++;
      last_w = face_w;
      last_h = face_h;
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, _("The tickets could not be written as PDF"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
