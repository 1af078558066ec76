/* test-api-error.c: the FERRY_API_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-core.h"

static void
test_domain (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (g_quark_to_string (FERRY_API_ERROR), ==, "ferry-api-error-quark");

  g_set_error_literal (&error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN, "No privilege");
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
}

static void
test_from_status (void)
{
  static const struct {
    guint status;
    FerryApiError code;
  } cases[] = {
    { 400, FERRY_API_ERROR_BAD_REQUEST },
    { 401, FERRY_API_ERROR_UNAUTHORIZED },
    { 403, FERRY_API_ERROR_FORBIDDEN },
    { 404, FERRY_API_ERROR_NOT_FOUND },
    { 409, FERRY_API_ERROR_CONFLICT },
    { 413, FERRY_API_ERROR_BAD_REQUEST },
    { 500, FERRY_API_ERROR_SERVER },
    { 502, FERRY_API_ERROR_SERVER },
    { 503, FERRY_API_ERROR_UNAVAILABLE },
    { 302, FERRY_API_ERROR_FAILED },
    { 0, FERRY_API_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ferry_api_error_from_status (cases[i].status), ==, cases[i].code);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api-error/domain", test_domain);
  g_test_add_func ("/api-error/from-status", test_from_status);

  return g_test_run ();
}
