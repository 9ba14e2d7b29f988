/* ts-ticket-print.c — filled ticket faces printed with GtkPrintOperation on
 * the printer's paper (F1, F2)
 *
 * The paper is the printer's, known only once the person has chosen it:
 * how many faces a page holds (ts_face_layout_per_page) and so the number
 * of pages are worked out in "begin-print", from the page the operation
 * will print on.  A thermal ticket printer's page is one ticket; A4 or
 * Letter holds one to three, stacked.  The whole paper is used (its own
 * margins are the face's to leave), in millimetres, the unit of faces.  The
 * printer and paper chosen are kept for the next print of this session. */
#include <math.h>

#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-face.h"
#include "ts-ticket-print.h"

typedef struct
{
  const char * const *svgs;
  guint               n;
  double              face_w;     /* mm */
  double              face_h;
  guint               per_page;
  GError             *error;      /* the first face that could not be drawn */
} Job;

/* The printer and paper last chosen, for the next print (tickets only: the
 * receipt printer is another one). */
static GtkPrintSettings *last_settings;

static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             Job               *job)
{
  /* the operation's unit is the millimetre: so are these */
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);

  job->per_page = MAX (1, ts_face_layout_per_page (page_w, page_h, job->face_w, job->face_h));
  gtk_print_operation_set_n_pages (operation, MAX (1, (job->n + job->per_page - 1) / job->per_page));
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           Job               *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);
  /* a face larger than the paper is shrunk to fit rather than cut off */
  double scale = MIN (1.0, MIN (page_w / job->face_w, page_h / job->face_h));

  for (guint slot = 0; slot < job->per_page && job->error == NULL; slot++)
    {
      guint i = (guint) page_nr * job->per_page + slot;
      double x = 0, y = 0;

      if (i >= job->n)
        break;
      if (scale < 1.0)
        x = (page_w - job->face_w * scale) / 2;
      else
        ts_face_layout_slot (page_w, page_h, job->face_w, job->face_h, slot, &x, &y);
      if (!ts_face_render (cr, job->svgs[i], x, y, job->face_w * scale, job->face_h * scale, &job->error))
        gtk_print_operation_cancel (operation);
    }
}

gboolean
ts_ticket_print_faces (GtkWindow          *parent,
                       const char * const *filled_svgs,
                       guint               n,
                       double              face_w_mm,
                       double              face_h_mm,
                       const char         *export_pdf,
                       GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  Job job = { filled_svgs, n, face_w_mm, face_h_mm, 1, NULL };

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (filled_svgs != NULL || n == 0, FALSE);

  if (n == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("There are no tickets to print."));
      return FALSE;
    }
  if (!(face_w_mm > 0) || !(face_h_mm > 0))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("The ticket face has no size."));
      return FALSE;
    }

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_MM);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Tickets"));
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), &job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), &job);

  if (export_pdf != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_pdf);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  else
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);

  if (job.error != NULL)
    {
      g_propagate_prefixed_error (error, job.error, _("A ticket could not be drawn: "));
      return FALSE;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && export_pdf == NULL)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
  return TRUE;
}
