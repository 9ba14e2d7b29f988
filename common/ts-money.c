/* ts-money.c — parse and format amounts in cents
 *
 * Parsing accepts what an agent types: "35", "35.5", "35.50", "-2.00",
 * "1 234,50" (French Canadian decimal comma and space grouping).  It never goes
 * through a double, so no amount is ever rounded.
 */
#include <glib/gi18n-lib.h>

#include "ts-error.h"
#include "ts-money.h"

#define TS_MONEY_MAX_CENTS G_GINT64_CONSTANT (99999999999999)   /* under a trillion dollars */

gboolean
ts_money_parse (const char  *text,
                gint64      *out_cents,
                GError     **error)
{
  gint64 whole = 0;
  gint64 fraction = 0;
  int fraction_digits = 0;
  gboolean negative = FALSE;
  gboolean seen_digit = FALSE;
  gboolean in_fraction = FALSE;
  const char *p;

  g_return_val_if_fail (out_cents != NULL, FALSE);

  if (text == NULL)
    goto bad;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p == '$')
    p++;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          seen_digit = TRUE;
          if (in_fraction)
            {
              if (++fraction_digits > 2)
                goto bad;
              fraction = fraction * 10 + (*p - '0');
            }
          else
            {
              whole = whole * 10 + (*p - '0');
              if (whole * 100 > TS_MONEY_MAX_CENTS)
                goto bad;
            }
        }
      else if ((*p == '.' || *p == ',') && !in_fraction)
        in_fraction = TRUE;
      else if (*p == ' ' && !in_fraction && seen_digit)
        continue;                 /* thousands grouping "1 234" */
      else if (g_ascii_isspace (*p))
        {
          while (g_ascii_isspace (*p))
            p++;
          if (*p != '\0')
            goto bad;
          break;
        }
      else
        goto bad;
    }

  if (!seen_digit)
    goto bad;

  if (fraction_digits == 1)
    fraction *= 10;

  *out_cents = (whole * 100 + fraction) * (negative ? -1 : 1);
  return TRUE;

bad:
  g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
               _("“%s” is not an amount of money (expected for example 35.00)"),
               text ? text : "");
  return FALSE;
}

char *
ts_money_format (gint64      cents,
                 const char *currency)
{
  guint64 magnitude = (guint64) (cents < 0 ? -cents : cents);

  return g_strdup_printf ("%s%s%" G_GUINT64_FORMAT ".%02u%s%s",
                          cents < 0 ? "-" : "",
                          currency == NULL ? "$" : "",
                          magnitude / 100, (guint) (magnitude % 100),
                          currency != NULL ? " " : "",
                          currency != NULL ? currency : "");
}

char *
ts_money_format_local (gint64 cents)
{
  guint64 magnitude = (guint64) (cents < 0 ? -cents : cents);
  g_autofree char *whole = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);

  /* TRANSLATORS: an amount of money: the sign ("" or "-"), the whole
   * dollars, then the two digits of cents.  French (Canada): "%s%s,%02u $" */
  return g_strdup_printf (_("%s$%s.%02u"), cents < 0 ? "-" : "", whole, (guint) (magnitude % 100));
}
