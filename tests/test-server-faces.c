/* test-server-faces.c — ticket faces and printed tickets over the API
 * (rules F1, F2, F5, P5, C2, C4): faces set up by their outlet only, a
 * default for every outlet, the Master User's copies, an event's choice, the
 * outlet's logo, and an order's tickets as JSON and PDF — their text read
 * back with pdftotext, their QR code with zbarimg — and reprints.
 *
 * The season is set up with SQL as the owner role; everything about faces
 * and tickets goes through HTTP. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-face.h"
#include "ts-test-client.h"
#include "ts-ticket-code.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_manager, *uth_boxoffice, *uth_walkup, *uth_staff;
static char *ath_manager, *ath_boxoffice, *tix_boxoffice;
static gint64 uth, ath, tix;
static gint64 map_id, event, perf, adult, patron;
static char *seats[6];
static guint key_counter;

#define FACE_SVG(text) \
  "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" width=\\\"139.7mm\\\" height=\\\"50.8mm\\\" viewBox=\\\"0 0 139.7 50.8\\\">" \
  "<text x=\\\"4\\\" y=\\\"8\\\" font-size=\\\"4\\\" font-family=\\\"DejaVu Sans\\\">" text "</text>" \
  "<text x=\\\"4\\\" y=\\\"16\\\" font-size=\\\"4\\\" font-family=\\\"DejaVu Sans\\\">{{event}} {{performance_date}} {{performance_time}}</text>" \
  "<text x=\\\"4\\\" y=\\\"24\\\" font-size=\\\"4\\\" font-family=\\\"DejaVu Sans\\\">{{place}} No {{ticket_number}}</text>" \
  "<text x=\\\"4\\\" y=\\\"32\\\" font-size=\\\"4\\\" font-family=\\\"DejaVu Sans\\\">{{patron}} / {{price}}</text>" \
  "<text x=\\\"4\\\" y=\\\"40\\\" font-size=\\\"4\\\" font-family=\\\"DejaVu Sans\\\">{{seller}} for {{owner}}</text>" \
  "<image x=\\\"4\\\" y=\\\"42\\\" width=\\\"6\\\" height=\\\"6\\\" href=\\\"{{owner_logo}}\\\"/>" \
  "<rect id=\\\"barcode\\\" x=\\\"92\\\" y=\\\"2\\\" width=\\\"46\\\" height=\\\"46\\\"/></svg>"

/* A 1×1 PNG, as a data: URI. */
#define LOGO_PNG \
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

static gint64
create_face (const char *token,
             const char *name,
             const char *text)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"svg\": \"%s\"}", name, text);
  g_autoptr(JsonNode) face = ts_test_expect (server, "POST", "/api/v1/faces", token, body, 201);

  return ts_test_member_int (face, "id");
}

static gint64
default_face (gint64 outlet)
{
  return ts_test_owner_int (server, "SELECT id FROM ticket_face WHERE outlet_id = %" G_GINT64_FORMAT " AND is_default",
                            outlet);
}

/* Sells seats[seat] of the performance; answers the order's id. */
static gint64
sell (const char *token,
      guint       seat)
{
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"faces-order-%05u\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
      ++key_counter, patron, perf, seats[seat], adult);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);

  return ts_test_member_int (order, "id");
}

/* A GET whose answer is not JSON: its bytes, status and type. */
typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Fetch;

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &fetch->error);
  fetch->done = TRUE;
}

static GBytes *
get_bytes (const char  *path,
           const char  *token,
           guint       *out_status,
           char       **out_type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  Fetch fetch = { NULL, NULL, FALSE };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched, &fetch);
  /* the server answers on this thread's context */
  while (!fetch.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (fetch.error);
  *out_status = soup_message_get_status (msg);
  *out_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return fetch.body;
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
write_temp (GBytes     *bytes,
            const char *pattern)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (pattern, &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return path;
}

/* With TESSERA_SCREENSHOTS=dir, a face as it prints, to look at. */
static void
save_picture (const char *svg,
              const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  png = ts_face_render_png (svg, 1600, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
  g_assert_no_error (error);
}

static gboolean
have_tools (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  if (pdftotext != NULL && zbarimg != NULL)
    return TRUE;
  g_test_skip ("pdftotext or zbarimg is missing (Debian's poppler-utils and zbar-tools; "
               "build-aux/install-deps.sh installs them)");
  return FALSE;
}

/* F1: every outlet has a default face from the first run, and a new outlet
 * gets one; a list shows the outlet's own faces only. */
static void
test_default_faces (void)
{
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", "/api/v1/faces", uth_manager, NULL, 200);
  g_autoptr(JsonNode) all = ts_test_expect (server, "GET", "/api/v1/faces", master, NULL, 200);
  JsonArray *faces = json_node_get_array (list);
  JsonObject *face;
  gint64 outlet;

  g_assert_cmpuint (json_array_get_length (faces), ==, 1);
  face = json_array_get_object_element (faces, 0);
  g_assert_cmpint (json_object_get_int_member (face, "outlet_id"), ==, uth);
  g_assert_true (json_object_get_boolean_member (face, "is_default"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (face, "width_mm"), 203.2, 0.001);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (face, "height_mm"), 82.55, 0.001);
  g_assert_false (json_object_has_member (face, "svg"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 3);
  for (const char **code = (const char *[]) { "UTH", "ATH", "TIX", NULL }; *code != NULL; code++)
    g_assert_cmpint (default_face (ts_test_outlet_id (server, *code)), >, 0);

  /* the default face is a valid face, sized as its stock */
  {
    g_autofree char *svg = ts_test_owner_sqlf (server, "SELECT svg FROM ticket_face WHERE id = %" G_GINT64_FORMAT,
                                               default_face (uth));
    g_autoptr(GError) error = NULL;

    g_assert_true (ts_face_check (svg, &error));
    g_assert_no_error (error);
  }

  outlet = ts_test_owner_int (server, "INSERT INTO outlet (code, name) VALUES ('NEWF', 'New Faces Hall') RETURNING id");
  g_assert_cmpint (default_face (outlet), >, 0);

  /* C4: faces are set up at the Box Office Manager level and above */
  ts_test_expect_error (server, "GET", "/api/v1/faces", uth_boxoffice, NULL, 403, "forbidden", "Box Office Manager");
}

/* F1: a face's SVG is refused with its reason, and the refusal changes nothing. */
static void
test_face_refusals (void)
{
  static const struct { const char *svg; const char *reason; } bad[] = {
    { "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" width=\\\"10mm\\\" height=\\\"10mm\\\"><rect></svg>", "svg: is not valid XML" },
    { "<html><body>ticket</body></html>", "svg: is not an SVG document" },
    { "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" width=\\\"10mm\\\" height=\\\"10mm\\\"><image href=\\\"http://example.com/x.png\\\"/></svg>",
      "svg: must not use images or fonts from other files" },
    { "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" width=\\\"10mm\\\" height=\\\"10mm\\\"><style>@import url(a.css);</style></svg>",
      "svg: must not import style sheets" },
    { "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" width=\\\"10mm\\\" height=\\\"10mm\\\"><script>x()</script></svg>",
      "svg: must not contain scripts" },
    { "<svg xmlns=\\\"http://www.w3.org/2000/svg\\\"><rect width=\\\"1\\\" height=\\\"1\\\"/></svg>", "svg: has no printed size" },
  };
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count (*) FROM ticket_face");
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Bad %u\", \"svg\": \"%s\"}", i, bad[i].svg);

      ts_test_expect_error (server, "POST", "/api/v1/faces", uth_manager, body, 400, "invalid_input", bad[i].reason);
    }
  ts_test_expect_error (server, "POST", "/api/v1/faces", uth_manager, "{\"svg\": \"<svg/>\"}", 400, "invalid_input", "name");
  ts_test_expect_error (server, "POST", "/api/v1/faces", uth_manager, "{\"name\": \"No SVG\"}", 400, "invalid_input", "svg");
  after = ts_test_owner_sql (server, "SELECT count (*) FROM ticket_face");
  g_assert_cmpstr (before, ==, after);
}

/* F1: an outlet's faces are its own to change; one is its default; the
 * default and a face an event prints with are never deleted. */
static void
test_face_life (void)
{
  gint64 old_default = default_face (uth);
  gint64 id = create_face (uth_manager, "Thermal", FACE_SVG ("FIRST DRAFT"));
  g_autofree char *path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, id);
  g_autofree char *old_path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, old_default);
  g_autofree char *event_path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, event);
  g_autofree char *choose = g_strdup_printf ("{\"face_id\": %" G_GINT64_FORMAT "}", id);
  g_autoptr(JsonNode) face = ts_test_expect (server, "GET", path, uth_manager, NULL, 200);
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(JsonNode) cleared = NULL;

  g_assert_nonnull (strstr (ts_test_member_string (face, "svg"), "FIRST DRAFT"));
  g_assert_false (json_object_get_boolean_member (object_of (face), "is_default"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object_of (face), "width_mm"), 139.7, 0.001);
  /* R1: audited */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'ticket_face'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "' AND action = 'insert'", id), ==, 1);

  ts_test_expect_error (server, "POST", "/api/v1/faces", uth_manager,
                        "{\"name\": \"thermal\", \"svg\": \"" FACE_SVG ("X") "\"}", 409, "conflict", "name");
  patched = ts_test_expect (server, "PATCH", path, uth_manager,
                            "{\"name\": \"Thermal 5.5 x 2\", \"svg\": \"" FACE_SVG ("UTH CUSTOM FACE") "\"}", 200);
  g_assert_cmpstr (ts_test_member_string (patched, "name"), ==, "Thermal 5.5 x 2");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"svg\": \"<svg\"}", 400, "invalid_input", "svg:");
  ts_test_expect_error (server, "PATCH", path, uth_manager, "{\"is_default\": false}", 400, "invalid_input", "is_default");

  /* the event chooses it (F1); null goes back to the default */
  chosen = ts_test_expect (server, "PATCH", event_path, uth_manager, choose, 200);
  g_assert_cmpint (ts_test_member_int (chosen, "face_id"), ==, id);
  ts_test_expect_error (server, "DELETE", path, uth_manager, NULL, 409, "conflict", "choose another face");
  cleared = ts_test_expect (server, "PATCH", event_path, uth_manager, "{\"face_id\": null}", 200);
  g_assert_true (json_object_get_null_member (object_of (cleared), "face_id"));
  json_node_unref (ts_test_expect (server, "PATCH", event_path, uth_manager, choose, 200));

  /* one default per outlet, never deleted */
  ts_test_expect_error (server, "DELETE", old_path, uth_manager, NULL, 409, "conflict", "default");
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager, "{\"is_default\": true}", 200));
  g_assert_cmpint (default_face (uth), ==, id);
  json_node_unref (ts_test_expect (server, "PATCH", old_path, uth_manager, "{\"is_default\": true}", 200));
  g_assert_cmpint (default_face (uth), ==, old_default);

  /* a face nothing uses goes */
  {
    gint64 spare = create_face (uth_manager, "Spare", FACE_SVG ("SPARE"));
    g_autofree char *spare_path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, spare);

    g_assert_null (ts_test_expect (server, "DELETE", spare_path, uth_manager, NULL, 204));
    ts_test_expect_error (server, "GET", spare_path, uth_manager, NULL, 404, "not_found", "No such ticket face");
  }
}

/* F1, C2, M2: faces are never shared; another outlet's face answers as an
 * unknown one everywhere; only the Master User copies one to another outlet. */
static void
test_face_privacy (void)
{
  gint64 uth_face = default_face (uth);
  gint64 ath_face = default_face (ath);
  g_autofree char *path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, uth_face);
  g_autofree char *dup_path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT "/duplicate", uth_face);
  g_autofree char *event_path = g_strdup_printf ("/api/v1/events/%" G_GINT64_FORMAT, event);
  g_autofree char *foreign = g_strdup_printf ("{\"face_id\": %" G_GINT64_FORMAT "}", ath_face);
  g_autofree char *dup_body = g_strdup_printf ("{\"outlet_id\": %" G_GINT64_FORMAT ", \"name\": \"From UTH\"}", ath);
  g_autoptr(JsonNode) unknown = ts_test_expect (server, "GET", "/api/v1/faces/999999", ath_manager, NULL, 404);
  g_autoptr(JsonNode) hidden = ts_test_expect (server, "GET", path, ath_manager, NULL, 404);
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *copy_path = NULL;

  g_assert_cmpstr (ts_test_error_message (hidden), ==, ts_test_error_message (unknown));
  g_assert_cmpstr (ts_test_error_message (hidden), ==, "No such ticket face");
  ts_test_expect_error (server, "PATCH", path, ath_manager, "{\"name\": \"Mine\"}", 404, "not_found", "No such ticket face");
  ts_test_expect_error (server, "DELETE", path, ath_manager, NULL, 404, "not_found", "No such ticket face");
  /* an event of UTH may not print with ATH's face, said as of an unknown face */
  ts_test_expect_error (server, "PATCH", event_path, uth_manager, foreign, 400, "invalid_input", "face_id: no such ticket face");
  ts_test_expect_error (server, "PATCH", event_path, uth_manager, "{\"face_id\": 999999}", 400, "invalid_input",
                        "face_id: no such ticket face");
  /* a new face for another outlet: the Master User's only */
  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"X\", \"svg\": \"" FACE_SVG ("X") "\", \"outlet_id\": %"
                                             G_GINT64_FORMAT "}", ath);

    ts_test_expect_error (server, "POST", "/api/v1/faces", uth_manager, body, 403, "forbidden", NULL);
  }

  /* C2, M2: the Master User duplicates; nobody else, not even the owner */
  ts_test_expect_error (server, "POST", dup_path, uth_admin, dup_body, 403, "forbidden", "Master User");
  ts_test_expect_error (server, "POST", dup_path, uth_manager, dup_body, 403, "forbidden", "Master User");
  ts_test_expect_error (server, "POST", dup_path, master, "{\"outlet_id\": 999999}", 400, "invalid_input", "outlet_id");
  copy = ts_test_expect (server, "POST", dup_path, master, dup_body, 201);
  g_assert_cmpint (ts_test_member_int (copy, "outlet_id"), ==, ath);
  g_assert_cmpint (ts_test_member_int (copy, "copied_from"), ==, uth_face);
  copy_path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, ts_test_member_int (copy, "id"));
  json_node_unref (ts_test_expect (server, "PATCH", copy_path, ath_manager, "{\"name\": \"Ours now\"}", 200));
  /* unnamed, a copy takes the original's name, marked when the outlet has one so called */
  {
    g_autofree char *unnamed = g_strdup_printf ("{\"outlet_id\": %" G_GINT64_FORMAT "}", ath);
    g_autoptr(JsonNode) second = ts_test_expect (server, "POST", dup_path, master, unnamed, 201);

    g_assert_cmpstr (ts_test_member_string (second, "name"), ==, "Ticket with stub (8 × 3.25 in) (copy)");
  }
  list = ts_test_expect (server, "GET", "/api/v1/faces", ath_manager, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 3);
}

/* F1: the outlet's logo, a PNG or SVG data: URI, shown by {{owner_logo}}. */
static void
test_outlet_logo (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/outlets/%" G_GINT64_FORMAT, uth);
  g_autoptr(JsonNode) outlet = NULL;

  ts_test_expect_error (server, "PATCH", path, uth_admin, "{\"logo\": \"http://example.com/logo.png\"}", 400,
                        "invalid_input", "logo");
  ts_test_expect_error (server, "PATCH", path, uth_admin, "{\"logo\": \"data:image/png;base64,AAAA\"}", 400,
                        "invalid_input", "logo");
  outlet = ts_test_expect (server, "PATCH", path, uth_admin, "{\"logo\": \"" LOGO_PNG "\"}", 200);
  g_assert_cmpstr (ts_test_member_string (outlet, "logo"), ==, LOGO_PNG);
}

/* F2, F5, P5: a ticket ATH sold for UTH's event prints with UTH's face and
 * UTH's signature, though ATH cannot read that face; the PDF says what the
 * ticket is and its QR code reads back as the barcode. */
static void
test_tickets_print_with_owners_face (void)
{
  gint64 order = sell (ath_boxoffice, 0);
  gint64 face = ts_test_owner_int (server, "SELECT face_id FROM event WHERE id = %" G_GINT64_FORMAT, event);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", order);
  g_autofree char *pdf_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets.pdf?paper=letter", order);
  g_autofree char *face_path = g_strdup_printf ("/api/v1/faces/%" G_GINT64_FORMAT, face);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  g_autoptr(JsonNode) again = NULL;
  JsonArray *tickets = json_object_get_array_member (object_of (answer), "tickets");
  JsonObject *ticket;
  const char *svg, *barcode;
  g_autofree char *number = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *seat = NULL;
  guint8 key[TS_TICKET_KEY_BYTES];
  TsTicketCode code;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ts_test_member_int (answer, "order_id"), ==, order);
  g_assert_cmpuint (json_array_get_length (tickets), ==, 1);
  ticket = json_array_get_object_element (tickets, 0);
  svg = json_object_get_string_member (ticket, "svg");
  barcode = json_object_get_string_member (ticket, "barcode");
  number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (ticket, "ticket_number"));
  seat = ts_test_owner_sqlf (server, "SELECT ts_seat_name (%" G_GINT64_FORMAT ", '%s')", map_id, seats[0]);
  /* F2: the owner's face, which the seller may not read */
  g_assert_nonnull (strstr (svg, "UTH CUSTOM FACE"));
  save_picture (svg, "ticket-thermal-face.png");
  ts_test_expect_error (server, "GET", face_path, ath_manager, NULL, 404, "not_found", "No such ticket face");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "width_mm"), 139.7, 0.001);
  g_assert_nonnull (strstr (svg, LOGO_PNG));
  /* F5: signed with the owner's key, and printing changes nothing */
  key_text = ts_test_owner_sqlf (server, "SELECT encode (public_key, 'base64') FROM ticket_key WHERE outlet_id = %"
                                 G_GINT64_FORMAT, uth);
  g_assert_true (ts_ticket_key_from_base64 (key_text, key, &error));
  g_assert_no_error (error);
  g_assert_true (ts_ticket_code_verify (barcode, key, &code, &error));
  g_assert_no_error (error);
  g_assert_cmpint (code.outlet_id, ==, uth);
  g_assert_cmpint (code.ticket_number, ==, json_object_get_int_member (ticket, "ticket_number"));
  g_assert_cmpint (code.version, ==, 1);
  again = ts_test_expect (server, "GET", path, uth_boxoffice, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (again), "tickets"), 0), "barcode"), ==, barcode);

  if (!have_tools ())
    return;
  /* the QR code in the face reads back as the barcode */
  {
    g_autoptr(GBytes) png = ts_face_render_png (svg, 1400, &error);
    g_autofree char *file = NULL;
    g_autofree char *read = NULL;

    g_assert_no_error (error);
    file = write_temp (png, "ticket-XXXXXX.png");
    read = run ((const char *[]) { "zbarimg", "--raw", "-q", file, NULL });
    g_unlink (file);
    g_assert_cmpstr (g_strstrip (read), ==, barcode);
  }
  /* the PDF through the route: event, seat, ticket number, patron, seller, owner */
  {
    guint status = 0;
    g_autofree char *type = NULL;
    g_autoptr(GBytes) pdf = get_bytes (pdf_path, ath_boxoffice, &status, &type);
    g_autofree char *file = NULL;
    g_autofree char *text = NULL;
    g_autofree char *info = NULL;

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (type, ==, "application/pdf");
    file = write_temp (pdf, "tickets-XXXXXX.pdf");
    text = run ((const char *[]) { "pdftotext", file, "-", NULL });
    info = run ((const char *[]) { "pdfinfo", file, NULL });
    g_unlink (file);
    for (const char **expected = (const char *[]) { "UTH CUSTOM FACE", "Hamlet", seat, number, "Ada Lovelace",
                                                    "35.00 CAD", NULL };
         *expected != NULL; expected++)
      if (strstr (text, *expected) == NULL)
        g_error ("“%s” is not in the PDF: %s", *expected, text);
    {
      g_autofree char *seller = ts_test_owner_sqlf (server, "SELECT name FROM outlet WHERE id = %" G_GINT64_FORMAT, ath);
      g_autofree char *owner = ts_test_owner_sqlf (server, "SELECT name FROM outlet WHERE id = %" G_GINT64_FORMAT, uth);

      g_assert_nonnull (strstr (text, seller));
      g_assert_nonnull (strstr (text, owner));
    }
    g_assert_true (g_regex_match_simple ("Page size: +612 x 792 pts", info, 0, 0));
  }
}

/* P5, C4: who may print which tickets; bad queries are named. */
static void
test_tickets_refusals (void)
{
  gint64 order = sell (ath_boxoffice, 1);
  gint64 item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", order);
  g_autofree char *pdf_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets.pdf", order);
  g_autofree char *other_item = g_strdup_printf ("%s?items=%" G_GINT64_FORMAT, path, item + 1000);
  g_autofree char *refund = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Changed plans\","
                                             " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", item);
  g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", order);
  g_autoptr(JsonNode) none = NULL;

  /* P5: an outlet neither seller nor owner learns nothing, as of an unknown order */
  ts_test_expect_error (server, "GET", path, tix_boxoffice, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/orders/99999999/tickets", tix_boxoffice, NULL, 404, "not_found", NULL);
  ts_test_expect_error (server, "GET", pdf_path, tix_boxoffice, NULL, 404, "not_found", NULL);
  /* C4 */
  ts_test_expect_error (server, "GET", path, uth_staff, NULL, 403, "forbidden", "Walk-up Sales");
  json_node_unref (ts_test_expect (server, "GET", path, uth_walkup, NULL, 200));
  /* bad queries */
  {
    g_autofree char *bad_items = g_strconcat (path, "?items=abc", NULL);
    g_autofree char *bad_paper = g_strconcat (pdf_path, "?paper=a5", NULL);

    ts_test_expect_error (server, "GET", bad_items, ath_boxoffice, NULL, 400, "invalid_input", "items");
    ts_test_expect_error (server, "GET", bad_paper, ath_boxoffice, NULL, 400, "invalid_input", "paper");
    ts_test_expect_error (server, "GET", other_item, ath_boxoffice, NULL, 404, "not_found", "items");
  }
  /* a refunded line is not printed */
  json_node_unref (ts_test_expect (server, "POST", refund_path, ath_boxoffice, refund, 200));
  none = ts_test_expect (server, "GET", path, ath_boxoffice, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (none), "tickets")), ==, 0);
  ts_test_expect_error (server, "GET", pdf_path, ath_boxoffice, NULL, 409, "conflict", "no tickets");
}

/* F5, R1: a reprint voids the old barcode, is counted and audited. */
static void
test_reprint (void)
{
  gint64 order = sell (uth_boxoffice, 2);
  gint64 item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/reprint", order);
  g_autofree char *tickets_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/tickets", order);
  g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Printer jammed\"}", item);
  g_autoptr(JsonNode) before = ts_test_expect (server, "GET", tickets_path, uth_boxoffice, NULL, 200);
  g_autoptr(JsonNode) after = NULL;
  const char *old_barcode = json_object_get_string_member (json_array_get_object_element (
                              json_object_get_array_member (object_of (before), "tickets"), 0), "barcode");
  JsonObject *ticket;

  ts_test_expect_error (server, "POST", path, uth_walkup, body, 403, "forbidden", "Box Office");
  ts_test_expect_error (server, "POST", path, tix_boxoffice, body, 404, "not_found", NULL);
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"items\": [1]}", 400, "invalid_input", "reason");
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"items\": [], \"reason\": \"x\"}", 400, "invalid_input", "items");
  ts_test_expect_error (server, "POST", path, uth_boxoffice, "{\"items\": [99999999], \"reason\": \"x\"}", 404, "not_found",
                        "items");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 1);

  after = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  ticket = json_array_get_object_element (json_object_get_array_member (object_of (after), "tickets"), 0);
  g_assert_cmpstr (json_object_get_string_member (ticket, "barcode"), !=, old_barcode);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT reprint_count FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'ticket_reprinted'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "' AND after ->> 'reason' = 'Printer jammed'",
                                      item), ==, 1);
}

/* F5, S2: a reprint sent again with its idempotency key (the answer was lost)
 * reprints nothing again: the paper printed from the first answer still
 * admits.  The key with another reason (or other tickets) is refused. */
static void
test_reprint_retried (void)
{
  gint64 order = sell (uth_boxoffice, 3);
  gint64 item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/reprint", order);
  g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Printer jammed\","
                                           " \"idempotency_key\": \"reprint-once-1\"}", item);
  g_autofree char *other_reason = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Torn\","
                                                   " \"idempotency_key\": \"reprint-once-1\"}", item);
  g_autofree char *short_key = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"x\","
                                                " \"idempotency_key\": \"short\"}", item);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;

  ts_test_expect_error (server, "POST", path, uth_boxoffice, short_key, 400, "invalid_input", "idempotency_key");
  first = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  again = ts_test_expect (server, "POST", path, uth_boxoffice, body, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (again), "tickets"), 0), "barcode"), ==,
                   json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (first), "tickets"), 0), "barcode"));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT reprint_count FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'ticket_reprinted'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "'", item), ==, 1);
  ts_test_expect_error (server, "POST", path, uth_boxoffice, other_reason, 409, "conflict", "idempotency_key");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT barcode_version FROM order_item WHERE id = %" G_GINT64_FORMAT, item), ==, 2);
}

/* F1: the editor previews with the outlet's latest sold ticket, or made-up
 * values when it has sold none of its own. */
static void
test_sample (void)
{
  g_autoptr(JsonNode) uth_sample = ts_test_expect (server, "GET", "/api/v1/faces/sample", uth_manager, NULL, 200);
  g_autoptr(JsonNode) tix_sample = ts_test_expect (server, "GET", "/api/v1/faces/sample", tix_boxoffice, NULL, 403);
  g_autofree char *tix_manager = ts_test_sign_in (server, "TIX", "manager", "manager-password");
  g_autoptr(JsonNode) made_up = ts_test_expect (server, "GET", "/api/v1/faces/sample", tix_manager, NULL, 200);
  gint64 latest = ts_test_owner_int (server, "SELECT max (id) FROM order_item WHERE owner_outlet_id = %" G_GINT64_FORMAT
                                     " AND status = 'sold'", uth);
  JsonObject *values = json_object_get_object_member (object_of (uth_sample), "values");

  g_assert_cmpint (ts_test_member_int (uth_sample, "item_id"), ==, latest);
  g_assert_cmpstr (json_object_get_string_member (values, "event"), ==, "Hamlet");
  g_assert_cmpstr (json_object_get_string_member (values, "patron"), ==, "Ada Lovelace");
  /* when, in the owning outlet's time zone whatever the server's */
  {
    g_autofree char *date = ts_test_owner_sqlf (server, "SELECT to_char (starts_at AT TIME ZONE 'America/Toronto', 'YYYY-MM-DD')"
                                                " FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
    g_autofree char *time = ts_test_owner_sqlf (server, "SELECT to_char (starts_at AT TIME ZONE 'America/Toronto', 'HH24:MI')"
                                                " FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
    g_autofree char *utc = ts_test_owner_sqlf (server, "SELECT to_char (starts_at AT TIME ZONE 'UTC', 'HH24:MI')"
                                               " FROM performance WHERE id = %" G_GINT64_FORMAT, perf);
    g_autofree char *owner = ts_test_owner_sqlf (server, "SELECT name FROM outlet WHERE id = %" G_GINT64_FORMAT, uth);

    g_assert_cmpstr (json_object_get_string_member (values, "performance_date"), ==, date);
    g_assert_cmpstr (json_object_get_string_member (values, "performance_time"), ==, time);
    g_assert_cmpstr (time, !=, utc);
    g_assert_cmpstr (json_object_get_string_member (values, "price"), ==, "35.00 CAD");
    g_assert_cmpstr (json_object_get_string_member (values, "seller"), ==, owner);
  }
  g_assert_true (g_str_has_prefix (ts_test_member_string (uth_sample, "barcode"), "TS1-"));
  g_assert_true (json_object_get_null_member (object_of (made_up), "item_id"));
  /* the default face, filled as the editor fills it */
  for (JsonNode **sample = (JsonNode *[]) { uth_sample, made_up, NULL }; *sample != NULL; sample++)
    {
      g_autofree char *svg = ts_test_owner_sqlf (server, "SELECT svg FROM ticket_face WHERE id = %" G_GINT64_FORMAT,
                                                 default_face (uth));
      g_autoptr(GHashTable) filled_values = g_hash_table_new (g_str_hash, g_str_equal);
      JsonObject *given = json_object_get_object_member (object_of (*sample), "values");
      g_autoptr(GList) names = json_object_get_members (given);
      g_autoptr(GError) error = NULL;
      g_autofree char *filled = NULL;

      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_insert (filled_values, l->data, (gpointer) json_object_get_string_member (given, l->data));
      filled = ts_face_fill (svg, filled_values, ts_test_member_string (*sample, "barcode"), &error);
      g_assert_no_error (error);
      save_picture (filled, *sample == uth_sample ? "ticket-default-face.png" : "ticket-default-face-made-up.png");
    }
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (object_of (made_up), "values"), "event"));
  ts_test_expect_error (server, "GET", "/api/v1/faces/sample", master, NULL, 400, "invalid_input", "outlet_id");
}

static void
set_up_season (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 3,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  gint64 commission;

  map_id = json_object_get_int_member (json_object_get_object_member (object_of (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale, outlets_on_sale, allow_other_outlets) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", now () + interval '10 days', 6, 6, now () - interval '1 day',"
                            " now () - interval '1 day', true) RETURNING id", event, uth);
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", perf, ath);
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", uth);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                             " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %"
                             G_GINT64_FORMAT ") RETURNING id", uth, commission);
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", uth, adult, perf);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet) VALUES ('Ada', 'Lovelace', %"
                              G_GINT64_FORMAT ") RETURNING id", uth);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  uth_walkup = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  tix_boxoffice = ts_test_sign_in (server, "TIX", "boxoffice", "boxoffice-password");
  set_up_season ();

  /* In this order: each test builds on the ones before. */
  g_test_add_func ("/faces/default-for-every-outlet", test_default_faces);
  g_test_add_func ("/faces/refusals", test_face_refusals);
  g_test_add_func ("/faces/life", test_face_life);
  g_test_add_func ("/faces/privacy", test_face_privacy);
  g_test_add_func ("/faces/outlet-logo", test_outlet_logo);
  g_test_add_func ("/tickets/owners-face-pdf-and-qr", test_tickets_print_with_owners_face);
  g_test_add_func ("/tickets/refusals", test_tickets_refusals);
  g_test_add_func ("/tickets/reprint", test_reprint);
  g_test_add_func ("/tickets/reprint-retried", test_reprint_retried);
  g_test_add_func ("/tickets/sample-for-the-editor", test_sample);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
