/*
** test-base-qr.c: the QR writer (base/mb-qr.h): a PNG with the signature,
** read back by cairo at the size the module count implies, white quiet
** zone, every module where libqrencode put it, the caption band white,
** and a write to a missing directory reported as MB_ERROR_IO.
*/
#include "mb-error.h"
#include "mb-qr.h"
#include "testutil.h"
#include <string.h>

/* The RGB of one pixel of an RGB24 image. */
static guint32 pixel(cairo_surface_t *img, int x, int y)
{
  const guint8 *row = cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img);
  return ((const guint32 *)(const void *)row)[x] & 0xFFFFFF;
}

static void test_png(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "qr.png", NULL);
  const char *text = "https://hub.example.kr/r/0190a1b2";
  int px = 3, extra = 10, width = 0;
  g_autofree guint8 *m = mb_qr_modules(text, &width, &error);
  g_assert_no_error(error);
  g_assert_cmpint(width, >=, 21);
  cairo_surface_t *surf = mb_qr_surface(text, px, extra, &error);
  g_assert_no_error(error);
  g_assert_true(mb_qr_write_png(surf, path, &error));
  g_assert_no_error(error);
  cairo_surface_destroy(surf);

  g_autofree char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, NULL));
  g_assert_cmpuint(len, >, 8);
  g_assert_cmpmem(data, 8, "\x89PNG\r\n\x1A\n", 8);

  cairo_surface_t *img = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  int side = (width + 2 * MB_QR_QUIET) * px;
  g_assert_cmpint(cairo_image_surface_get_width(img), ==, side);
  g_assert_cmpint(cairo_image_surface_get_height(img), ==, side + extra);
  g_assert_cmphex(pixel(img, 0, 0), ==, 0xFFFFFF);
  g_assert_cmphex(pixel(img, side - 1, side + extra - 1), ==, 0xFFFFFF);
  int dark = 0;
  for (int y = 0; y < width; y++)
    for (int x = 0; x < width; x++) {
      guint32 want = m[y * width + x] ? 0x000000 : 0xFFFFFF;
      dark += m[y * width + x];
      g_assert_cmphex(pixel(img, (x + MB_QR_QUIET) * px + 1, (y + MB_QR_QUIET) * px + 1), ==,
                      want);
    }
  g_assert_cmpint(dark, >, 0);
  g_assert_cmpint(m[0], ==, 1);   /* the top-left finder's corner */
  cairo_surface_destroy(img);

  surf = mb_qr_surface(text, 2, 0, &error);
  g_assert_false(mb_qr_write_png(surf, "/nonexistent/dir/qr.png", &error));
  g_assert_error(error, MB_ERROR, MB_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "/nonexistent/dir/qr.png"));
  cairo_surface_destroy(surf);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/qr/png", test_png);
  return g_test_run();
}
