/* ts-test-page.c — one storefront answer as a test's visitor got it, and what a test reads on it */
#include <string.h>

#include <glib/gstdio.h>

#include "ts-test-page.h"

void
ts_test_page_free (TsTestPage *page)
{
  g_free (page->body);
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_free (page->origin);
  g_free (page);
}

char *
ts_test_html_field (const char *html,
                    const char *name)
{
  g_autofree char *needle = g_strdup_printf ("name=\"%s\" value=\"", name);
  const char *at = strstr (html, needle);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (needle);
  end = strchr (at, '"');
  return end != NULL ? g_strndup (at, end - at) : NULL;
}

char *
ts_test_page_find_field (TsTestPage *page,
                         const char *name)
{
  return ts_test_html_field (page->body, name);
}

char *
ts_test_page_field (TsTestPage *page,
                    const char *name)
{
  char *value = ts_test_page_find_field (page, name);

  if (value == NULL)
    g_error ("no field %s on the page:\n%s", name, page->body);
  return value;
}

char *
ts_test_page_form (TsTestPage *page,
                   const char *rest)
{
  g_autofree char *csrf = ts_test_page_field (page, "csrf");

  return g_strdup_printf ("csrf=%s%s%s", csrf, rest != NULL && *rest != '\0' ? "&" : "", rest != NULL ? rest : "");
}

const char *
ts_test_page_header (TsTestPage *page,
                     const char *name)
{
  return soup_message_headers_get_one (page->headers, name);
}

const char *
ts_test_page_location (TsTestPage *page)
{
  const char *to = ts_test_page_header (page, "Location");

  g_assert_nonnull (to);
  return g_str_has_prefix (to, page->origin) ? to + strlen (page->origin) : to;
}

char *
ts_test_page_set_cookie (TsTestPage *page,
                         const char *name)
{
  SoupMessageHeadersIter iter;
  const char *n, *value;
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  soup_message_headers_iter_init (&iter, page->headers);
  while (soup_message_headers_iter_next (&iter, &n, &value))
    if (g_ascii_strcasecmp (n, "Set-Cookie") == 0 && g_str_has_prefix (value, prefix))
      return g_strdup (value);
  return NULL;
}

gboolean
ts_test_page_says (TsTestPage *page,
                   const char *text)
{
  return strstr (page->body, text) != NULL;
}

static void
screenshot_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

void
ts_test_page_screenshot (TsTestPage *page,
                         const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autofree char *file = NULL, *uri = NULL, *base = NULL, *chromium = g_find_program_in_path ("chromium");
  g_autoptr(GString) text = NULL;

  if (dir == NULL || chromium == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  text = g_string_new (page->body);
  base = g_strdup_printf ("<head>\n<base href=\"%s/\">", page->origin);
  g_string_replace (text, "<head>", base, 1);
  /* the saved copy must not reload itself away while Chromium draws it */
  g_string_replace (text, "http-equiv=\"refresh\"", "data-was=\"refresh\"", 0);
  file = g_strdup_printf ("%s/%s.html", dir, name);
  g_assert_true (g_file_set_contents (file, text->str, -1, NULL));
  uri = g_filename_to_uri (file, NULL, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *png = g_strdup_printf ("%s/%s%s.png", dir, name, i == 0 ? "" : "-phone");
      g_autofree char *shot_arg = g_strdup_printf ("--screenshot=%s", png);
      const char *size = i == 0 ? "--window-size=1280,900" : "--window-size=390,844";
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                       &error, chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                                       "--hide-scrollbars", shot_arg, size, uri, NULL);
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      gboolean done = FALSE;

      g_assert_no_error (error);
      /* the server is in this process: it answers Chromium while we wait */
      g_subprocess_wait_async (child, NULL, screenshot_done, &done);
      while (!done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (!done)
        {
          g_subprocess_force_exit (child);
          while (!done)
            g_main_context_iteration (NULL, TRUE);
        }
    }
}
