/* ts-partner-company-dialog.h — create or edit a partner company: its name,
 * whether the box office collects contact preferences for it, and what
 * patrons read about it online (K1, K3) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_PARTNER_COMPANY_DIALOG (ts_partner_company_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TsPartnerCompanyDialog, ts_partner_company_dialog, TS, PARTNER_COMPANY_DIALOG, TsDialog)

/* partner NULL creates one, for outlet_id (the Master User's choice; 0:
 * the caller's own outlet).  "saved" carries the partner company as the
 * server answered it. */
TsPartnerCompanyDialog *ts_partner_company_dialog_new (GtkWindow   *parent,
                                                       TsApiClient *client,
                                                       gint64       outlet_id,
                                                       JsonObject  *partner);

G_END_DECLS
