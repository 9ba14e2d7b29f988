/* main.c — tessera, the desktop client */
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ts-application.h"

/* The cairo renderer unless told otherwise: outlets run the client on
 * remote desktops with software rendering, where GL (llvmpipe) spends
 * ~70 ms on any frame while cairo draws a hover over the 60,000-seat map
 * in ~2 ms (bench/bench-seat-map).  GSK_RENDERER=gl chooses GL.
 *
 * With cairo drawing, GL is not opened at all (GDK_DEBUG=gl-disable): on
 * X11 GDK otherwise loads Mesa at start to choose a visual, and with it
 * llvmpipe's LLVM, ~60 MB resident in every session of a terminal server
 * for a context no frame uses (bench/bench-client-memory).  A GDK_DEBUG
 * that already says anything about GL is left as the person wrote it. */
static void
choose_renderer (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *with_gl_disabled = NULL;

  if (renderer == NULL || *renderer == '\0')
    {
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      renderer = "cairo";
    }
  if (g_ascii_strcasecmp (renderer, "cairo") != 0 || (debug != NULL && strstr (debug, "gl") != NULL))
    return;
  with_gl_disabled = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL)
                                                     : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", with_gl_disabled, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TsApplication) application = NULL;
  const char *localedir;

  choose_renderer ();
  setlocale (LC_ALL, "");
  /* An uninstalled client (build-aux/run-demo.sh) finds the build tree's
   * compiled catalogue there: the install prefix was never filled. */
  localedir = g_getenv ("TESSERA_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = ts_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
