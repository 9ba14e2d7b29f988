/* ts-face-layout.c — where faces go on a sheet: one to three, stacked and
 * centred, leaving room for the printer's margins and a cut between them */
#include "ts-face.h"

/* Sheets leave room for the printer's margins and a cut between faces. */
#define SHEET_MARGIN_MM 10.0
#define SHEET_GAP_MM 5.0
#define MAX_PER_PAGE 3

guint
ts_face_layout_per_page (double page_w_mm,
                         double page_h_mm,
                         double face_w_mm,
                         double face_h_mm)
{
  double fits = (page_h_mm - 2 * SHEET_MARGIN_MM + SHEET_GAP_MM) / (face_h_mm + SHEET_GAP_MM);

  if (face_h_mm <= 0 || fits < 1)
    return 1;
  return MIN ((guint) fits, MAX_PER_PAGE);
}

/* The faces of a page stacked and centred as one block. */
void
ts_face_layout_slot (double  page_w_mm,
                     double  page_h_mm,
                     double  face_w_mm,
                     double  face_h_mm,
                     guint   slot,
                     double *x_mm,
                     double *y_mm)
{
  guint per_page = ts_face_layout_per_page (page_w_mm, page_h_mm, face_w_mm, face_h_mm);
  double block = per_page * face_h_mm + (per_page - 1) * SHEET_GAP_MM;

  slot %= per_page;
  *x_mm = MAX (0.0, (page_w_mm - face_w_mm) / 2);
  *y_mm = MAX (0.0, (page_h_mm - block) / 2) + slot * (face_h_mm + SHEET_GAP_MM);
}
