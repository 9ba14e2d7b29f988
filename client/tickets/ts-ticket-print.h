/* ts-ticket-print.h — filled ticket faces printed on the printer's paper,
 * as many to a page as fit (F1, F2; docs/architecture.md, "Printing") */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Prints filled faces (ts_face_fill's SVG, all face_w_mm × face_h_mm) with a
 * GtkPrintOperation on the printer's paper, as many per page as fit
 * (ts_face_layout_per_page).  export_pdf: when not NULL, writes that PDF
 * instead of asking (tests).  Returns FALSE with the error when printing
 * failed; when the person cancelled, TRUE. */
gboolean ts_ticket_print_faces (GtkWindow          *parent,
                                const char * const *filled_svgs,
                                guint               n,
                                double              face_w_mm,
                                double              face_h_mm,
                                const char         *export_pdf,
                                GError            **error);

G_END_DECLS
