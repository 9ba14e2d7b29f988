/* ts-test-storefront.h — a season the storefront tests buy from: UTH's and ATH's storefronts, what each may sell online and what it may not.
 *
 * Made with SQL as the owner role and the maps API (the admin part's demo
 * season is not needed).  UTH and ATH have their storefront enabled, TIX not.
 *   hamlet        UTH, seats (Stalls: rows A–B, seats 1–5) and a standing
 *                 floor (GA "Floor", 3 places); internet window open, online
 *                 at other outlets' storefronts, ATH permitted (E3, F3)
 *   hamlet_local  UTH, internet window open, not online at other outlets
 *   hamlet_closed UTH, box office only (no internet window: never online, E2)
 *   gala          ATH's own, online at ATH's storefront only
 *   gala_closed   ATH's own, box office only
 *   tix_show      TIX's (no storefront)
 * Ticket types: UTH Adult $35.00 (Standing $15.00; sold at other outlets,
 * T5), Student $20.00, Press Comp (comp: never online), Member $25.00
 * (subscribers only, T3); ATH Athletics Adult $10.00.  Hamlet has a partner
 * company, whose question its buyers answer (K3).  Émile Nelligan bought
 * UTH's Hamlet pass (two open vouchers of "Subscriber seat") at the box
 * office and has a web account (TS_TEST_STOREFRONT_SUBSCRIBER). */
#pragma once

#include "ts-test-client.h"

G_BEGIN_DECLS

#define TS_TEST_STOREFRONT_SUBSCRIBER "emile.nelligan@example.ca"
#define TS_TEST_STOREFRONT_PASSWORD   "hamlet-online"

typedef struct {
  TsTestServer *server;
  gint64 uth, ath, tix;
  gint64 map_id;
  char  *seats[10];                     /* GUIDs: A1–A5, B1–B5 */
  gint64 hamlet, hamlet_local, hamlet_closed, gala, gala_closed, tix_show;
  gint64 adult, student, comp, member, ath_adult;
  gint64 partner;                       /* UTH's "Friends of the Theatre", Hamlet's partner (K3) */
  gint64 subscriber;                    /* Émile Nelligan: Hamlet pass, web account (T3, F6) */
} TsTestStorefront;

TsTestStorefront *ts_test_storefront_new  (TsTestServer     *server);
void              ts_test_storefront_free (TsTestStorefront *self);
/* The server's URL of a page of a storefront: ("UTH", "/cart") →
 * "http://127.0.0.1:PORT/shop/UTH/cart". */
char             *ts_test_storefront_url  (TsTestStorefront *self,
                                           const char       *code,
                                           const char       *path);
/* What the database holds now, read as the owner: seats of the performance
 * claimed (held, in a cart or sold; expired holds let go first, as the next
 * hold would) and sold. */
gint64            ts_test_storefront_claimed (TsTestStorefront *self,
                                              gint64            performance);
gint64            ts_test_storefront_sold    (TsTestStorefront *self,
                                              gint64            performance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestStorefront, ts_test_storefront_free)

G_END_DECLS
