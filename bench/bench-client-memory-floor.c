/* bench-client-memory-floor.c — the baseline of bench-client-memory: the
 * least a GTK 4 application costs, one window with a label, drawn as the
 * client draws (cairo, GL never opened); it prints the line the client's
 * TESSERA_STARTUP_PROBE prints once its first frame is drawn. */
#include <stdio.h>

#include <gtk/gtk.h>

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  puts ("tessera-probe: sign-in-shown");
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
}

static void
on_map (GtkWidget *window,
        gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint), NULL);
  gtk_widget_queue_draw (window);
}

static void
activate (GApplication *application,
          gpointer      user_data)
{
  GtkWidget *window = gtk_application_window_new (GTK_APPLICATION (application));

  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("The floor: GTK alone"));
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  application = gtk_application_new ("org.tessera.BenchFloor", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
