/* fuzz-router.c — the route table (ts_router_match): "METHOD /path" from
 * the request line, as libsoup hands it over (percent-encoded, no query).
 * A match must be that route exactly, with ids that name a row; anything
 * else is 404 or 405. */
#include <string.h>

#include "ts-error.h"
#include "ts-router.h"
#include "ts-fuzz.h"

/* The path the route and the parsed ids and key stand for. */
static char *
expand (const TsRoute   *route,
        const TsRequest *request)
{
  g_auto(GStrv) parts = g_strsplit (route->pattern + 1, "/", -1);
  GString *path = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_string_append_c (path, '/');
      if (g_str_equal (parts[i], "{id}"))
        {
          ts_fuzz_assert (n < request->n_ids, "fewer ids than {id} segments");
          g_string_append_printf (path, "%" G_GINT64_FORMAT, request->ids[n++]);
        }
      else if (g_str_equal (parts[i], "{key}"))
        g_string_append (path, request->key);
      else
        g_string_append (path, parts[i]);
    }
  ts_fuzz_assert (n == request->n_ids, "%u ids for %u {id} segments", request->n_ids, n);
  return g_string_free (path, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *line = ts_fuzz_text (data, size);
  g_autoptr(TsRequest) request = ts_request_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = NULL;
  g_autofree char *trimmed = NULL;
  const TsRoute *route;
  char *path;

  if (line == NULL || (path = strchr (line, ' ')) == NULL)
    return 0;
  *path++ = '\0';
  route = ts_router_match (line, path, request, &error);
  if (route == NULL)
    {
      ts_fuzz_check_error (error);
      ts_fuzz_assert (error->code == TS_ERROR_NOT_FOUND || error->code == TS_ERROR_INVALID,
                      "code %d for “%s %s”", error->code, line, path);
      return 0;
    }
  ts_fuzz_assert (request->route == route && g_str_equal (route->method, line), "%s matched %s", line, route->method);
  for (guint i = 0; i < request->n_ids; i++)
    ts_fuzz_assert (request->ids[i] >= 1 && request->ids[i] <= G_MAXINT32, "id %" G_GINT64_FORMAT, request->ids[i]);
  ts_fuzz_assert (request->key == NULL || (request->key[0] != '\0' && strchr (request->key, '/') == NULL),
                  "key “%s”", request->key);
  /* the path is the route's pattern filled in, up to one trailing slash */
  expanded = expand (route, request);
  trimmed = g_strdup (path);
  if (strlen (trimmed) > 1 && g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  ts_fuzz_assert (g_str_equal (expanded, trimmed), "“%s” matched %s as “%s”", path, route->pattern, expanded);
  return 0;
}
