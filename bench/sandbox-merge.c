/* sandbox-merge.c: how long a whole-project merge takes in the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts two in-process sandboxes sharing storage — source seeded
 * generated:N, target seeded empty — and runs the project merge of
 * spec/project-merge-between-environments.md over HTTP (create, poll,
 * request, approve, read, PUT on target, poll), then prints the time of each
 * phase and the process's resident memory before and after.
 *
 *   bench-sandbox-merge [N]     (default 10000)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* The requests of this bench carry neither Accept nor Prefer. */
static JsonNode *
call (BenchClient *c,
      const char  *method,
      const char  *path,
      const char  *project,
      const char  *body,
      guint       *status_out)
{
  g_autoptr(GBytes) reply = bench_client_request (c, method, path, project, BENCH_REQUEST_NONE, body,
                                                  status_out, NULL);

  return bench_json_from_bytes (reply);
}

static double
wait_for (BenchClient *c,
          const char  *id,
          const char  *info,
          const char  *wanted,
          guint       *polls)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      guint status;
      g_autoptr(JsonNode) n = call (c, "GET", path, NULL, NULL, &status);
      const char *s = bench_record_string (n, info, "status");

      (*polls)++;
      if (g_strcmp0 (s, wanted) == 0)
        break;
      if (g_str_has_suffix (s, "failed"))
        g_error ("%s ended %s", info, s);
      g_usleep (20000);
    }
  return bench_seconds_since (start);
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 10000);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autofree char *storage = g_build_filename (tmp, "storage", NULL);
  g_autofree char *dev_state = g_build_filename (tmp, "dev", NULL);
  g_autofree char *prod_state = g_build_filename (tmp, "prod", NULL);
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autoptr(FerrySandbox) dev = NULL;
  g_autoptr(FerrySandbox) prod = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) put = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  BenchClient src = { 0 }, dst = { 0 };
  long rss0, rss1, rss2;
  gint64 t0, t1;
  double create_s, import_s;
  guint status, polls = 0;
  const char *id;
  JsonObject *pinfo;

  g_mkdir_with_parents (storage, 0755);
  rss0 = bench_rss_kib ();

  t0 = g_get_monotonic_time ();
  dev = ferry_sandbox_new (dev_state, seed);
  g_object_set (dev, "shared-storage", storage, "name", "Development", NULL);
  prod = ferry_sandbox_new (prod_state, "empty");
  g_object_set (prod, "shared-storage", storage, "name", "Production", NULL);
  if (!ferry_sandbox_start (dev, &error) || !ferry_sandbox_start (prod, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  rss1 = bench_rss_kib ();
  printf ("seed %s and start: %.2f s, RSS %ld MiB → %ld MiB\n", seed, (t1 - t0) / 1e6,
          rss0 / 1024, rss1 / 1024);

  bench_client_login (&src, ferry_sandbox_get_base_url (dev), BENCH_REQUEST_NONE);
  bench_client_login (&dst, ferry_sandbox_get_base_url (prod), BENCH_REQUEST_NONE);

  t0 = g_get_monotonic_time ();
  created = call (&src, "POST", "/api/migrations", PROJECT,
                  "{\"packageInfo\":{\"type\":\"project\",\"purpose\":\"project_merge\",\"name\":\"bench\","
                  "\"environment\":{\"id\":\"dev/\",\"name\":\"Development\"},"
                  "\"tocView\":{\"settings\":{\"updateSchema\":[],\"aclOnReplacingObjects\":\"use_existing\","
                  "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"],\"validateDependencies\":true,"
                  "\"defaultAction\":\"use_existing\",\"folderActions\":[],\"objectTypeActions\":[],"
                  "\"objectActions\":[],\"translationAction\":\"existing\"}},\"treeView\":{}},"
                  "\"importInfo\":{\"environment\":{\"id\":\"prod/\",\"name\":\"Production\"},"
                  "\"project\":{\"id\":\"" PROJECT "\",\"name\":\"MicroStrategy Tutorial\"}}}",
                  &status);
  if (status != 201)
    g_error ("create: %u", status);
  id = json_object_get_string_member (json_node_get_object (created), "id");
  create_s = wait_for (&src, id, "packageInfo", "created", &polls);

  path = g_strdup_printf ("/api/migrations/%s", id);
  json_node_unref (call (&src, "PATCH", path, NULL, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", &status));
  json_node_unref (call (&src, "PATCH", path, NULL, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}", &status));
  g_free (path);
  path = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
  full = call (&src, "GET", path, NULL, NULL, &status);
  pinfo = json_object_get_object_member (json_node_get_object (full), "packageInfo");
  json_object_set_boolean_member (pinfo, "replicated", TRUE);
  body = json_to_string (full, FALSE);
  g_free (path);
  path = g_strdup_printf ("/api/migrations/%s", id);
  put = call (&dst, "PUT", path, PROJECT, body, &status);
  if (status != 202)
    g_error ("PUT: %u", status);
  import_s = wait_for (&dst, id, "importInfo", "imported", &polls);
  t1 = g_get_monotonic_time ();
  rss2 = bench_rss_kib ();

  printf ("project merge of %u objects: %.2f s end to end (package created in %.2f s, imported in %.2f s, %u polls)\n",
          n, (t1 - t0) / 1e6, create_s, import_s, polls);
  printf ("resident memory of the process (two sandboxes): %ld MiB after the merge\n", rss2 / 1024);

  ferry_sandbox_stop (dev);
  ferry_sandbox_stop (prod);
  g_clear_object (&dev);
  g_clear_object (&prod);
  /* Both sandboxes' state and the shared storage: nothing of a run stays. */
  bench_remove_tree (tmp);
  bench_client_clear (&src);
  bench_client_clear (&dst);
  return 0;
}
