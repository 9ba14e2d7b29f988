/* ts-money.c — parse and format amounts in cents
 *
 * Parsing accepts what an agent types: "35", "35.5", "35.50", "-2.00",
 * "1 234,50" (French Canadian decimal comma and space grouping) and what the
 * client writes for people ("$1,440.00", "1 440,00 $" with a no-break space, the dollar sign before or after).  It never goes
 * through a double, so no amount is ever rounded.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-money.h"

#define TS_MONEY_MAX_CENTS G_GINT64_CONSTANT (99999999999999)   /* under a trillion dollars */
#define NBSP        "\xc2\xa0"       /* U+00A0 no-break space */
#define NARROW_NBSP "\xe2\x80\xaf"  /* U+202F narrow no-break space */

/* 2 or 3 when p starts with a no-break space (U+00A0, U+202F) */
static gsize
no_break_space_length (const char *p)
{
  if (g_str_has_prefix (p, NBSP))
    return strlen (NBSP);
  if (g_str_has_prefix (p, NARROW_NBSP))
    return strlen (NARROW_NBSP);
  return 0;
}

static const char *
skip_spaces (const char *p)
{
  for (;;)
    {
      if (g_ascii_isspace (*p))
        p++;
      else if (no_break_space_length (p) > 0)
        p += no_break_space_length (p);
      else
        return p;
    }
}

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
      else if ((*p == '.' || *p == ',') && !in_fraction && seen_digit
               && strpbrk (p + 1, ".,") != NULL)
        {
          /* A separator with another one after it groups thousands, as the
           * client writes amounts in English ("1,234.50"); it is followed by
           * exactly three digits.  Alone it is the decimal point or comma. */
          if (!(g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3])
                && !g_ascii_isdigit (p[4])))
            goto bad;
        }
      else if ((*p == '.' || *p == ',') && !in_fraction)
        in_fraction = TRUE;
      else if (*p == ' ' && !in_fraction && seen_digit)
        continue;                 /* thousands grouping "1 234" */
      else if (!in_fraction && seen_digit && no_break_space_length (p) > 0
               && g_ascii_isdigit (p[no_break_space_length (p)]))
        p += no_break_space_length (p) - 1;   /* "1 234" in French */
      else if (g_ascii_isspace (*p) || no_break_space_length (p) > 0 || (*p == '$' && seen_digit))
        {
          /* the end, perhaps with the dollar sign after the amount as
           * French writes it ("35,00 $") */
          p = skip_spaces (p);
          if (*p == '$')
            p = skip_spaces (p + 1);
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
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  /* TRANSLATORS: what separates groups of three digits in an amount of money
   * ("1,440.00").  French (Canada): a no-break space ("1 440,00 $"). */
  const char *separator = C_("money", ",");
  g_autoptr(GString) whole = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (whole, separator);
      g_string_append_c (whole, digits[i]);
    }

  /* TRANSLATORS: an amount of money: the sign ("" or "-"), the whole
   * dollars, then the two digits of cents.  French (Canada): "%s%s,%02u $" */
  return g_strdup_printf (_("%s$%s.%02u"), cents < 0 ? "-" : "", whole->str, (guint) (magnitude % 100));
}
