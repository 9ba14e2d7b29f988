/* ts-order-printing-private.h — for tests: prints written to a PDF instead
 * of asking for a printer, and counted */
#pragma once

#include "ts-order-printing.h"

G_BEGIN_DECLS

/* From now on every print of tickets or receipts (ts-order-printing.h)
 * writes pdf_path (replacing it) without a print dialog; NULL: ask again. */
void  _ts_order_printing_export_to (const char *pdf_path);
/* Prints and saved PDFs done so far (a test waits for one more). */
guint _ts_order_printing_get_count (void);

G_END_DECLS
