/* main.c — tessera, the desktop client */
#include <locale.h>

#include <glib/gi18n.h>

#include "ts-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TsApplication) application = NULL;
  const char *localedir;

  /* The cairo renderer unless told otherwise: outlets run the client on
   * remote desktops with software rendering, where GL (llvmpipe) spends
   * ~70 ms on any frame while cairo draws a hover over the 60,000-seat map
   * in ~2 ms (bench/bench-seat-map).  GSK_RENDERER=ngl chooses GL. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
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
