/* ts-seat-style-private.h — the contrast the seat styles' tests hold every
 * letter and number in a seat to (M5: readable on every colour) */
#pragma once

#include "ts-seat-style.h"

G_BEGIN_DECLS

/* The WCAG 2 contrast ratio of two opaque colours, 1 to 21. */
double _ts_seat_style_contrast (const GdkRGBA *a,
                                const GdkRGBA *b);

G_END_DECLS
