/* ts-contact-point-input.c — parse and validate contact points (P1) */
#include "ts-error.h"
#include "ts-json.h"
#include "ts-validate.h"
#include "ts-contact-point-input.h"

static const char * const kinds[] = { "address", "phone", "email", "fax", "web", NULL };
static const char * const labels[] = { "home", "work", "mobile", "billing", "seasonal", "other", NULL };
static const char * const allowed[] = {
  "kind", "label", "value", "line1", "line2", "city", "region", "postal_code", "country", "primary", NULL
};

void
ts_contact_point_input_free (TsContactPointInput *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->label);
  g_free (self->value);
  g_free (self->line1);
  g_free (self->line2);
  g_free (self->city);
  g_free (self->region);
  g_free (self->postal_code);
  g_free (self->country);
  g_free (self);
}

/* Absent: keep *target; null or "": clear it; a string: take it trimmed. */
static gboolean
take (JsonObject  *object,
      const char  *member,
      gsize        max_len,
      char       **target,
      GError     **error)
{
  const char *value;
  gboolean present;

  if (!ts_json_get_string (object, member, FALSE, &value, &present, error))
    return FALSE;
  if (!present)
    return TRUE;
  g_clear_pointer (target, g_free);
  if (value != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));

      if (!ts_validate_optional (member, trimmed, max_len, error))
        return FALSE;
      if (*trimmed != '\0')
        *target = g_steal_pointer (&trimmed);
    }
  return TRUE;
}

TsContactPointInput *
ts_contact_point_input_parse (JsonObject                 *object,
                              const TsContactPointInput  *base,
                              GError                    **error)
{
  g_autoptr(TsContactPointInput) self = g_new0 (TsContactPointInput, 1);
  const char *kind = NULL;
  gboolean kind_present;

  if (!ts_json_check_members (object, allowed, error)
      || !ts_json_get_string (object, "kind", base == NULL, &kind, &kind_present, error)
      || !ts_json_get_bool (object, "primary", FALSE, &self->primary, NULL, error))
    return NULL;

  if (base != NULL)
    {
      if (kind_present && g_strcmp0 (kind, base->kind) != 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "kind: a contact point's kind cannot change; add a new one instead");
          return NULL;
        }
      self->kind = g_strdup (base->kind);
      self->label = g_strdup (base->label);
      self->value = g_strdup (base->value);
      self->line1 = g_strdup (base->line1);
      self->line2 = g_strdup (base->line2);
      self->city = g_strdup (base->city);
      self->region = g_strdup (base->region);
      self->postal_code = g_strdup (base->postal_code);
      self->country = g_strdup (base->country);
    }
  else
    {
      if (!g_strv_contains (kinds, kind))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "kind: must be one of address, phone, email, fax, web");
          return NULL;
        }
      self->kind = g_strdup (kind);
      self->label = g_strdup ("home");
    }

  if (!take (object, "label", 20, &self->label, error)
      || !take (object, "value", 300, &self->value, error)
      || !take (object, "line1", 120, &self->line1, error)
      || !take (object, "line2", 120, &self->line2, error)
      || !take (object, "city", 80, &self->city, error)
      || !take (object, "region", 80, &self->region, error)
      || !take (object, "postal_code", 20, &self->postal_code, error)
      || !take (object, "country", 80, &self->country, error))
    return NULL;

  if (self->label == NULL)
    self->label = g_strdup ("home");
  if (!g_strv_contains (labels, self->label))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "label: must be one of home, work, mobile, billing, seasonal, other");
      return NULL;
    }

  if (g_str_equal (self->kind, "address"))
    {
      if (self->value != NULL)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "value: an address is given as line1, line2, city, region, postal_code, country");
          return NULL;
        }
      if (self->line1 == NULL)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "line1: an address needs at least its first line");
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  if (self->line1 || self->line2 || self->city || self->region || self->postal_code || self->country)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "value: only an address has lines, city, region, postal code and country");
      return NULL;
    }
  if (self->value == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "value: is required");
      return NULL;
    }
  if ((g_str_equal (self->kind, "phone") || g_str_equal (self->kind, "fax"))
      && !ts_validate_phone ("value", self->value, error))
    return NULL;
  if (g_str_equal (self->kind, "email") && !ts_validate_email ("value", self->value, error))
    return NULL;
  if (g_str_equal (self->kind, "web") && !ts_validate_web_site ("value", self->value, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
ts_contact_point_input_params (const TsContactPointInput *self,
                               const char                *params[8])
{
  params[0] = self->label;
  params[1] = self->value;
  params[2] = self->line1;
  params[3] = self->line2;
  params[4] = self->city;
  params[5] = self->region;
  params[6] = self->postal_code;
  params[7] = self->country;
}
