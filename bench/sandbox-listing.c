/* sandbox-listing.c: what a page of GET /api/migrations costs the sandbox
 * at N migration records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts an in-process sandbox (tutorial-dev, --seed-migrations N, shared
 * storage configured) and reads the Migrations page's listing
 * (packageInfo.purpose=object_migration,project_merge,
 * migration_from_shared_file_store) in pages of 1000, one request at a
 * time, timing each from request to the whole body over loopback (the
 * seeding and start are not counted; the client only reads the bytes).
 * Prints a SHA-256 of every body read, so that two builds can be compared
 * byte for byte (on the same day: seeded dates follow the clock).
 *
 * Reports (bench/run):
 *   sandbox.listing_first_page  ms  the first page after the start (goal ≤ 100)
 *   sandbox.listing_page        ms  median of the later pages (goal ≤ 20 at 100,000)
 *   sandbox.listing_rss         KiB the process's RSS after the reads
 *   migrations.client_read      s   the client's reader (ferry_migration_page_read(),
 *                                   simdjson, a FerryMigration a record) on every
 *                                   page of the listing, one after the other on
 *                                   one thread, in a process that has not read
 *                                   any before (as the app's first listing)
 *
 *   bench-sandbox-listing [N] [READS]   (default 100000, 2: the second read gives N = 1000 a later page)
 */

#include "config.h"

#include <stdio.h>

#include "bench-util.h"
#include "ferry-migration-read.h"
#include "ferry-sandbox.h"
#include "ferry-sandbox-json-scan.h"

/* The listing's "total" and the number of elements of its "data" array,
 * found with the sandbox's own scanner (no tree). FALSE when BODY is not
 * an object with both. */
static gboolean
listing_count (GBytes  *body,
               gint64  *total,
               guint   *count)
{
  gsize n;
  const char *d = g_bytes_get_data (body, &n);
  gsize start, end, i;
  char *number_end;

  if (!sb_scan_find (d, n, "total", &start, &end))
    return FALSE;
  *total = g_ascii_strtoll (d + start, &number_end, 10);
  if (number_end != d + end || !sb_scan_find (d, n, "data", &start, &end) || d[start] != '[')
    return FALSE;
  *count = 0;
  for (i = sb_scan_ws (d, start + 1, end); i < end && d[i] != ']'; i = sb_scan_ws (d, i + 1, end))
    {
      if ((i = sb_scan_value (d, i, end)) == 0)
        return FALSE;
      (*count)++;
      i = sb_scan_ws (d, i, end);
      if (d[i] != ',')
        break;
    }
  return TRUE;
}

#define PURPOSES "packageInfo.purpose=object_migration,project_merge,migration_from_shared_file_store"

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  guint reads = MAX (bench_arg_uint (argc, argv, 2, 2), 1);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (tmp, "state", NULL);
  g_autofree char *shared = g_build_filename (tmp, "shared", NULL);
  g_autoptr(FerrySandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) raw = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GArray) later = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n_read = 0;
  double client_s;
  BenchClient c = { 0 };
  double first = -1, median;
  gsize bytes = 0;
  long rss;
  gint64 t0;

  g_mkdir_with_parents (shared, 0700);
  t0 = g_get_monotonic_time ();
  sandbox = g_object_new (FERRY_TYPE_SANDBOX, "state-dir", state, "seed", "tutorial-dev",
                          "seed-migrations", n, "shared-storage", shared, NULL);
  if (!ferry_sandbox_start (sandbox, &error))
    g_error ("%s", error->message);
  printf ("seed %u migrations and start: %.2f s\n", n, bench_seconds_since (t0));
  bench_client_login (&c, ferry_sandbox_get_base_url (sandbox), BENCH_REQUEST_NONE);
  /* A mark to cut a profile (perf record -k CLOCK_MONOTONIC) to the reads. */
  fprintf (stderr, "phase reads %.6f\n", g_get_monotonic_time () / 1e6);

  for (guint r = 0; r < reads; r++)
    {
      gint64 total = -1, read = 0, start = g_get_monotonic_time ();
      guint pages = 0;

      while (total < 0 || read < total)
        {
          g_autofree char *path = g_strdup_printf ("/api/migrations?" PURPOSES "&offset=%" G_GINT64_FORMAT "&limit=1000", read);
          g_autoptr(GBytes) body = NULL;
          gint64 t = g_get_monotonic_time ();
          guint status, count;
          double ms;

          body = bench_client_request (&c, "GET", path, NULL, BENCH_REQUEST_NONE, NULL, &status, NULL);
          ms = bench_ms_since (t);
          if (status != 200)
            g_error ("%s: %u", path, status);
          if (first < 0)
            first = ms;
          else
            g_array_append_val (later, ms);
          if (r == 0)
            {
              g_checksum_update (raw, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body));
              bytes += g_bytes_get_size (body);
            }
          /* Only the total and the count (not timed), without building a
           * tree: freeing a json-glib tree of 1000 records left the
           * allocator so much to consolidate that the next request paid
           * for it (31 ms a page where the sandbox worked 7). */
          if (!listing_count (body, &total, &count))
            g_error ("%s: not a listing", path);
          if (count == 0)
            break;
          read += count;
          pages++;
        }
      printf ("read %u: %" G_GINT64_FORMAT " records in %u pages, %.1f ms (client parsing included)\n",
              r + 1, read, pages, bench_ms_since (start));
    }

  rss = bench_rss_kib ();
  bench_sort_doubles ((double *) later->data, later->len);
  median = later->len > 0 ? g_array_index (later, double, later->len / 2) : first;
  printf ("first page %.2f ms; later pages: median %.2f ms, min %.2f, max %.2f (%u); %.2f MB a read\n",
          first, median,
          later->len > 0 ? g_array_index (later, double, 0) : first,
          later->len > 0 ? g_array_index (later, double, later->len - 1) : first,
          later->len, (double) bytes / 1e6);
  printf ("bodies sha256: %s\n", g_checksum_get_string (raw));
  printf ("RSS after the reads: %.1f MB\n", rss / 1024.0);
  /* The client's reader, on the pages read once more (after the RSS above,
   * which they would add to). */
  for (gint64 total = -1, read = 0; total < 0 || read < total;)
    {
      g_autofree char *path = g_strdup_printf ("/api/migrations?" PURPOSES "&offset=%" G_GINT64_FORMAT "&limit=1000", read);
      guint status, count;
      GBytes *body = bench_client_request (&c, "GET", path, NULL, BENCH_REQUEST_NONE, NULL, &status, NULL);

      if (status != 200 || !listing_count (body, &total, &count))
        g_error ("%s: not a listing", path);
      g_ptr_array_add (bodies, body);
      if (count == 0)
        break;
      read += count;
    }
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < bodies->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (bodies, i), &len);
      g_autoptr(FerryMigrationPage) page = ferry_migration_page_read (data, len, 200, &error);

      if (page == NULL)
        g_error ("page %u: %s", i, error->message);
      if (ferry_migration_page_get_by_json_glib (page))
        g_error ("page %u: read by json-glib, not simdjson", i);
      n_read += ferry_migration_page_get_n_records (page);
    }
  client_s = bench_seconds_since (t0);
  printf ("the client's reader: %u records in %.3f s (%.1f µs a record)\n", n_read, client_s,
          n_read > 0 ? client_s * 1e6 / n_read : 0.0);

  bench_report ("sandbox.listing_first_page", first, "ms");
  bench_report ("sandbox.listing_page", median, "ms");
  bench_report ("sandbox.listing_rss", rss, "KiB");
  bench_report ("migrations.client_read", client_s, "s");

  ferry_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  bench_remove_tree (tmp);
  bench_client_clear (&c);
  return 0;
}
