/* compare.c: how long the comparison of two 100 000-object inventories takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Synthesizes, in memory, two GET /api/searches/results?getAncestors=true
 * answers ("result" arrays) of N objects each — random 32-hex ids and
 * versions, 500 folders under Public Objects, dates with a +0000 offset —
 * with realistic differences planted (about 1 % each: newer in the source,
 * newer in the target, only in the source, only in the target; 0.5 % moved,
 * 0.5 % moved and newer in the source). Then it measures, separately:
 *
 *   1. json-glib parsing of the two texts (JsonParser);
 *   2. ferry_inventory_new_from_json_array() on the two arrays, and the
 *      heap the two inventories keep;
 *   3. the join, ferry_compare(): the median of several runs, and the extra
 *      memory of one result (heap in use from mallinfo2, and VmRSS);
 *   4. ferry_compare_async() once, callback included.
 *
 *   bench-compare [N] [RUNS]     (defaults 100000 and 9)
 *
 * Targets (issue 3): the join under 100 ms and under 100 MB extra memory.
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-core.h"

#define N_FOLDERS 500
#define ROOT_ID "E0F1A2B3C4D5E6F708192A3B4C5D6E7F"
#define PUBLIC_ID "98FE182C2A10427EACE0CD30B6768258"
#define BASE_TIME G_GINT64_CONSTANT (1647416320) /* 2022-03-16T07:38:40Z */

static void
random_hex (GRand *rand,
            char  *out)
{
  static const char digits[] = "0123456789ABCDEF";

  for (guint i = 0; i < 32; i++)
    out[i] = digits[g_rand_int_range (rand, 0, 16)];
  out[32] = '\0';
}

static void
append_time (GString *s,
             gint64   seconds,
             guint    ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  g_string_append_printf (s, "%04d-%02d-%02dT%02d:%02d:%02d.%03u+0000",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt), ms);
}

static void
append_item (GString    *s,
             const char *id,
             guint       n,
             const char *version,
             gint64      seconds,
             guint       folder,
             char        folder_ids[][33])
{
  if (s->len > 1)
    g_string_append_c (s, ',');
  g_string_append_printf (s,
                          "{\"name\":\"Object %u\",\"id\":\"%s\",\"type\":3,\"subtype\":768,"
                          "\"dateCreated\":\"2020-01-01T00:00:00.000+0000\",\"dateModified\":\"",
                          n, id);
  append_time (s, seconds, n % 1000);
  g_string_append_printf (s,
                          "\",\"version\":\"%s\",\"acg\":255,"
                          "\"owner\":{\"name\":\"Administrator\",\"id\":\"54F3D26011D2896560009A8E67019608\"},"
                          "\"ancestors\":["
                          "{\"name\":\"MicroStrategy Tutorial\",\"id\":\"" ROOT_ID "\",\"level\":3},"
                          "{\"name\":\"Public Objects\",\"id\":\"" PUBLIC_ID "\",\"level\":2},"
                          "{\"name\":\"Folder %u\",\"id\":\"%s\",\"level\":1}]}",
                          version, folder, folder_ids[folder]);
}

/* The two texts, and how many objects of each kind were planted. */
static void
synthesize (guint    n,
            GString *source,
            GString *target)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20220316);
  char folder_ids[N_FOLDERS][33];
  guint planted[6] = { 0 };

  for (guint f = 0; f < N_FOLDERS; f++)
    random_hex (rand, folder_ids[f]);

  g_string_append_c (source, '[');
  g_string_append_c (target, '[');
  for (guint i = 0; i < n; i++)
    {
      char id[33], version[33], other[33];
      gint64 t = BASE_TIME + i;
      guint folder = i % N_FOLDERS;

      random_hex (rand, id);
      random_hex (rand, version);
      random_hex (rand, other);

      switch (i % 200)
        {
        case 1: case 101:   /* newer in the source */
          append_item (source, id, i, other, t + 86400, folder, folder_ids);
          append_item (target, id, i, version, t, folder, folder_ids);
          planted[0]++;
          break;
        case 2: case 102:   /* newer in the target */
          append_item (source, id, i, version, t, folder, folder_ids);
          append_item (target, id, i, other, t + 86400, folder, folder_ids);
          planted[1]++;
          break;
        case 3: case 103:   /* only in the source */
          append_item (source, id, i, version, t, folder, folder_ids);
          planted[2]++;
          break;
        case 4: case 104:   /* only in the target (and another only in the source) */
          append_item (source, id, i, version, t, folder, folder_ids);
          append_item (target, other, i, version, t, folder, folder_ids);
          planted[2]++;
          planted[3]++;
          break;
        case 5:             /* moved */
          append_item (source, id, i, version, t, folder, folder_ids);
          append_item (target, id, i, version, t, (folder + 1) % N_FOLDERS, folder_ids);
          planted[4]++;
          break;
        case 105:           /* moved and newer in the source */
          append_item (source, id, i, other, t + 86400, folder, folder_ids);
          append_item (target, id, i, version, t, (folder + 1) % N_FOLDERS, folder_ids);
          planted[5]++;
          break;
        default:            /* identical */
          append_item (source, id, i, version, t, folder, folder_ids);
          append_item (target, id, i, version, t, folder, folder_ids);
          break;
        }
    }
  g_string_append_c (source, ']');
  g_string_append_c (target, ']');
  printf ("planted: newer in source %u, newer in target %u, only in source %u, "
          "only in target %u, moved %u, moved + newer in source %u\n",
          planted[0], planted[1], planted[2], planted[3], planted[4], planted[5]);
}

static JsonParser *
parse (GString *text,
       double  *ms)
{
  JsonParser *parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (!json_parser_load_from_data (parser, text->str, (gssize) text->len, &error))
    g_error ("parse: %s", error->message);
  *ms = bench_ms_since (t0);
  return parser;
}

static FerryInventory *
load (JsonParser *parser,
      double     *ms)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  FerryInventory *inv = ferry_inventory_new_from_json_array (json_node_get_array (json_parser_get_root (parser)),
                                                             &error);

  if (inv == NULL)
    g_error ("inventory: %s", error->message);
  *ms = bench_ms_since (t0);
  return inv;
}

typedef struct
{
  FerryCompareResult *result;
  gint64              done;
} AsyncRun;

static void
async_done_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  AsyncRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->result = ferry_compare_finish (res, &error);
  if (run->result == NULL)
    g_error ("compare: %s", error->message);
  run->done = g_get_monotonic_time ();
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  guint runs = bench_arg_uint (argc, argv, 2, 9);
  g_autoptr(GString) source_text = g_string_new (NULL);
  g_autoptr(GString) target_text = g_string_new (NULL);
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryCompareResult) kept = NULL;
  g_autofree double *times = NULL;
  JsonParser *sp, *tp;
  double parse_s, parse_t, load_s, load_t;
  gsize heap0, heap1, heap2;
  long rss0, rss1;
  AsyncRun run = { NULL, 0 };
  gint64 t0;

  if (n == 0 || runs == 0)
    {
      fprintf (stderr, "usage: bench-compare [N] [RUNS]\n");
      return 2;
    }

  printf ("bench-compare: %u objects per side, synthesized search answers "
          "(GET /api/searches/results?getAncestors=true shape)\n", n);
  synthesize (n, source_text, target_text);
  printf ("JSON text: source %.1f MB, target %.1f MB\n",
          source_text->len / 1e6, target_text->len / 1e6);

  sp = parse (source_text, &parse_s);
  tp = parse (target_text, &parse_t);
  printf ("1. json-glib parse:            source %7.1f ms, target %7.1f ms (process RSS with both "
          "JSON trees: %.0f MB)\n", parse_s, parse_t, bench_rss_kib () / 1024.0);

  heap0 = bench_heap_in_use ();
  source = load (sp, &load_s);
  target = load (tp, &load_t);
  heap1 = bench_heap_in_use ();
  printf ("2. JSON array -> inventory:    source %7.1f ms, target %7.1f ms; "
          "both inventories keep %.1f MB of heap\n",
          load_s, load_t, (double) (heap1 - heap0) / 1e6);

  g_object_unref (sp);
  g_object_unref (tp);
  g_string_truncate (source_text, 0);
  g_string_truncate (target_text, 0);
  malloc_trim (0);

  /* Extra memory of one join: the result is kept alive while measured. */
  heap0 = bench_heap_in_use ();
  rss0 = bench_rss_kib ();
  kept = ferry_compare (source, target);
  heap2 = bench_heap_in_use ();
  rss1 = bench_rss_kib ();

  times = g_new (double, runs);
  for (guint i = 0; i < runs; i++)
    {
      FerryCompareResult *r;

      t0 = g_get_monotonic_time ();
      r = ferry_compare (source, target);
      times[i] = bench_ms_since (t0);
      ferry_compare_result_unref (r);
    }
  bench_sort_doubles (times, runs);

  printf ("3. join (ferry_compare):       median %.2f ms of %u runs (min %.2f, max %.2f); "
          "extra memory: heap %.2f MB, RSS %+.2f MB\n",
          times[runs / 2], runs, times[0], times[runs - 1],
          (double) (heap2 - heap0) / 1e6, (rss1 - rss0) / 1024.0);
  printf ("   result: %u entries: identical %u, newer in source %u, newer in target %u, "
          "only in source %u, only in target %u, moved %u; moved flag on %u\n",
          ferry_compare_result_get_n_entries (kept),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_IDENTICAL),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_NEWER_IN_SOURCE),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_NEWER_IN_TARGET),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_ONLY_IN_SOURCE),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_ONLY_IN_TARGET),
          ferry_compare_result_get_count (kept, FERRY_DIFF_STATE_MOVED),
          ferry_compare_result_get_n_moved (kept));

  t0 = g_get_monotonic_time ();
  ferry_compare_async (source, target, NULL, async_done_cb, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  printf ("4. ferry_compare_async:        %.2f ms to the callback (worker thread)\n",
          (run.done - t0) / 1000.0);
  ferry_compare_result_unref (run.result);

  printf ("targets: join < 100 ms: %s; extra memory < 100 MB: %s\n",
          times[runs / 2] < 100.0 ? "yes" : "NO",
          (double) (heap2 - heap0) / 1e6 < 100.0 ? "yes" : "NO");
  printf ("process RSS now: %.1f MB\n", bench_rss_kib () / 1024.0);
  return 0;
}
