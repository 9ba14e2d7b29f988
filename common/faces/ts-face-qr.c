/* ts-face-qr.c — the barcode of a ticket: a QR code (libqrencode) drawn as
 * vector, so that it prints sharp at any size */
#include <qrencode.h>

#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-face-private.h"

/* ISO/IEC 18004 asks for four modules of white around the code. */
#define QUIET_ZONE 4

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

char *
_ts_face_qr_svg (const char  *text,
                 double       x,
                 double       y,
                 double       width,
                 double       height,
                 GError     **error)
{
  g_autoptr(QRcode) code = NULL;
  g_autoptr(GString) svg = NULL;
  char number[4][G_ASCII_DTOSTR_BUF_SIZE];
  double side, module;
  int n;

  /* Level M survives a scuffed ticket; the codes are upper case letters,
   * digits and '-', which libqrencode packs in alphanumeric mode. */
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, _("The barcode could not be made"));
      return NULL;
    }
  n = code->width;
  side = MIN (width, height);
  module = side / (n + 2 * QUIET_ZONE);
  x += (width - side) / 2;
  y += (height - side) / 2;

  svg = g_string_new (NULL);
  g_string_append_printf (svg, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>",
                          g_ascii_dtostr (number[0], sizeof number[0], x),
                          g_ascii_dtostr (number[1], sizeof number[1], y),
                          g_ascii_dtostr (number[2], sizeof number[2], side),
                          g_ascii_dtostr (number[3], sizeof number[3], side));
  /* One path: the modules of a row merged into runs, all filled at once,
   * so that no seam shows between neighbours. */
  g_string_append_printf (svg, "<path fill=\"#000000\" transform=\"translate(%s %s) scale(%s)\" d=\"",
                          g_ascii_dtostr (number[0], sizeof number[0], x + QUIET_ZONE * module),
                          g_ascii_dtostr (number[1], sizeof number[1], y + QUIET_ZONE * module),
                          g_ascii_dtostr (number[2], sizeof number[2], module));
  for (int row = 0; row < n; row++)
    for (int col = 0; col < n; )
      {
        int run = 0;

        while (col + run < n && (code->data[row * n + col + run] & 1))
          run++;
        if (run > 0)
          g_string_append_printf (svg, "M%d %dh%dv1h-%dz", col, row, run, run);
        col += MAX (run, 1);
      }
  g_string_append (svg, "\"/>");
  return g_string_free (g_steal_pointer (&svg), FALSE);
}
