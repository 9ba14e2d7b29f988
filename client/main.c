/* main.c — tessera, the desktop client */
#include <locale.h>

#include <glib/gi18n.h>

#include "ts-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TsApplication) application = NULL;

  /* The cairo renderer unless told otherwise: outlets run the client on
   * remote desktops with software rendering, where GL (llvmpipe) spends
   * ~70 ms on any frame while cairo draws a hover over the 60,000-seat map
   * in ~2 ms (bench/bench-seat-map).  GSK_RENDERER=ngl chooses GL. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = ts_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
