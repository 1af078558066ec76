/* sandbox-memory.c: what a sandbox of N objects costs in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts an in-process sandbox seeded generated:N (seeding, the snapshot
 * it writes at start), reads every page of a quick search of the whole
 * project (getAncestors=true, pages of 5000, as the inventory does), and
 * prints:
 *   sandbox.bytes_per_object  heap kept after the start (mallinfo2) / N
 *   sandbox.rss               the process's resident memory (KiB) after
 *                             the start and the read
 * and, for people, the same once the sandbox was stopped and started again
 * from its state on disk (a restart reads the snapshot and the journal).
 *
 *   bench-sandbox-memory [N]   (default 100000)
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"

static long
hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
read_all (BenchClient *c)
{
  gint64 offset = 0, total = -1;

  while (total < 0 || offset < total)
    {
      g_autofree char *path = g_strdup_printf ("/api/searches/results?getAncestors=true&offset=%"
                                               G_GINT64_FORMAT "&limit=5000", offset);
      guint status;
      g_autoptr(GBytes) body = bench_client_request (c, "GET", path, PROJECT, BENCH_REQUEST_NONE,
                                                     NULL, &status, NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *obj;
      guint len;

      if (status != 200)
        g_error ("%s: %u", path, status);
      node = bench_json_from_bytes (body);
      obj = json_node_get_object (node);
      total = json_object_get_int_member (obj, "totalItems");
      len = json_array_get_length (json_object_get_array_member (obj, "result"));
      if (len == 0)
        break;
      offset += len;
    }
}

static void
measure (const char *tmp,
         const char *seed,
         guint       n,
         gboolean    report)
{
  g_autoptr(FerrySandbox) sandbox = ferry_sandbox_new (tmp, seed);
  g_autoptr(GError) error = NULL;
  BenchClient c = { 0 };
  gsize heap0 = bench_heap_in_use (), heap1;
  long rss0 = bench_rss_kib (), rss1, rss2;
  gint64 t0 = g_get_monotonic_time ();

  if (!ferry_sandbox_start (sandbox, &error))
    g_error ("%s", error->message);
  heap1 = bench_heap_in_use ();
  rss1 = bench_rss_kib ();
  printf ("%s %s: started in %.2f s; heap +%.1f MiB (%.0f B per object), RSS %ld → %ld KiB, peak %ld KiB\n",
          seed, report ? "(seeded)" : "(restarted from disk)", bench_seconds_since (t0),
          (double) (heap1 - heap0) / 1048576.0, (double) (heap1 - heap0) / n, rss0, rss1, hwm_kib ());

  bench_client_login (&c, ferry_sandbox_get_base_url (sandbox), BENCH_REQUEST_NONE);
  t0 = g_get_monotonic_time ();
  read_all (&c);
  rss2 = bench_rss_kib ();
  printf ("  all search pages read in %.2f s; RSS %ld KiB, peak %ld KiB\n",
          bench_seconds_since (t0), rss2, hwm_kib ());
  bench_client_clear (&c);
  if (report)
    {
      bench_report ("sandbox.bytes_per_object", (double) (heap1 - heap0) / n, "B");
      bench_report ("sandbox.rss", (double) rss2, "KiB");
    }
  ferry_sandbox_stop (sandbox);
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autofree char *seed = g_strdup_printf ("generated:%u", MAX (n, 1u));

  measure (tmp, seed, MAX (n, 1u), TRUE);
  measure (tmp, seed, MAX (n, 1u), FALSE);
  bench_remove_tree (tmp);
  return 0;
}
