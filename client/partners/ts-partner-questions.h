/* ts-partner-questions.h — the partner questions a sale will ask at
 * checkout (K3), fetched ahead of time: whenever the purchaser or the
 * performances in the cart change, so that selling waits for nothing */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PARTNER_QUESTIONS (ts_partner_questions_get_type ())
G_DECLARE_FINAL_TYPE (TsPartnerQuestions, ts_partner_questions, TS, PARTNER_QUESTIONS, GObject)

/* Properties: "loading" (a fetch is out), "n-questions" (what the last
 * answer asks; 0 while loading). */
TsPartnerQuestions *ts_partner_questions_new      (TsApiClient        *client);
/* The sale as it stands: its purchaser (0: none, a walk-up sale) and the
 * performances in its cart, in any order, repeated or not.  Asks the server
 * again only when either changed, and not at all without a purchaser or
 * tickets. */
void                ts_partner_questions_set_sale (TsPartnerQuestions *self,
                                                   gint64              patron_id,
                                                   const gint64       *performance_ids,
                                                   guint               n_performance_ids);
gboolean            ts_partner_questions_is_loading (TsPartnerQuestions *self);
/* The questions ([{"partner_company_id", "name", "web_description"}]) of
 * the sale last set, once loaded; NULL when there are none. */
JsonArray          *ts_partner_questions_get      (TsPartnerQuestions *self);
/* Cancels what is out (the page goes). */
void                ts_partner_questions_cancel   (TsPartnerQuestions *self);

G_END_DECLS
