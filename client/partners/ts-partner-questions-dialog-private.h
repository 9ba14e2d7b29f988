/* ts-partner-questions-dialog-private.h — the answers of the questions
 * dialog as the tests read and choose them, as a click does */
#pragma once

#include "ts-partner-questions-dialog.h"

G_BEGIN_DECLS

/* Chooses an answer ("yes", "no" or "not_asked") for question index; FALSE
 * when there is no such question. */
gboolean    _ts_partner_questions_dialog_choose     (TsPartnerQuestionsDialog *self,
                                                     guint                     index,
                                                     const char               *answer);
/* The answer chosen for question index, or NULL when there is no such one. */
const char *_ts_partner_questions_dialog_get_answer (TsPartnerQuestionsDialog *self,
                                                     guint                     index);

G_END_DECLS
