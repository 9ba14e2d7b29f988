/* ts-receipt-print-private.h — for tests: the paper a receipt is laid out
 * on without a print dialog (a receipt roll) */
#pragma once

#include "ts-receipt-print.h"

G_BEGIN_DECLS

/* The paper of the receipts printed from now on (NULL: the default one). */
void _ts_receipt_print_use_paper (GtkPaperSize *paper);

G_END_DECLS
