/* sandbox-search.c: how long reading a whole project through paged quick
 * search takes in the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts an in-process sandbox seeded generated:N and reads
 * GET /api/searches/results page by page (offset + limit, as the inventory
 * does: getAncestors=true), timing every request, for a few searches:
 * everything, one type, a name. Prints the first page, the later pages
 * (median and mean) and the whole read, and a SHA-256 of every body read so
 * that two builds can be compared byte for byte.
 *
 * Then it changes the project through the test hooks (delete, rename, move)
 * and reads again, printing a SHA-256 of (totalItems, id and name of each
 * result, in order): a search cache must see every change.
 *
 * Reports sandbox.search_build: the seconds the requests of the first read
 * (everything, getAncestors=true) took, from request to whole answer.
 *
 *   bench-sandbox-search [N] [PAGE] [ROUNDS]   (default 100000, 5000, 1)
 */

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* Reads every page of QUERY; feeds the bodies to RAW (may be NULL) and
 * (totalItems, id, name) of each result to KEYS (may be NULL). Returns the
 * number of results read. */
static double served_s;   /* the requests' time of the last read_all() */

static guint
read_all (BenchClient *c,
          const char  *label,
          const char  *query,
          guint        page,
          GChecksum   *raw,
          GChecksum   *keys,
          gboolean     quiet)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 total = -1, read = 0, start = g_get_monotonic_time ();
  double first = 0, sum = 0;

  while (total < 0 || read < total)
    {
      g_autofree char *path = g_strdup_printf ("/api/searches/results?%soffset=%" G_GINT64_FORMAT "&limit=%u",
                                               query, read, page);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gint64 t0 = g_get_monotonic_time ();
      guint status;
      double ms;
      JsonObject *obj;
      JsonArray *result;
      gsize len;
      const char *data;

      body = bench_client_request (c, "GET", path, PROJECT, BENCH_REQUEST_NONE, NULL, &status, NULL);
      ms = bench_ms_since (t0);
      if (status != 200)
        g_error ("%s: %u", path, status);
      g_array_append_val (times, ms);
      data = g_bytes_get_data (body, &len);
      if (raw != NULL)
        g_checksum_update (raw, (const guchar *) data, (gssize) len);
      if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
        g_error ("%s: not JSON", path);
      obj = json_node_get_object (json_parser_get_root (parser));
      total = json_object_get_int_member (obj, "totalItems");
      result = json_object_get_array_member (obj, "result");
      if (keys != NULL)
        {
          g_autofree char *t = g_strdup_printf ("%" G_GINT64_FORMAT "\n", total);
          g_checksum_update (keys, (const guchar *) t, -1);
          for (guint i = 0; i < json_array_get_length (result); i++)
            {
              JsonObject *o = json_array_get_object_element (result, i);
              g_autofree char *line = g_strdup_printf ("%s\t%s\n", json_object_get_string_member (o, "id"),
                                                       json_object_get_string_member (o, "name"));
              g_checksum_update (keys, (const guchar *) line, -1);
            }
        }
      if (json_array_get_length (result) == 0)
        break;
      read += json_array_get_length (result);
    }

  first = g_array_index (times, double, 0);
  for (guint i = 1; i < times->len; i++)
    sum += g_array_index (times, double, i);
  served_s = (first + sum) / 1000.0;
  if (!quiet)
    {
      double median = 0;

      if (times->len > 1)
        {
          bench_sort_doubles ((double *) times->data + 1, times->len - 1);
          median = g_array_index (times, double, 1 + (times->len - 1) / 2);
        }
      printf ("  %-28s %6" G_GINT64_FORMAT " objects, %3u pages: first %7.1f ms, later median %6.1f ms"
              " mean %6.1f ms, whole %7.1f ms\n",
              label, read, times->len, first, median, times->len > 1 ? sum / (times->len - 1) : 0.0,
              bench_ms_since (start));
    }
  return (guint) read;
}

/* The id of the result at INDEX of QUERY (owned). */
static char *
nth_id (BenchClient *c,
        const char  *query,
        guint        index)
{
  g_autofree char *path = g_strdup_printf ("/api/searches/results?%soffset=%u&limit=1", query, index);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;
  gsize len;
  const char *data;
  JsonArray *result;

  body = bench_client_request (c, "GET", path, PROJECT, BENCH_REQUEST_NONE, NULL, &status, NULL);
  data = g_bytes_get_data (body, &len);
  if (status != 200 || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    g_error ("%s: %u", path, status);
  result = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "result");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (result, 0), "id"));
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  guint page = bench_arg_uint (argc, argv, 2, 5000);
  guint rounds = bench_arg_uint (argc, argv, 3, 1);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autoptr(FerrySandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) raw = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) keys = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *victim = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *folder = NULL;
  BenchClient c = { 0 };
  gint64 t0;
  const struct { const char *label; const char *query; } searches[] = {
    { "all, getAncestors", "getAncestors=true&" },
    { "all", "" },
    { "type=4 (metrics)", "type=4&" },
    { "name contains 'revenue'", "name=revenue&pattern=4&" },
  };

  t0 = g_get_monotonic_time ();
  sandbox = ferry_sandbox_new (tmp, seed);
  if (!ferry_sandbox_start (sandbox, &error))
    g_error ("%s", error->message);
  printf ("seed %s and start: %.2f s; pages of %u\n", seed, bench_seconds_since (t0), page);
  bench_client_login (&c, ferry_sandbox_get_base_url (sandbox), BENCH_REQUEST_NONE);

  for (guint r = 0; r < rounds; r++)
    {
      printf ("round %u\n", r + 1);
      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        {
          read_all (&c, searches[i].label, searches[i].query, page, r == 0 ? raw : NULL, NULL, FALSE);
          /* The inventory's read: every page of everything, with ancestors,
           * request to answer (the client's parsing not counted). */
          if (r == 0 && i == 0)
            bench_report ("sandbox.search_build", served_s, "s");
        }
    }
  printf ("bodies sha256: %s\n", g_checksum_get_string (raw));

  /* Changes between reads: every one must show in the next read. */
  victim = nth_id (&c, "", 10);
  renamed = nth_id (&c, "", 20);
  moved = nth_id (&c, "", 30);
  folder = nth_id (&c, "type=8&", 3);
  if (!ferry_sandbox_delete_object (sandbox, PROJECT, victim, &error))
    g_error ("%s", error->message);
  read_all (&c, "after a delete", "", page, NULL, keys, FALSE);
  if (!ferry_sandbox_modify_object (sandbox, PROJECT, renamed, "~ last by name", NULL, 1, &error))
    g_error ("%s", error->message);
  read_all (&c, "after a rename", "", page, NULL, keys, FALSE);
  {
    g_autofree char *q = g_strdup_printf ("root=%s&", folder);

    read_all (&c, "folder, before a move", q, page, NULL, keys, FALSE);
    if (!ferry_sandbox_modify_object (sandbox, PROJECT, moved, NULL, folder, 1, &error))
      g_error ("%s", error->message);
    read_all (&c, "folder, after a move", q, page, NULL, keys, FALSE);
  }
  printf ("after changes (totalItems, id, name) sha256: %s\n", g_checksum_get_string (keys));

  ferry_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  bench_remove_tree (tmp);
  bench_client_clear (&c);
  return 0;
}
