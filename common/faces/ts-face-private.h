/* ts-face-private.h — what the files of the face library share: the QR code
 * drawn as SVG, and librsvg's handle freed by g_autoptr (2.54 has no cleanup
 * function of its own) */
#pragma once

#include <glib.h>
#include <librsvg/rsvg.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsvgHandle, g_object_unref)

/* The QR code of text (error correction level M) with its quiet zone, as
 * SVG elements drawn in the box (x, y, width, height) of the face's user
 * units: a white square and one black path, centred. */
char *_ts_face_qr_svg (const char  *text,
                       double       x,
                       double       y,
                       double       width,
                       double       height,
                       GError     **error);

/* ts_face_size_mm of a face librsvg has already read. */
gboolean _ts_face_handle_size_mm (RsvgHandle  *handle,
                                  double      *width_mm,
                                  double      *height_mm,
                                  GError     **error);

G_END_DECLS
