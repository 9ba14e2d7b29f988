/* ts-test-input.c — real input for the client UI tests through XTEST
 *
 * libXtst is opened when first needed (it is on every desktop with
 * accessibility, as a dependency of at-spi2-core), so the tests need no
 * build dependency of their own; the X calls are GDK's own libX11. */
#include <gmodule.h>
#include <gdk/x11/gdkx.h>

#include "ts-test-input.h"

typedef int (*FakeMotion) (Display *display, int screen, int x, int y, unsigned long delay);
typedef int (*FakeButton) (Display *display, unsigned int button, Bool is_press, unsigned long delay);
typedef int (*FakeKey) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);

static FakeMotion fake_motion;
static FakeButton fake_button;
static FakeKey fake_key;

gboolean
ts_test_input_available (char **out_reason)
{
  static GModule *xtst;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      *out_reason = g_strdup ("not an X11 display");
      return FALSE;
    }
  if (xtst == NULL)
    xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (xtst == NULL || !g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *) &fake_motion)
      || !g_module_symbol (xtst, "XTestFakeButtonEvent", (gpointer *) &fake_button)
      || !g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key))
    {
      *out_reason = g_strdup_printf ("no libXtst: %s", g_module_error ());
      return FALSE;
    }
  return TRUE;
}

static Display *
display (void)
{
  g_autofree char *reason = NULL;

  if (!ts_test_input_available (&reason))
    g_error ("XTEST input: %s", reason);
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

/* Lets the X server deliver what was sent, and GTK handle it. */
static void
flush (void)
{
  XSync (display (), False);
  for (int i = 0; i < 10; i++)
    {
      g_usleep (2000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

void
ts_test_input_move (GtkWidget *widget,
                    double     x,
                    double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t at;
  double sx, sy;
  int root_x, root_y;
  Window child;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &at))
    g_error ("ts_test_input_move: the widget is not in a window");
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (display (), gdk_x11_surface_get_xid (surface),
                         gdk_x11_display_get_xrootwindow (gdk_display_get_default ()),
                         (int) (at.x + sx + 0.5), (int) (at.y + sy + 0.5), &root_x, &root_y, &child);
  fake_motion (display (), -1, root_x, root_y, CurrentTime);
  flush ();
}

void
ts_test_input_click (GtkWidget *widget,
                     double     x,
                     double     y,
                     guint      button)
{
  ts_test_input_move (widget, x, y);
  fake_button (display (), button, True, CurrentTime);
  flush ();
  fake_button (display (), button, False, CurrentTime);
  flush ();
}

void
ts_test_input_wheel (GtkWidget *widget,
                     double     x,
                     double     y,
                     int        clicks)
{
  ts_test_input_move (widget, x, y);
  /* X11: buttons 4 and 5 are the wheel, away from and towards the person */
  for (int i = 0; i < ABS (clicks); i++)
    {
      fake_button (display (), clicks > 0 ? 4 : 5, True, CurrentTime);
      fake_button (display (), clicks > 0 ? 4 : 5, False, CurrentTime);
      flush ();
    }
}

void
ts_test_input_key (guint    keyval,
                   gboolean shift)
{
  Display *x = display ();
  KeyCode shift_code = XKeysymToKeycode (x, XK_Shift_L);
  KeyCode code = XKeysymToKeycode (x, (KeySym) keyval);

  if (code == 0)
    g_error ("ts_test_input_key: no key for %s", gdk_keyval_name (keyval));
  if (shift)
    fake_key (x, shift_code, True, CurrentTime);
  fake_key (x, code, True, CurrentTime);
  fake_key (x, code, False, CurrentTime);
  if (shift)
    fake_key (x, shift_code, False, CurrentTime);
  flush ();
}

void
ts_test_input_key_with (guint           keyval,
                        GdkModifierType modifiers)
{
  Display *x = display ();
  const struct { GdkModifierType mask; KeySym key; } held[] = {
    { GDK_CONTROL_MASK, XK_Control_L }, { GDK_ALT_MASK, XK_Alt_L }, { GDK_SHIFT_MASK, XK_Shift_L },
  };
  KeyCode code = XKeysymToKeycode (x, (KeySym) keyval);

  if (code == 0)
    g_error ("ts_test_input_key_with: no key for %s", gdk_keyval_name (keyval));
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (modifiers & held[i].mask)
      fake_key (x, XKeysymToKeycode (x, held[i].key), True, CurrentTime);
  fake_key (x, code, True, CurrentTime);
  fake_key (x, code, False, CurrentTime);
  for (guint i = G_N_ELEMENTS (held); i > 0; i--)
    if (modifiers & held[i - 1].mask)
      fake_key (x, XKeysymToKeycode (x, held[i - 1].key), False, CurrentTime);
  flush ();
}

void
ts_test_input_type (const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      ts_test_input_key_with (gdk_unicode_to_keyval (g_unichar_tolower (u)),
                              g_unichar_isupper (u) ? GDK_SHIFT_MASK : 0);
    }
}
