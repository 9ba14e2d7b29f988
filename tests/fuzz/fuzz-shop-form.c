/* fuzz-shop-form.c — the storefront's form reader (ts_shop_form_parse):
 * an application/x-www-form-urlencoded POST body, as a browser sends it.
 * What it accepts is text a person could type, every field kept in order,
 * and encoding it again reads back the same; anything else is refused as
 * invalid input. */
#include <string.h>

#include "ts-error.h"
#include "ts-shop-request.h"
#include "ts-fuzz.h"

static void
append_encoded (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

  g_string_append (out, escaped);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TsShopRequest) req = ts_shop_request_new ();
  g_autoptr(TsShopRequest) again = ts_shop_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GString) encoded = g_string_new (NULL);

  if (!ts_shop_form_parse (req, (const char *) data, size, &error))
    {
      ts_fuzz_check_error (error);
      ts_fuzz_assert (error->code == TS_ERROR_INVALID, "code %d", error->code);
      return 0;
    }
  names = ts_shop_form_names (req);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *values = ts_shop_form_get_all (req, l->data);

      ts_fuzz_assert (ts_shop_is_text (l->data), "a name that is not text");
      ts_fuzz_assert (values->len > 0, "a name without a value");
      for (guint i = 0; i < values->len; i++)
        {
          ts_fuzz_assert (ts_shop_is_text (g_ptr_array_index (values, i)), "a value that is not text");
          if (encoded->len > 0)
            g_string_append_c (encoded, '&');
          append_encoded (encoded, l->data);
          g_string_append_c (encoded, '=');
          append_encoded (encoded, g_ptr_array_index (values, i));
        }
    }
  /* what was read, written again, reads back the same */
  ts_fuzz_assert (ts_shop_form_parse (again, encoded->str, encoded->len, NULL), "its own encoding refused");
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *first = ts_shop_form_get_all (req, l->data);
      GPtrArray *second = ts_shop_form_get_all (again, l->data);

      ts_fuzz_assert (first->len == second->len, "%u values of “%s”, then %u", first->len, (char *) l->data, second->len);
      for (guint i = 0; i < first->len; i++)
        ts_fuzz_assert (g_str_equal (g_ptr_array_index (first, i), g_ptr_array_index (second, i)), "a value changed");
    }
  return 0;
}
