/* ts-partner-questions-dialog.h — at checkout, the partner companies of the
 * sale's events that would like to contact the purchaser, one question each,
 * answered Yes, No or Not asked (K3) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_PARTNER_QUESTIONS_DIALOG (ts_partner_questions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPartnerQuestionsDialog, ts_partner_questions_dialog, TS, PARTNER_QUESTIONS_DIALOG, TsDialog)

/* questions: [{"partner_company_id", "name", "web_description"}], as GET
 * /partner-companies/questions answers them.  Continue (the default button,
 * Enter) emits "answered" (JsonArray *answers: [{"partner_company_id",
 * "answer"}], as POST /orders takes them in "partner_answers") and closes;
 * Cancel and Escape close it and nothing is answered. */
TsPartnerQuestionsDialog *ts_partner_questions_dialog_new (GtkWindow *parent,
                                                           JsonArray *questions);
G_END_DECLS
