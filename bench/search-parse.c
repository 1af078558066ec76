/* search-parse.c: the client's parsing of search pages, parser by parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts an in-process sandbox seeded generated:N, reads every page of
 * GET /api/searches/results?getAncestors=true (5000 a page, as the
 * inventory asks) once and keeps the bodies. Then, on one thread, turns the
 * same bodies into a FerryInventory with each parser:
 *
 *   jsonglib  ferry_json_parse() + ferry_inventory_builder_add_json_array()
 *             (the path before issue 14; json-glib builds a tree per page)
 *   jansson   json_loadb() + a walk into FerrySearchItem records (a tree
 *             too, jansson's; only when built with libjansson-dev)
 *   simdjson  ferry_search_page_parse() + ferry_inventory_builder_add_search_items()
 *             (the client's path: ferry_inventory_load_async())
 *
 * and prints each one's throughput (MB/s of JSON) and seconds for the side,
 * checking that all three inventories are the same. The sandbox's time to
 * build the pages is not counted (bench-sandbox-search measures it).
 *
 *   bench-search-parse [N] [RUNS] [PARSER]   (defaults 100000, 1, all three;
 *                                            medians of RUNS)
 *
 * Keys: compare.client_parse (s, per side, simdjson: the client's path),
 * parse.jsonglib / parse.jansson / parse.simdjson (MB/s).
 * Goal (issue 14): compare.client_parse <= 0.3 s at 100000.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "ferry-core.h"
#include "ferry-json.h"
#include "ferry-sandbox.h"
#include "ferry-search-parse.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define PAGE_SIZE 5000

typedef FerryInventory *(*ParseAll) (GPtrArray *pages, GError **error);

/* --- json-glib -------------------------------------------------------------- */

static FerryInventory *
parse_jsonglib (GPtrArray  *pages,
                GError    **error)
{
  g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();

  for (guint i = 0; i < pages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (pages, i), &len);
      g_autoptr(JsonNode) node = ferry_json_parse (data, (gssize) len, error);
      JsonArray *items;

      if (node == NULL)
        return NULL;
      items = ferry_json_get_array (json_node_get_object (node), "result");
      if (items == NULL || !ferry_inventory_builder_add_json_array (builder, items, error))
        return NULL;
    }
  return ferry_inventory_builder_end (builder);
}

/* --- jansson (search-parse-jansson.c: jansson and json-glib cannot share a file) */

#ifdef HAVE_JANSSON
FerryInventory *bench_parse_jansson (GPtrArray *pages, GError **error);
#endif

/* --- simdjson (the client's path) ------------------------------------------ */

static FerryInventory *
parse_simdjson (GPtrArray  *pages,
                GError    **error)
{
  g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();

  for (guint i = 0; i < pages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (pages, i), &len);
      g_autoptr(FerrySearchPage) page = ferry_search_page_parse (data, len, 200, error);

      if (page == NULL ||
          !ferry_inventory_builder_add_search_items (builder, ferry_search_page_get_items (page),
                                                     ferry_search_page_get_n_items (page), error))
        return NULL;
    }
  return ferry_inventory_builder_end (builder);
}

/* --- the bench -------------------------------------------------------------- */

/* A digest of every field of every item, in order. */
static char *
inventory_digest (FerryInventory *inventory)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < ferry_inventory_get_n_items (inventory); i++)
    {
      const FerryInventoryItem *it = ferry_inventory_get_item (inventory, i);
      g_autofree char *line = g_strdup_printf ("%s\t%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%d\t%d\n",
                                               it->id, it->name, it->version,
                                               it->parent_id ? it->parent_id : "-",
                                               it->path ? it->path : "-", it->owner ? it->owner : "-",
                                               it->modified_ms, it->type, it->subtype);

      g_checksum_update (sum, (const guchar *) line, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  guint runs = MAX (bench_arg_uint (argc, argv, 2, 1), 1u);
  const char *only = argc > 3 ? argv[3] : NULL;
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-search-parse-XXXXXX", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  BenchClient client = { 0 };
  FerrySandbox *sandbox;
  gsize bytes = 0;
  gint64 total = -1, read = 0;
  struct { const char *key; ParseAll parse; } parsers[] = {
    { "jsonglib", parse_jsonglib },
#ifdef HAVE_JANSSON
    { "jansson", bench_parse_jansson },
#endif
    { "simdjson", parse_simdjson },
  };
  int status = 0;

  printf ("Reading generated:%u through paged quick search (%u a page)…\n", n, PAGE_SIZE);
  sandbox = ferry_sandbox_new (tmp, seed);
  if (!ferry_sandbox_start (sandbox, &error))
    g_error ("sandbox: %s", error->message);
  bench_client_login (&client, ferry_sandbox_get_base_url (sandbox), BENCH_REQUEST_ACCEPT_JSON);
  while (total < 0 || read < total)
    {
      g_autofree char *path = g_strdup_printf ("/api/searches/results?getAncestors=true&offset=%" G_GINT64_FORMAT
                                               "&limit=%u", read, PAGE_SIZE);
      g_autoptr(SoupMessageHeaders) headers = NULL;
      guint http_status;
      GBytes *body = bench_client_request (&client, "GET", path, PROJECT, BENCH_REQUEST_ACCEPT_JSON, NULL,
                                           &http_status, &headers);
      const char *count = soup_message_headers_get_one (headers, "x-mstr-total-count");

      if (http_status != 200 || count == NULL)
        g_error ("page at %" G_GINT64_FORMAT ": HTTP %u", read, http_status);
      total = g_ascii_strtoll (count, NULL, 10);
      bytes += g_bytes_get_size (body);
      g_ptr_array_add (pages, body);
      read += MIN ((gint64) PAGE_SIZE, total - read);
      if (total == 0)
        break;
    }
  bench_client_clear (&client);
  ferry_sandbox_stop (sandbox);
  g_object_unref (sandbox);
  bench_remove_tree (tmp);
  printf ("  %u pages, %" G_GINT64_FORMAT " objects, %.1f MB of JSON\n\n", pages->len, total, bytes / 1e6);

  printf ("  %-9s %10s %10s %10s   (median of %u; min–max s)\n", "parser", "MB/s", "s/side", "", runs);
  for (guint p = 0; p < G_N_ELEMENTS (parsers); p++)
    {
      if (only != NULL && !g_str_equal (only, parsers[p].key))
        continue;
      g_autofree double *seconds = g_new0 (double, runs);
      g_autofree char *digest = NULL;
      g_autofree char *key = g_strdup_printf ("parse.%s", parsers[p].key);
      double median;

      for (guint r = 0; r < runs; r++)
        {
          g_autoptr(FerryInventory) inventory = NULL;
          gint64 start = g_get_monotonic_time ();

          /* Marks to cut a profile (perf record -k CLOCK_MONOTONIC) to the parse. */
          fprintf (stderr, "phase %s-start %.6f\n", parsers[p].key, g_get_monotonic_time () / 1e6);
          inventory = parsers[p].parse (pages, &error);
          fprintf (stderr, "phase %s-end %.6f\n", parsers[p].key, g_get_monotonic_time () / 1e6);
          seconds[r] = bench_seconds_since (start);
          if (inventory == NULL)
            g_error ("%s: %s", parsers[p].key, error->message);
          if (r == 0)
            digest = inventory_digest (inventory);
        }
      bench_sort_doubles (seconds, runs);
      median = seconds[runs / 2];
      printf ("  %-9s %10.1f %10.3f   %.3f–%.3f   %.12s…\n", parsers[p].key, bytes / 1e6 / median, median,
              seconds[0], seconds[runs - 1], digest);
      bench_report (key, bytes / 1e6 / median, "MB/s");
      if (g_str_equal (parsers[p].key, "simdjson"))
        bench_report ("compare.client_parse", median, "s");
      if (reference == NULL)
        reference = g_steal_pointer (&digest);
      else if (!g_str_equal (reference, digest))
        {
          printf ("  %s: NOT the same inventory as the first parser's\n", parsers[p].key);
          status = 1;
        }
    }
#ifndef HAVE_JANSSON
  printf ("  (jansson: not built, libjansson-dev missing)\n");
#endif
  return status;
}
