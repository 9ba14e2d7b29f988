/* ts-dialog.h — what every dialog of the client shares: its message line,
 * "busy" while what it submitted is out, the requests it makes on its own
 * behalf, and the submit action its default button and Enter run */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_DIALOG (ts_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (TsDialog, ts_dialog, TS, DIALOG, GtkWindow)

struct _TsDialogClass
{
  GtkWindowClass parent_class;

  /* The "dialog.submit" action (the default button, Enter in a field):
   * check what was typed, say what is wrong with ts_dialog_refuse, or send
   * it (a typed call with ts_dialog_submission, or ts_dialog_send).  Enabled
   * while the dialog is ready and not busy; NULL for a dialog with nothing
   * to submit. */
  void (*submit) (TsDialog *self);
};

/* Signal "saved" (JsonObject *answer, or NULL): a submission was answered;
 * the dialog closes next. */

/* A request made on a dialog's behalf (ts_dialog_call, ts_dialog_submission). */
typedef struct _TsDialogCall TsDialogCall;

/* What a dialog does with the answer to one of its requests: answer (NULL
 * for 204 No Content), or error, which the dialog's message already says.
 * Never called once the dialog is gone or the request was cancelled. */
typedef void (*TsDialogDone) (TsDialog     *self,
                              JsonNode     *answer,
                              const GError *error);

/* The "client" given at construction (may be NULL); the dialog's
 * cancellable, cancelled when it goes, for every request it makes. */
TsApiClient  *ts_dialog_get_client      (TsDialog      *self);
GCancellable *ts_dialog_get_cancellable (TsDialog      *self);

/* "message": what the dialog tells the person (a refusal, what is missing);
 * "" when nothing.  The template shows it by binding a label to it. */
const char   *ts_dialog_get_message     (TsDialog      *self);
void          ts_dialog_set_message     (TsDialog      *self,
                                         const char    *message);
/* What is wrong with what was typed: the message, and the focus on the
 * field it is about (field may be NULL). */
void          ts_dialog_refuse          (TsDialog      *self,
                                         GtkWidget     *field,
                                         const char    *message);
/* "busy": a submission is out.  Set by ts_dialog_submission; set by hand
 * only for a submission that cannot go through it (signing in). */
gboolean      ts_dialog_get_busy        (TsDialog      *self);
void          ts_dialog_set_busy        (TsDialog      *self,
                                         gboolean       busy);
/* "ready": what the form needs (lists from the server) has arrived, so it
 * may be submitted; TRUE unless the dialog says otherwise. */
void          ts_dialog_set_ready       (TsDialog      *self,
                                         gboolean       ready);

/* Requests: pass ts_dialog_answered as the callback and one of these as its
 * data to any ts_api_client_*_async call, with the dialog's cancellable (or
 * one the dialog cancels itself, for a load it may start again).  A refusal
 * becomes the message, then done runs (done may be NULL).
 *
 * ts_dialog_call: anything but the submission (a list to fill, a removal).
 * ts_dialog_submission: what the dialog is for, sent with the dialog's own
 * cancellable.  The message is cleared and the dialog busy until the
 * answer; once it is answered without error, done runs, the dialog emits
 * "saved" and closes. */
TsDialogCall *ts_dialog_call            (TsDialog      *self,
                                         TsDialogDone   done);
TsDialogCall *ts_dialog_submission      (TsDialog      *self,
                                         TsDialogDone   done);
void          ts_dialog_answered        (GObject       *source,
                                         GAsyncResult  *result,
                                         gpointer       call);

/* A submission that may be sent again changed: an override (S3) is such a
 * second sending, with the reason added (ts_override_dialog_ask).  send
 * sends body with the dialog's typed call, as the ts_api_client_*_async
 * calls do (the dialog's object, say the order, is its own to add).
 * ts_dialog_send sends body so (ts_dialog_submission, with done) and keeps
 * both: ts_dialog_get_sent is the body (NULL before anything was sent);
 * ts_dialog_send_again sends body with the same call and done, when the
 * dialog could be submitted now (ready, not busy), and says whether it
 * did. */
typedef void (*TsDialogSend) (TsDialog            *self,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             call);

void          ts_dialog_send            (TsDialog      *self,
                                         TsDialogSend   send,
                                         JsonNode      *body,
                                         TsDialogDone   done);
JsonNode     *ts_dialog_get_sent        (TsDialog      *self);
gboolean      ts_dialog_send_again      (TsDialog      *self,
                                         JsonNode      *body);

G_END_DECLS
