/* ts-order-printing.c — orders' tickets printed or saved as PDF, and their
 * receipts printed, for every window that offers it (F1, F2, P5, C7)
 *
 * The server fills each ticket's face (the owning outlet's, chosen by the
 * event, F2) and leaves out what the caller may not print (refunded lines,
 * another outlet's lines, P5); the client draws the filled faces on the
 * printer's paper (ts_ticket_print_faces).  Saving a PDF takes the server's
 * own file, so that one renderer makes every PDF.  Each request is made
 * with the owner's cancellable: once the owner is gone nothing runs. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-orders.h"
#include "ts-api-tickets.h"
#include "ts-error.h"
#include "ts-receipt-print.h"
#include "ts-ticket-print.h"
#include "ts-order-printing-private.h"

static char *export_path;    /* tests: prints go to this PDF */
static guint done_count;

typedef struct
{
  guint                refs;        /* the caller's, and each request's */
  gpointer             owner;
  GtkWindow           *parent;
  TsApiClient         *client;
  GCancellable        *cancellable;
  TsOrderPrintingDone  done;
  GArray              *order_ids;   /* gint64 */
  guint                next;        /* the order asked for next */
  GPtrArray           *tickets;     /* JsonObject, of every order so far */
  JsonObject          *order;       /* a receipt's */
} Job;

static void
job_unref (Job *job)
{
  if (--job->refs > 0)
    return;
  g_clear_object (&job->parent);
  g_clear_object (&job->client);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->order_ids, g_array_unref);
  g_clear_pointer (&job->tickets, g_ptr_array_unref);
  g_clear_pointer (&job->order, json_object_unref);
  g_free (job);
}

static Job *
job_new (gpointer             owner,
         GtkWindow           *parent,
         TsApiClient         *client,
         GCancellable        *cancellable,
         TsOrderPrintingDone  done)
{
  Job *job = g_new0 (Job, 1);

  job->refs = 1;
  job->owner = owner;
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->client = g_object_ref (client);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->done = done;
  job->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  return job;
}

static Job *
job_ref (Job *job)
{
  job->refs++;
  return job;
}

/* The job is over: its owner says so; the job goes with its last call. */
static void
job_finish (Job          *job,
            const char   *message,
            const GError *error)
{
  if (error == NULL)
    done_count++;
  /* a print dialog runs its own main loop: the owner may have gone meanwhile */
  if (job->cancellable == NULL || !g_cancellable_is_cancelled (job->cancellable))
    job->done (job->owner, message, error);
}

/* Tickets ---------------------------------------------------------------------- */

/* Prints tickets (JsonObject of GET …/tickets), one print job per face
 * size: a thermal printer's paper is one size of ticket. */
static gboolean
print_tickets (GtkWindow  *parent,
               GPtrArray  *tickets,
               GError    **error)
{
  g_autoptr(GArray) printed = g_array_new (FALSE, TRUE, sizeof (gboolean));

  if (tickets->len == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, _("There are no tickets to print: refunded tickets are not printed."));
      return FALSE;
    }
  g_array_set_size (printed, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    {
      JsonObject *first = tickets->pdata[i];
      double width = json_object_get_double_member_with_default (first, "width_mm", 0);
      double height = json_object_get_double_member_with_default (first, "height_mm", 0);
      g_autoptr(GPtrArray) svgs = g_ptr_array_new ();

      if (g_array_index (printed, gboolean, i))
        continue;
      for (guint k = i; k < tickets->len; k++)
        {
          JsonObject *ticket = tickets->pdata[k];

          if (g_array_index (printed, gboolean, k)
              || json_object_get_double_member_with_default (ticket, "width_mm", 0) != width
              || json_object_get_double_member_with_default (ticket, "height_mm", 0) != height)
            continue;
          g_ptr_array_add (svgs, (gpointer) json_object_get_string_member_with_default (ticket, "svg", ""));
          g_array_index (printed, gboolean, k) = TRUE;
        }
      g_ptr_array_add (svgs, NULL);
      if (!ts_ticket_print_faces (parent, (const char * const *) svgs->pdata, svgs->len - 1, width, height,
                                  export_path, error))
        return FALSE;
    }
  return TRUE;
}

static void
take_tickets (Job        *job,
              JsonObject *answer)
{
  JsonArray *tickets = json_object_get_array_member (answer, "tickets");

  for (guint i = 0; tickets != NULL && i < json_array_get_length (tickets); i++)
    g_ptr_array_add (job->tickets, json_object_ref (json_array_get_object_element (tickets, i)));
}

static void fetch_next_tickets (Job *job);

static void
tickets_fetched (gpointer      data,
                 JsonNode     *answer,
                 const GError *error)
{
  Job *job = data;
  g_autoptr(GError) print_error = NULL;
  g_autofree char *message = NULL;

  if (error != NULL || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_autoptr(GError) none = g_error_new (TS_ERROR, TS_ERROR_INTERNAL, _("The server sent no tickets."));

      job_finish (job, NULL, error != NULL ? error : none);
      return;
    }
  take_tickets (job, json_node_get_object (answer));
  if (job->next < job->order_ids->len)
    {
      fetch_next_tickets (job);
      return;
    }
  if (!print_tickets (job->parent, job->tickets, &print_error))
    {
      job_finish (job, NULL, print_error);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket sent to the printer.",
                                          "%u tickets sent to the printer.", job->tickets->len),
                             job->tickets->len);
  job_finish (job, message, NULL);
}

/* One order at a time. */
static void
fetch_next_tickets (Job *job)
{
  gint64 order_id = g_array_index (job->order_ids, gint64, job->next++);

  ts_api_client_get_order_tickets_async (job->client, order_id, NULL, job->cancellable, ts_api_answered,
                                         ts_api_call_full (job_ref (job), tickets_fetched,
                                                           (GDestroyNotify) job_unref));
}

void
ts_order_print_tickets (gpointer             owner,
                        GtkWindow           *parent,
                        TsApiClient         *client,
                        GArray              *order_ids,
                        GCancellable        *cancellable,
                        TsOrderPrintingDone  done)
{
  Job *job;

  g_return_if_fail (TS_IS_API_CLIENT (client));
  g_return_if_fail (order_ids != NULL);

  job = job_new (owner, parent, client, cancellable, done);
  if (order_ids->len == 0)
    {
      g_autoptr(GError) error = g_error_new (TS_ERROR, TS_ERROR_INVALID, _("Choose the orders whose tickets to print."));

      job_finish (job, NULL, error);
      job_unref (job);
      return;
    }
  job->order_ids = g_array_ref (order_ids);
  fetch_next_tickets (job);
  job_unref (job);
}

gboolean
ts_order_print_ticket_answer (GtkWindow   *parent,
                              JsonObject  *answer,
                              GError     **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *list = json_object_get_array_member (answer, "tickets");

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    g_ptr_array_add (tickets, json_object_ref (json_array_get_object_element (list, i)));
  if (!print_tickets (parent, tickets, error))
    return FALSE;
  done_count++;
  return TRUE;
}

/* PDF -------------------------------------------------------------------------- */

static void
pdf_saved (gpointer      data,
           JsonNode     *answer,
           const GError *error)
{
  Job *job = data;

  job_finish (job, error == NULL ? _("The tickets were saved as a PDF.") : NULL, error);
}

void
ts_order_save_tickets_pdf_to (gpointer             owner,
                              TsApiClient         *client,
                              gint64               order_id,
                              GFile               *file,
                              GCancellable        *cancellable,
                              TsOrderPrintingDone  done)
{
  Job *job;

  g_return_if_fail (TS_IS_API_CLIENT (client));
  g_return_if_fail (G_IS_FILE (file));

  job = job_new (owner, NULL, client, cancellable, done);
  ts_api_client_save_order_tickets_pdf_async (client, order_id, NULL, NULL, file, cancellable, ts_api_answered,
                                              ts_api_call_full (job, pdf_saved, (GDestroyNotify) job_unref));
}

static void
pdf_file_chosen (GtkNativeDialog *chooser,
                 int              response,
                 Job             *job)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gint64 order_id = g_array_index (job->order_ids, gint64, 0);

  g_object_unref (chooser);
  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      if (response == GTK_RESPONSE_ACCEPT && file != NULL)
        ts_order_save_tickets_pdf_to (job->owner, job->client, order_id, file, job->cancellable, job->done);
      else
        job->done (job->owner, "", NULL);
    }
  job_unref (job);
}

void
ts_order_save_tickets_pdf (gpointer             owner,
                           GtkWindow           *parent,
                           TsApiClient         *client,
                           gint64               order_id,
                           GCancellable        *cancellable,
                           TsOrderPrintingDone  done)
{
  Job *job;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  /* Translators: the file name offered for an order's tickets */
  g_autofree char *suggested = g_strdup_printf (_("tickets-order-%s.pdf"), number);

  g_return_if_fail (TS_IS_API_CLIENT (client));

  job = job_new (owner, parent, client, cancellable, done);
  job->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (job->order_ids, order_id);
  chooser = gtk_file_chooser_native_new (_("Save the Tickets as PDF"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (pdf_file_chosen), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Receipts --------------------------------------------------------------------- */

static void
outlet_loaded (gpointer      data,
               JsonNode     *answer,
               const GError *error)
{
  Job *job = data;
  g_autoptr(GError) print_error = NULL;

  if (error != NULL || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_autoptr(GError) none = g_error_new (TS_ERROR, TS_ERROR_INTERNAL, _("The server sent no outlet."));

      job_finish (job, NULL, error != NULL ? error : none);
      return;
    }
  if (!ts_receipt_print (job->parent, job->order, json_node_get_object (answer), export_path, &print_error))
    job_finish (job, NULL, print_error);
  else
    job_finish (job, _("The receipt was sent to the printer."), NULL);
}

/* C7: the header and footer are the selling outlet's. */
static void
load_outlet (Job *job)
{
  gint64 outlet_id = json_object_get_int_member_with_default (job->order, "outlet_id", 0);

  ts_api_client_get_outlet_async (job->client, outlet_id, job->cancellable, ts_api_answered,
                                  ts_api_call_full (job_ref (job), outlet_loaded, (GDestroyNotify) job_unref));
}

static void
order_loaded (gpointer      data,
              JsonNode     *answer,
              const GError *error)
{
  Job *job = data;

  if (error != NULL || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_autoptr(GError) none = g_error_new (TS_ERROR, TS_ERROR_INTERNAL, _("The server sent no order."));

      job_finish (job, NULL, error != NULL ? error : none);
      return;
    }
  job->order = json_object_ref (json_node_get_object (answer));
  load_outlet (job);
}

void
ts_order_print_receipt (gpointer             owner,
                        GtkWindow           *parent,
                        TsApiClient         *client,
                        gint64               order_id,
                        JsonObject          *order,
                        GCancellable        *cancellable,
                        TsOrderPrintingDone  done)
{
  Job *job;

  g_return_if_fail (TS_IS_API_CLIENT (client));

  job = job_new (owner, parent, client, cancellable, done);
  if (order != NULL)
    {
      job->order = json_object_ref (order);
      load_outlet (job);
    }
  else
    ts_api_client_get_order_async (client, order_id, cancellable, ts_api_answered,
                                   ts_api_call_full (job_ref (job), order_loaded, (GDestroyNotify) job_unref));
  job_unref (job);
}

/* Tests -------------------------------------------------------------------------- */

void
_ts_order_printing_export_to (const char *pdf_path)
{
  g_free (export_path);
  export_path = g_strdup (pdf_path);
}

guint
_ts_order_printing_get_count (void)
{
  return done_count;
}
