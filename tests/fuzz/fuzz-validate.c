/* fuzz-validate.c — the field validators every request goes through
 * (common/ts-validate.c): the first byte picks one, the rest is the value.
 * What a validator accepts must be what its name promises, since the value
 * goes on to PostgreSQL, to other outlets' screens and to every client. */
#include <string.h>

#include "ts-validate.h"
#include "ts-fuzz.h"

typedef enum
{
  CHECK_REQUIRED,
  CHECK_OPTIONAL,
  CHECK_EMAIL,
  CHECK_PHONE,
  CHECK_WEB_SITE,
  CHECK_TIME_ZONE,
  CHECK_CURRENCY,
  CHECK_OUTLET_CODE,
  CHECK_LOGIN,
  CHECK_PASSWORD,
  CHECK_DATE,
  CHECK_TIMESTAMP,
  CHECK_SVG,
  N_CHECKS
} Check;

static gboolean
matches (const char *pattern,
         const char *value)
{
  return g_regex_match_simple (pattern, value, G_REGEX_RAW, 0);
}

/* Text as a field holds it: UTF-8, no control characters but \n and \t. */
static gboolean
plain_text (const char *value)
{
  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return FALSE;
  return TRUE;
}

/* One @ after a non-empty name, a domain with a dot inside it, no ASCII
 * blank (the validator's promise, written out) */
static gboolean
looks_like_email (const char *value)
{
  const char *at = strchr (value, '@');
  const char *dot;

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL)
    return FALSE;
  dot = strrchr (at, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return FALSE;
  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
blank (const char *value)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  Check check;

  if (size < 1 || (value = ts_fuzz_text (data + 1, size - 1)) == NULL)
    return 0;
  check = data[0] % N_CHECKS;
  switch (check)
    {
    case CHECK_REQUIRED:
      ok = ts_validate_required ("f", value, 20, &error);
      ts_fuzz_assert (!ok || (!blank (value) && plain_text (value) && g_utf8_strlen (value, -1) <= 20), "required “%s”", value);
      break;
    case CHECK_OPTIONAL:
      ok = ts_validate_optional ("f", value, 20, &error);
      ts_fuzz_assert (!ok || (plain_text (value) && g_utf8_strlen (value, -1) <= 20), "optional “%s”", value);
      break;
    case CHECK_EMAIL:
      ok = ts_validate_email ("f", value, &error);
      ts_fuzz_assert (!ok || blank (value)
                      || (plain_text (value) && g_utf8_strlen (value, -1) <= 254 && looks_like_email (value)),
                      "e-mail “%s”", value);
      break;
    case CHECK_PHONE:
      ok = ts_validate_phone ("f", value, &error);
      ts_fuzz_assert (!ok || blank (value) || matches ("^[-0-9 +().x]{7,40}$", value), "phone “%s”", value);
      break;
    case CHECK_WEB_SITE:
      ok = ts_validate_web_site ("f", value, &error);
      ts_fuzz_assert (!ok || blank (value) || (plain_text (value) && matches ("^https?://", value)), "web site “%s”", value);
      break;
    case CHECK_TIME_ZONE:
      ok = ts_validate_time_zone ("f", value, &error);
      /* a name from the time zone database, never a file's path */
      ts_fuzz_assert (!ok || (matches ("^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", value)
                              && strstr (value, "..") == NULL),
                      "time zone “%s”", value);
      break;
    case CHECK_CURRENCY:
      ok = ts_validate_currency ("f", value, &error);
      ts_fuzz_assert (!ok || matches ("^[A-Z]{3}$", value), "currency “%s”", value);
      break;
    case CHECK_OUTLET_CODE:
      ok = ts_validate_outlet_code ("f", value, &error);
      ts_fuzz_assert (!ok || matches ("^[A-Z0-9]{2,10}$", value), "outlet code “%s”", value);
      break;
    case CHECK_LOGIN:
      ok = ts_validate_login ("f", value, &error);
      ts_fuzz_assert (!ok || matches ("^[A-Za-z0-9._-]{2,40}$", value), "login “%s”", value);
      break;
    case CHECK_PASSWORD:
      ok = ts_validate_password ("f", value, &error);
      ts_fuzz_assert (!ok || (g_utf8_validate (value, -1, NULL) && strlen (value) <= 72), "password “%s”", value);
      break;
    case CHECK_DATE:
      ok = ts_validate_date ("f", value, &error);
      /* exactly what PostgreSQL's date type reads back unchanged */
      ts_fuzz_assert (!ok || matches ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value), "date “%s”", value);
      break;
    case CHECK_TIMESTAMP:
      ok = ts_validate_timestamp ("f", value, &error);
      ts_fuzz_assert (!ok || matches ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$", value),
                      "timestamp “%s”", value);
      break;
    case CHECK_SVG:
      ok = ts_validate_svg ("f", value, 4096, &error);
      if (ok && !blank (value))
        {
          g_autofree char *lower = g_ascii_strdown (value, -1);

          ts_fuzz_assert (g_utf8_validate (value, -1, NULL) && strstr (lower, "<svg") != NULL
                          && strstr (lower, "<script") == NULL && strstr (lower, "javascript:") == NULL,
                          "SVG “%s”", value);
        }
      break;
    case N_CHECKS:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    ts_fuzz_check_error (error);
  return 0;
}
