/* ts-test-input.h — real pointer, wheel and key events for the client UI
 * tests: sent to the X server through its XTEST extension, so that GTK gets
 * them exactly as it gets a person's (on GTK 4.8 X11, a wheel event with no
 * position) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* FALSE (with a reason) where there is no X display with XTEST. */
gboolean ts_test_input_available (char     **out_reason);
/* Moves the pointer over the widget's point (x, y). */
void     ts_test_input_move      (GtkWidget *widget,
                                  double     x,
                                  double     y);
/* Presses and releases a mouse button at the widget's point (x, y). */
void     ts_test_input_click     (GtkWidget *widget,
                                  double     x,
                                  double     y,
                                  guint      button);
/* Turns the wheel clicks notches at the widget's point (x, y): positive
 * away from the person (zoom in), negative towards. */
void     ts_test_input_wheel     (GtkWidget *widget,
                                  double     x,
                                  double     y,
                                  int        clicks);
/* Presses and releases a key (a GDK keyval), with Shift when shift. */
void     ts_test_input_key       (guint      keyval,
                                  gboolean   shift);

/* The same with modifiers held: GDK_CONTROL_MASK, GDK_ALT_MASK (a
 * mnemonic), GDK_SHIFT_MASK. */
void     ts_test_input_key_with  (guint           keyval,
                                  GdkModifierType modifiers);
/* Types the text, a key per letter (Shift for capitals; ASCII). */
void     ts_test_input_type      (const char     *text);

G_END_DECLS
