/* ts-face.h — ticket faces: SVG templates checked, filled with a ticket's
 * values and its QR code, and drawn to cairo, PNG or PDF (rules F1, F2) */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A face refuses anything larger (F1). */
#define TS_FACE_MAX_BYTES (1024 * 1024)

/* The placeholder names a face may use as {{name}}, NULL-terminated. */
const char * const *ts_face_placeholders (void);

/* Whether svg may be a face: TS_ERROR_INVALID with a reason a manager
 * understands (invalid XML, not SVG, a reference to an outside file, a
 * script, no size, too large). */
gboolean ts_face_check      (const char   *svg,
                             GError      **error);
/* The face's printed size, from its root width and height. */
gboolean ts_face_size_mm    (const char   *svg,
                             double       *width_mm,
                             double       *height_mm,
                             GError      **error);
/* The face with each {{name}} replaced by its value in values (name → text,
 * escaped here; a placeholder without a value becomes empty) and the QR
 * code of barcode drawn in the box of the element id="barcode" (NULL:
 * the box is left empty). */
char    *ts_face_fill       (const char   *svg,
                             GHashTable   *values,
                             const char   *barcode,
                             GError      **error);
/* Draws a filled face into the rectangle (user units of cr). */
gboolean ts_face_render     (cairo_t      *cr,
                             const char   *filled_svg,
                             double        x,
                             double        y,
                             double        width,
                             double        height,
                             GError      **error);
/* The filled face as a PNG width_px wide, on white. */
GBytes  *ts_face_render_png (const char   *filled_svg,
                             int           width_px,
                             GError      **error);

typedef enum
{
  TS_FACE_PAPER_TICKET,   /* one face per page, the page the face's size */
  TS_FACE_PAPER_A4,
  TS_FACE_PAPER_LETTER,
} TsFacePaper;

/* How many faces of that size fit a page (1–3, stacked), and where slot i
 * goes (mm from the page's top left corner). */
guint    ts_face_layout_per_page (double       page_w_mm,
                                  double       page_h_mm,
                                  double       face_w_mm,
                                  double       face_h_mm);
void     ts_face_layout_slot     (double       page_w_mm,
                                  double       page_h_mm,
                                  double       face_w_mm,
                                  double       face_h_mm,
                                  guint        slot,
                                  double      *x_mm,
                                  double      *y_mm);
/* The filled faces as one PDF on that paper. */
GBytes  *ts_face_render_pdf      (const char * const *filled_svgs,
                                  guint               n,
                                  TsFacePaper         paper,
                                  GError            **error);

G_END_DECLS
