/* ts-api.h — the route handlers, one file per area (ts-api-*.c) */
#pragma once

#include "ts-router.h"

G_BEGIN_DECLS

/* ts-api-system.c */
gboolean ts_api_health             (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_system_get         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_system_patch       (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-session.c */
gboolean ts_api_session_create     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_session_get        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_session_delete     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_session_password   (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-outlets.c */
gboolean ts_api_outlets_directory  (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_outlets_list       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_outlets_create     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_outlet_get         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_outlet_patch       (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-employees.c */
gboolean ts_api_employees_list     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_employees_create   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_employee_get       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_employee_patch     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_employee_lock      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_employee_unlock    (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-patrons.c */
gboolean ts_api_patrons_search     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patrons_duplicates (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patrons_create     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_get         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_patch       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_account     (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-contact-points.c */
gboolean ts_api_contact_points_create      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_contact_point_patch        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_contact_point_delete       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_contact_point_make_primary (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-patron-data.c */
gboolean ts_api_patron_notes_list         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_notes_create       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_tags_list          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_tags_put           (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_donations_list     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_donations_create   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_memberships_list   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_memberships_create (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_preferences_get    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_preferences_put    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_mailing_lists      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_mailing_lists_list        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_mailing_lists_create      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_mailing_list_members      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_mailing_list_add          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_mailing_list_remove       (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-partners.c */
gboolean ts_api_partner_companies_list    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_companies_create  (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_questions         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_company_get       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_company_patch     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_company_delete    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_partner_company_patrons   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_partner_preferences_get (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_partner_preferences_put (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-maps.c */
gboolean ts_api_maps_list          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_maps_create        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_get            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_export         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_compact        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_patch          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_duplicate      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_map_replace_plan   (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-events.c */
gboolean ts_api_events_list            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_events_create          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_event_get              (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_event_patch            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performances_create    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_get        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_patch      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_delete     (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-pricing.c */
gboolean ts_api_commission_tables_list   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_commission_tables_create (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_commission_table_patch   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_ticket_types_list        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_ticket_types_create      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_ticket_type_get          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_ticket_type_patch        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_redemptions_list         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_redemptions_create       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_redemption_patch         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_redemption_delete        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_hold_letters_list        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_hold_letter_put          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_hold_letter_delete       (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-sales.c */
gboolean ts_api_sales_performances    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_offer     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_seats     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_party     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_will_call (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_will_call_hand_over (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_hold      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_release   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_carts_list            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_carts_create          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_carts_hold            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_carts_release         (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-orders.c */
gboolean ts_api_orders_create         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_get             (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_refund          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_patron           (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_exchange        (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_move            (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-faces.c (F1, F2) */
gboolean ts_api_faces_list            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_faces_create          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_faces_sample          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_face_get              (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_face_patch            (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_face_delete           (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_face_duplicate        (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-tickets.c (F2, F5, P5) */
gboolean ts_api_order_tickets         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_tickets_pdf     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_order_reprint         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_vouchers       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_orders         (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-reports.c (R2, P4, P5, A2–A4) */
gboolean ts_api_report_sales          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_sales_over_time (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_zone_sales     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_attendance     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_donations      (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_memberships    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_mailing_lists  (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_mailing_list   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_channels       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_report_end_of_day     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_accounts_balances     (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_accounts_settlement   (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_accounts_settle       (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_accounts_till         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_accounts_till_close   (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-audit.c */
gboolean ts_api_audit_list         (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_patron_audit       (TsRequest *req, PGconn *conn, GError **error);

/* ts-api-scans.c */
gboolean ts_api_scans_create          (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_scans_batch           (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_scans_performances    (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_door_list (TsRequest *req, PGconn *conn, GError **error);
gboolean ts_api_performance_attendance (TsRequest *req, PGconn *conn, GError **error);

G_END_DECLS
