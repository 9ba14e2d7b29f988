/* main.c — tessera, the desktop client */
#include <locale.h>

#include <glib/gi18n.h>

#include "ts-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TsApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = ts_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
