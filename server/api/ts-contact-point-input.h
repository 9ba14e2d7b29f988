/* ts-contact-point-input.h — a contact point as given in a request, validated */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _TsContactPointInput
{
  char *kind;          /* address, phone, email, fax, web */
  char *label;         /* home, work, mobile, billing, seasonal, other */
  char *value;         /* phone, e-mail, fax, web */
  char *line1;         /* address */
  char *line2;
  char *city;
  char *region;
  char *postal_code;
  char *country;
  gboolean primary;    /* make it the primary of its kind for the caller's outlet */
} TsContactPointInput;

/* Reads and validates one contact point object.  With base (an edit), absent
 * members keep base's values and kind cannot change. */
TsContactPointInput *ts_contact_point_input_parse (JsonObject                 *object,
                                                   const TsContactPointInput  *base,
                                                   GError                    **error);
void                 ts_contact_point_input_free  (TsContactPointInput        *self);
/* The eight column values in table order (label … country), for SQL parameters. */
void                 ts_contact_point_input_params (const TsContactPointInput *self,
                                                    const char                *params[8]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsContactPointInput, ts_contact_point_input_free)

G_END_DECLS
