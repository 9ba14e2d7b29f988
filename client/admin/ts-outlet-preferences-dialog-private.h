/* ts-outlet-preferences-dialog-private.h — what the outlet preferences
 * dialog's tests read and do */
#pragma once

#include "ts-outlet-preferences-dialog.h"

G_BEGIN_DECLS

/* The name field's text ("ready" once the outlet has loaded). */
const char *_ts_outlet_preferences_dialog_get_name         (TsOutletPreferencesDialog *self);
/* The zone chosen (the outlet's until another is picked). */
const char *_ts_outlet_preferences_dialog_get_time_zone    (TsOutletPreferencesDialog *self);
/* Types text in the time zone search, as a person does. */
void        _ts_outlet_preferences_dialog_search_time_zone (TsOutletPreferencesDialog *self,
                                                            const char                *text);
/* Picks the zone at position of the list as shown; answers how many are shown. */
guint       _ts_outlet_preferences_dialog_pick_time_zone   (TsOutletPreferencesDialog *self,
                                                            guint                      position);
/* Shows a page, or says which is shown: "identity", "time-zone",
 * "payments", "receipts", "holds", "storefront". */
void        _ts_outlet_preferences_dialog_show_page        (TsOutletPreferencesDialog *self,
                                                            const char                *page);
const char *_ts_outlet_preferences_dialog_get_page         (TsOutletPreferencesDialog *self);
/* Ticks or clears a payment method's box ("cheque"). */
void        _ts_outlet_preferences_dialog_set_method       (TsOutletPreferencesDialog *self,
                                                            const char                *method,
                                                            gboolean                   takes);
/* Switches a releasable hold letter on or off; whether it can be switched. */
void        _ts_outlet_preferences_dialog_set_letter       (TsOutletPreferencesDialog *self,
                                                            char                       letter,
                                                            gboolean                   releasable);
gboolean    _ts_outlet_preferences_dialog_letter_usable    (TsOutletPreferencesDialog *self,
                                                            char                       letter);
/* Types the receipt's header and footer. */
void        _ts_outlet_preferences_dialog_set_receipt      (TsOutletPreferencesDialog *self,
                                                            const char                *header,
                                                            const char                *footer);
/* F3: the storefront's address(es) as shown; picks its colour (#rrggbb),
 * types its welcome texts, and sets until how many hours before a
 * performance patrons may cancel online (0: never). */
const char *_ts_outlet_preferences_dialog_get_storefront_address (TsOutletPreferencesDialog *self);
void        _ts_outlet_preferences_dialog_set_storefront   (TsOutletPreferencesDialog *self,
                                                            const char                *colour,
                                                            const char                *intro_en,
                                                            const char                *intro_fr,
                                                            int                        cancel_hours);

G_END_DECLS
