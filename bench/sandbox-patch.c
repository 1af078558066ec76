/* sandbox-patch.c: PATCH latency against the number of migration records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For 0, 3,000 and 20,000 records (the sandbox's "seed-migrations"), an
 * in-process sandbox (tutorial-dev) on a fresh state folder; ROUNDS times:
 * create a project merge (POST /api/migrations, wait until created), then
 * time its PATCH importRequestStatus=requested, answered once its commit
 * is durable. Prints the median and the slowest PATCH per size: with one
 * journal entry per change they stay flat.
 *
 *   bench-sandbox-patch [ROUNDS]     (default 30)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define CREATE_BODY \
  "{\"packageInfo\":{\"type\":\"project\",\"purpose\":\"project_merge\",\"name\":\"bench\"," \
  "\"environment\":{\"id\":\"dev/\",\"name\":\"Development\"}," \
  "\"tocView\":{\"settings\":{\"updateSchema\":[],\"aclOnReplacingObjects\":\"use_existing\"," \
  "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"],\"validateDependencies\":true," \
  "\"defaultAction\":\"use_existing\",\"folderActions\":[],\"objectTypeActions\":[]," \
  "\"objectActions\":[],\"translationAction\":\"existing\"}},\"treeView\":{}}," \
  "\"importInfo\":{\"environment\":{\"id\":\"prod/\",\"name\":\"Production\"}," \
  "\"project\":{\"id\":\"" PROJECT "\",\"name\":\"MicroStrategy Tutorial\"}}}"

static void
run (guint records,
     guint rounds)
{
  g_autofree char *state = g_dir_make_tmp ("bench-patch-XXXXXX", NULL);
  g_autofree char *storage = g_build_filename (state, "storage", NULL);
  g_autofree char *dir = g_build_filename (state, "state", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *times = g_new0 (double, rounds);
  FerrySandbox *sb;
  BenchClient c = { 0 };

  g_mkdir_with_parents (storage, 0755);
  sb = ferry_sandbox_new (dir, "tutorial-dev");
  g_object_set (sb, "shared-storage", storage, "seed-migrations", records, NULL);
  if (!ferry_sandbox_start (sb, &error))
    g_error ("%s", error->message);
  bench_client_login (&c, ferry_sandbox_get_base_url (sb), BENCH_REQUEST_NONE);

  for (guint i = 0; i < rounds; i++)
    {
      guint status = 0;
      g_autoptr(GBytes) reply = bench_client_request (&c, "POST", "/api/migrations", PROJECT,
                                                      BENCH_REQUEST_NONE, CREATE_BODY, &status, NULL);
      g_autoptr(JsonNode) created = bench_json_from_bytes (reply);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) patched = NULL;
      gint64 t0;

      if (status != 201)
        g_error ("create: %u", status);
      path = g_strdup_printf ("/api/migrations/%s",
                              json_object_get_string_member (json_node_get_object (created), "id"));
      for (;;)
        {
          g_autoptr(GBytes) r = bench_client_request (&c, "GET", path, NULL, BENCH_REQUEST_NONE, NULL, &status, NULL);
          g_autoptr(JsonNode) n = bench_json_from_bytes (r);
          const char *s = bench_record_string (n, "packageInfo", "status");

          if (g_strcmp0 (s, "created") == 0)
            break;
          if (s == NULL || g_str_has_suffix (s, "failed"))
            g_error ("create ended %s", s ? s : "(none)");
          g_usleep (2000);
        }
      t0 = g_get_monotonic_time ();
      patched = bench_client_request (&c, "PATCH", path, NULL, BENCH_REQUEST_NONE,
                                      "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", &status, NULL);
      times[i] = bench_ms_since (t0);
      if (status != 200)
        g_error ("PATCH: %u", status);
    }
  bench_sort_doubles (times, rounds);
  printf ("%6u records: PATCH median %.2f ms, slowest %.2f ms (%u PATCHes)\n",
          records, times[rounds / 2], times[rounds - 1], rounds);

  bench_client_clear (&c);
  ferry_sandbox_stop (sb);
  g_object_unref (sb);
  bench_remove_tree (state);
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = bench_arg_uint (argc, argv, 1, 30);
  const guint sizes[] = { 0, 3000, 20000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    run (sizes[i], MAX (rounds, 1));
  return 0;
}
