/* test-faces.c — unit tests of the ticket-face library (common/faces, rule
 * F1): placeholders filled and escaped, faces refused with their reason,
 * the layout of sheets, and faces drawn to PNG (the QR code read back with
 * zbarimg) and to PDF (read back with pdftotext and pdfinfo) */
#include <string.h>

#include <glib/gstdio.h>

#include "ts-error.h"
#include "ts-face.h"

#define FACE \
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"203.2mm\" height=\"82.55mm\" viewBox=\"0 0 203.2 82.55\">" \
  "<rect width=\"203.2\" height=\"82.55\" fill=\"#fff\"/>" \
  "<text x=\"6\" y=\"20\" font-size=\"6\" font-family=\"DejaVu Sans\">{{event}}</text>" \
  "<text x=\"6\" y=\"32\" font-size=\"5\" font-family=\"DejaVu Sans\">{{ place }} {{ticket_number}}</text>" \
  "<text x=\"6\" y=\"44\" font-size=\"5\" font-family=\"DejaVu Sans\">{{patron}} {{unknown}}</text>" \
  "<image x=\"6\" y=\"50\" width=\"10\" height=\"10\" href=\"{{owner_logo}}\"/>" \
  "<rect id=\"barcode\" x=\"150\" y=\"10\" width=\"45\" height=\"45\" fill=\"#eee\"/>" \
  "</svg>"

#define CODE "TS1-7-1042-1-ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWX"

static GHashTable *
sample_values (const char *event)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, "event", (gpointer) event);
  g_hash_table_insert (values, "place", "Orchestra row C seat 12");
  g_hash_table_insert (values, "ticket_number", "1042");
  return values;
}

static void
test_placeholders (void)
{
  const char * const *names = ts_face_placeholders ();

  for (const char * const *expected = (const char *[]) {
         "event", "performance_date", "performance_time", "venue", "section", "row", "seat", "area", "place",
         "price", "ticket_type", "display_letter", "patron", "order_number", "ticket_number", "seller", "owner",
         "owner_logo", NULL };
       *expected != NULL; expected++)
    g_assert_true (g_strv_contains (names, *expected));
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 18);
}

/* F1: a value is text, never markup: escaped, the face stays valid. */
static void
test_fill_escapes (void)
{
  g_autoptr(GHashTable) values = sample_values ("Tom & Jerry <live> \"encore\" '24");
  g_autoptr(GError) error = NULL;
  g_autofree char *filled = ts_face_fill (FACE, values, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (filled, "Tom &amp; Jerry &lt;live&gt; &quot;encore&quot; &apos;24"));
  g_assert_null (strstr (filled, "<live>"));
  g_assert_nonnull (strstr (filled, "Orchestra row C seat 12 1042"));
  /* a placeholder with no value is empty; a name that is none stays */
  g_assert_null (strstr (filled, "{{patron}}"));
  g_assert_nonnull (strstr (filled, "{{unknown}}"));
  /* no barcode: the box is as the face draws it */
  g_assert_nonnull (strstr (filled, "id=\"barcode\" x=\"150\""));
  g_assert_true (ts_face_check (filled, &error));
  g_assert_no_error (error);
}

/* F1: data-if="row" keeps an element only when the ticket has a row: a
 * general-admission ticket prints without the row and seat headings. */
static void
test_fill_conditionals (void)
{
  static const char *face =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80mm\" height=\"30mm\" viewBox=\"0 0 80 30\">"
    "<text x=\"1\" y=\"5\" data-if=\"row\">ROW</text>"
    "<g data-if='seat'><g><text x=\"1\" y=\"9\">SEAT</text></g><text x=\"1\" y=\"12\">{{seat}}</text></g>"
    "<rect data-if=\"area\" x=\"1\" y=\"13\" width=\"2\" height=\"2\"/>"
    "<text x=\"1\" y=\"18\"><textPath href=\"#p\" data-if=\"nonsense\">kept</textPath></text>"
    "<text x=\"1\" y=\"22\">{{area}}{{row}}</text>"
    "</svg>";
  g_autoptr(GHashTable) seated = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) standing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *seat_face = NULL;
  g_autofree char *area_face = NULL;

  g_hash_table_insert (seated, "row", "B");
  g_hash_table_insert (seated, "seat", "20");
  g_hash_table_insert (seated, "area", "");
  g_hash_table_insert (standing, "area", "Standing floor");
  g_hash_table_insert (standing, "row", "");

  seat_face = ts_face_fill (face, seated, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (seat_face, ">ROW<"));
  g_assert_nonnull (strstr (seat_face, ">SEAT<"));
  g_assert_nonnull (strstr (seat_face, ">20<"));
  g_assert_null (strstr (seat_face, "<rect"));
  g_assert_nonnull (strstr (seat_face, ">kept<"));

  area_face = ts_face_fill (face, standing, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (area_face, "ROW"));
  g_assert_null (strstr (area_face, "SEAT"));
  g_assert_nonnull (strstr (area_face, "<rect data-if=\"area\""));
  g_assert_nonnull (strstr (area_face, ">kept<"));
  g_assert_nonnull (strstr (area_face, ">Standing floor<"));
  g_assert_true (ts_face_check (area_face, &error));
  g_assert_no_error (error);
}

static void
expect_refused (const char *svg,
                const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ts_face_check (svg, &error));
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  if (strstr (error->message, reason) == NULL)
    g_error ("expected “%s” in “%s”", reason, error->message);
}

#define SVG_OPEN "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100mm\" height=\"50mm\">"

/* F1: each refusal says why, in words a manager understands. */
static void
test_check_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  GString *big = g_string_new (SVG_OPEN "<!--");

  expect_refused ("", "is empty");
  expect_refused (SVG_OPEN "<rect></svg>", "is not valid XML");
  expect_refused ("<html><body>ticket</body></html>", "is not an SVG document");
  expect_refused (SVG_OPEN "<image href=\"http://example.com/logo.png\" width=\"1\" height=\"1\"/></svg>",
                  "from other files");
  expect_refused (SVG_OPEN "<image xlink:href=\"logo.png\" width=\"1\" height=\"1\"/></svg>", "from other files");
  expect_refused (SVG_OPEN "<image href=\"file:///etc/passwd\" width=\"1\" height=\"1\"/></svg>", "from other files");
  expect_refused (SVG_OPEN "<rect style=\"fill: url(https://example.com/p.svg#x)\" width=\"1\" height=\"1\"/></svg>",
                  "from other files");
  expect_refused (SVG_OPEN "<style>@import url(\"theme.css\");</style></svg>", "import style sheets");
  expect_refused (SVG_OPEN "<style>rect { fill: url(paint.svg#p) }</style></svg>", "from other files");
  expect_refused (SVG_OPEN "<script>alert(1)</script></svg>", "scripts");
  expect_refused (SVG_OPEN "<rect onload=\"alert(1)\" width=\"1\" height=\"1\"/></svg>", "scripts");
  expect_refused (SVG_OPEN "<foreignObject width=\"1\" height=\"1\"><p>hi</p></foreignObject></svg>",
                  "foreign objects");
  expect_refused ("<?xml-stylesheet href=\"style.css\"?>" SVG_OPEN "</svg>", "other files");
  expect_refused ("<!DOCTYPE svg [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>" SVG_OPEN "</svg>", "other files");
  expect_refused ("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>", "no printed size");
  expect_refused ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"100%\"/>", "no printed size");
  /* what would make Pango refuse the text (a critical) or fail to draw it */
  expect_refused (SVG_OPEN "<text font-size=\"-5\">A</text></svg>", "font size");
  expect_refused (SVG_OPEN "<text style=\"font-size: 99999999px\">A</text></svg>", "font size");
  expect_refused (SVG_OPEN "<style>text { font: bold 3em serif }</style><text>A</text></svg>", "font size");
  expect_refused (SVG_OPEN "<g transform=\"scale(1e9)\"><text font-size=\"10\">A</text></g></svg>", "enlarges");
  expect_refused (SVG_OPEN "<g font-size=\"0.0001\" transform=\"scale(40)\"><g transform=\"matrix(40 0 0 40 0 0)\">"
                  "<text>A</text></g></g></svg>", "enlarges");
  expect_refused (SVG_OPEN "<g transform=\"scale(10)\"><text font-size=\"199\">A</text></g></svg>", "font size");
  expect_refused ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100mm\" height=\"50mm\" viewBox=\"0 0 0.0001 0.00005\">"
                  "<text font-size=\"10\">A</text></svg>", "enlarges");
  expect_refused (SVG_OPEN "<text style=\"transform: scale(1e9)\">A</text></svg>", "transforms in style sheets");
  while (big->len <= TS_FACE_MAX_BYTES)
    g_string_append (big, "padding padding padding padding ");
  g_string_append (big, "--></svg>");
  huge = g_string_free (big, FALSE);
  expect_refused (huge, "larger than 1 MB");

  /* what stays inside the face is fine */
  g_assert_true (ts_face_check (SVG_OPEN "<defs><linearGradient id=\"g\"/></defs>"
                                "<rect fill=\"url(#g)\" width=\"1\" height=\"1\"/>"
                                "<use href=\"#g\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\"/>"
                                "<image href=\" {{owner_logo}} \"/></svg>", &error));
  g_assert_no_error (error);
  g_assert_true (ts_face_check (FACE, &error));
  g_assert_no_error (error);
}

static void
test_size (void)
{
  g_autoptr(GError) error = NULL;
  double w, h;

  g_assert_true (ts_face_size_mm (FACE, &w, &h, &error));
  g_assert_cmpfloat_with_epsilon (w, 203.2, 0.001);
  g_assert_cmpfloat_with_epsilon (h, 82.55, 0.001);
  g_assert_true (ts_face_size_mm ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"5.5in\" height=\"144pt\"/>",
                                  &w, &h, &error));
  g_assert_cmpfloat_with_epsilon (w, 139.7, 0.001);
  g_assert_cmpfloat_with_epsilon (h, 50.8, 0.001);
  g_assert_true (ts_face_size_mm ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"384\" height=\"96px\"/>",
                                  &w, &h, &error));
  g_assert_cmpfloat_with_epsilon (w, 101.6, 0.001);
  g_assert_cmpfloat_with_epsilon (h, 25.4, 0.001);
}

static void
test_layout (void)
{
  double x, y;

  /* 8 × 3.25 in stock: three to an A4 or Letter sheet */
  g_assert_cmpuint (ts_face_layout_per_page (210, 297, 203.2, 82.55), ==, 3);
  g_assert_cmpuint (ts_face_layout_per_page (215.9, 279.4, 203.2, 82.55), ==, 3);
  /* 5.5 × 2 in: more would fit, three at most */
  g_assert_cmpuint (ts_face_layout_per_page (210, 297, 139.7, 50.8), ==, 3);
  /* a phone face: one */
  g_assert_cmpuint (ts_face_layout_per_page (210, 297, 75, 150), ==, 1);
  /* larger than the page: still one */
  g_assert_cmpuint (ts_face_layout_per_page (210, 297, 300, 400), ==, 1);
  /* a ticket page: one, at the corner */
  g_assert_cmpuint (ts_face_layout_per_page (203.2, 82.55, 203.2, 82.55), ==, 1);
  ts_face_layout_slot (203.2, 82.55, 203.2, 82.55, 0, &x, &y);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 0);

  /* stacked, centred, 5 mm apart, never over the page */
  ts_face_layout_slot (210, 297, 203.2, 82.55, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 3.4, 0.001);
  g_assert_cmpfloat_with_epsilon (y, (297 - 3 * 82.55 - 10) / 2, 0.001);
  ts_face_layout_slot (210, 297, 203.2, 82.55, 2, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, (297 - 3 * 82.55 - 10) / 2 + 2 * 87.55, 0.001);
  g_assert_cmpfloat (y + 82.55, <=, 297 - 10);
  /* slot 3 is the next page's first */
  ts_face_layout_slot (210, 297, 203.2, 82.55, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, (297 - 3 * 82.55 - 10) / 2, 0.001);
}

static char *
run (const char * const *argv,
     GError            **error)
{
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      g_free (out);
      return NULL;
    }
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

/* The QR code drawn in the box reads back as the barcode. */
static void
test_png_barcode (void)
{
  g_autoptr(GHashTable) values = sample_values ("Gala");
  g_autoptr(GError) error = NULL;
  g_autofree char *filled = ts_face_fill (FACE, values, CODE, &error);
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autofree char *read = NULL;

  g_assert_no_error (error);
  g_assert_null (strstr (filled, "fill=\"#eee\""));
  g_assert_nonnull (strstr (filled, "<g id=\"barcode\">"));
  png = ts_face_render_png (filled, 1200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (png), >, 1000);
  g_assert_cmpint (memcmp (g_bytes_get_data (png, NULL), "\x89PNG", 4), ==, 0);
  if (g_find_program_in_path ("zbarimg") == NULL)
    {
      g_test_skip ("zbarimg is missing (Debian's zbar-tools; build-aux/install-deps.sh installs it)");
      return;
    }
  path = write_temp (png, "face-XXXXXX.png");
  read = run ((const char *[]) { "zbarimg", "--raw", "-q", path, NULL }, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (read), ==, CODE);
}

static void
test_pdf (void)
{
  g_autoptr(GPtrArray) faces = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  static const char * const events[] = { "Opening night", "Second show", "Matinée", "Closing gala" };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autoptr(GHashTable) values = sample_values (events[i]);

      g_ptr_array_add (faces, ts_face_fill (FACE, values, CODE, &error));
      g_assert_no_error (error);
    }
  if (g_find_program_in_path ("pdftotext") == NULL || g_find_program_in_path ("pdfinfo") == NULL)
    {
      g_test_skip ("pdftotext or pdfinfo is missing (Debian's poppler-utils; build-aux/install-deps.sh installs it)");
      return;
    }
  for (TsFacePaper paper = TS_FACE_PAPER_TICKET; paper <= TS_FACE_PAPER_LETTER; paper++)
    {
      g_autoptr(GBytes) pdf = ts_face_render_pdf ((const char * const *) faces->pdata, faces->len, paper, &error);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *info = NULL;

      g_assert_no_error (error);
      path = write_temp (pdf, "faces-XXXXXX.pdf");
      text = run ((const char *[]) { "pdftotext", path, "-", NULL }, &error);
      g_assert_no_error (error);
      info = run ((const char *[]) { "pdfinfo", path, NULL }, &error);
      g_assert_no_error (error);
      g_unlink (path);
      for (guint i = 0; i < G_N_ELEMENTS (events); i++)
        g_assert_nonnull (strstr (text, events[i]));
      g_assert_nonnull (strstr (text, "Orchestra row C seat 12 1042"));
      if (paper == TS_FACE_PAPER_TICKET)
        {
          /* one face a page, the page the stock's size: 8 × 3.25 in */
          g_assert_true (g_regex_match_simple ("Pages: +4\n", info, 0, 0));
          g_assert_true (g_regex_match_simple ("Page size: +576 x 234 pts", info, 0, 0));
        }
      else
        {
          g_assert_true (g_regex_match_simple ("Pages: +2\n", info, 0, 0));
          g_assert_true (g_regex_match_simple (paper == TS_FACE_PAPER_A4 ? "Page size: +595.2\\d* x 841.8\\d* pts"
                                                                          : "Page size: +612 x 792 pts",
                                               info, 0, 0));
        }
    }
}

/* F1: the stock faces shipped for the editor are valid faces of their
 * stock's size, and their QR code reads back. */
static void
test_stock_faces (void)
{
  static const struct { const char *file; double width_mm, height_mm; } stock[] = {
    { "thermal-5.5x2in.svg", 139.7, 50.8 },
    { "mobile-phone.svg", 72, 144 },
  };
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  for (guint i = 0; i < G_N_ELEMENTS (stock); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "faces", stock[i].file, NULL);
      g_autofree char *svg = NULL;
      g_autofree char *filled = NULL;
      g_autoptr(GHashTable) values = sample_values ("A Midsummer Night's Dream & Co.");
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GError) error = NULL;
      const char *shots = g_getenv ("TESSERA_SCREENSHOTS");
      double w, h;

      g_assert_true (g_file_get_contents (path, &svg, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (ts_face_check (svg, &error));
      g_assert_no_error (error);
      g_assert_true (ts_face_size_mm (svg, &w, &h, &error));
      g_assert_cmpfloat_with_epsilon (w, stock[i].width_mm, 0.001);
      g_assert_cmpfloat_with_epsilon (h, stock[i].height_mm, 0.001);
      g_hash_table_insert (values, "section", "Orchestra");
      g_hash_table_insert (values, "row", "C");
      g_hash_table_insert (values, "seat", "12");
      g_hash_table_insert (values, "performance_date", "2027-03-14");
      g_hash_table_insert (values, "performance_time", "19:30");
      g_hash_table_insert (values, "owner", "University Theatre");
      g_hash_table_insert (values, "patron", "Ada Lovelace");
      g_hash_table_insert (values, "price", "35.00 CAD");
      filled = ts_face_fill (svg, values, CODE, &error);
      g_assert_no_error (error);
      png = ts_face_render_png (filled, 1400, &error);
      g_assert_no_error (error);
      if (shots != NULL)
        {
          g_autofree char *shot = g_strdup_printf ("%s/face-%s.png", shots, stock[i].file);

          g_assert_true (g_file_set_contents (shot, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
        }
      if (zbarimg != NULL)
        {
          g_autofree char *file = write_temp (png, "stock-XXXXXX.png");
          g_autofree char *read = run ((const char *[]) { "zbarimg", "--raw", "-q", file, NULL }, &error);

          g_unlink (file);
          g_assert_no_error (error);
          g_assert_cmpstr (g_strstrip (read), ==, CODE);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/faces/placeholders", test_placeholders);
  g_test_add_func ("/faces/fill/escapes", test_fill_escapes);
  g_test_add_func ("/faces/fill/conditionals", test_fill_conditionals);
  g_test_add_func ("/faces/check/refusals", test_check_refusals);
  g_test_add_func ("/faces/size", test_size);
  g_test_add_func ("/faces/layout", test_layout);
  g_test_add_func ("/faces/render/png-barcode", test_png_barcode);
  g_test_add_func ("/faces/render/pdf", test_pdf);
  g_test_add_func ("/faces/stock", test_stock_faces);
  return g_test_run ();
}
