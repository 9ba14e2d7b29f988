/* test-client-icons.c — the application icons are SVG documents librsvg draws */
#include <librsvg/rsvg.h>

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      RsvgHandle *handle = rsvg_handle_new_from_file (argv[i], &error);
      gdouble width = 0, height = 0;
      gboolean sized;

      if (handle == NULL)
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          return 1;
        }
      sized = rsvg_handle_get_intrinsic_size_in_pixels (handle, &width, &height);
      g_object_unref (handle);
      if (!sized || width <= 0 || width != height)
        {
          g_printerr ("%s: an icon must have a square intrinsic size\n", argv[i]);
          return 1;
        }
      g_print ("ok %d %s (%gx%g)\n", i, argv[i], width, height);
    }
  return 0;
}
