/* fuzz-package.c: fuzz targets for package files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * package-mmp: the sandbox's reader of .mmp files (a package or an undo
 * package uploaded, or read back from the shared storage); what it reads
 * is written again and must read back.
 * package-plan: the core's reader of plan files, which are also the
 * draft files (ferry-draft-file.c reads a draft with
 * ferry_plan_new_from_data); what it reads is written again and must read
 * back.
 */

#include "ferry-core.h"
#include "ferry-sandbox-package-file.h"
#include "fuzz-util.h"

static void
fuzz_mmp (const guint8 *data,
          gsize         size,
          gpointer      user_data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPackageFile) pkg = sb_package_file_parse (bytes, &error);

  g_assert_true ((pkg != NULL) != (error != NULL));
  if (pkg != NULL)
    {
      g_autoptr(GBytes) again = sb_package_file_serialize (pkg);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(SbPackageFile) reread = sb_package_file_parse (again, &again_error);

      g_assert_no_error (again_error);
      g_assert_cmpuint (reread->items->len, ==, pkg->items->len);
    }
}

static void
fuzz_plan (const guint8 *data,
           gsize         size,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) plan = ferry_plan_new_from_data ((const char *) data, (gssize) size, &error);

  g_assert_true ((plan != NULL) != (error != NULL));
  if (plan != NULL)
    {
      gsize length = 0;
      g_autofree char *text = ferry_plan_to_data (plan, &length);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(FerryPlan) reread = ferry_plan_new_from_data (text, (gssize) length, &again_error);

      g_assert_no_error (again_error);
    }
}

static void
test_target (gconstpointer data)
{
  fuzz_run (data);
}

int
main (int argc, char *argv[])
{
  static const FuzzTarget targets[] = {
    /* the 12-byte signature stays as it is under JSON mutations */
    { "package-mmp",  fuzz_mmp,  NULL, TRUE, 12, 100000, 5 },
    { "package-plan", fuzz_plan, NULL, TRUE, 0,  200000, 3 },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/%s", targets[i].name);
      g_test_add_data_func (path, &targets[i], test_target);
    }
  return g_test_run ();
}
