/* preview.c: how long the preview of a 10 000-object project merge takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two in-process sandboxes, both seeded generated:N; then the two are made
 * to differ through the sandbox's hooks (about 1 % of the objects newer in
 * the target, 0.8 % newer in the source, 0.6 % absent from the target; every
 * hook call saves the whole project, so more would only slow the set-up). The preview of the project merge with the settings of
 * spec/project-merge-between-environments.md (plus a folder rule on the
 * first generated folder and a type rule, so every kind of rule is looked
 * at) is then measured:
 *
 *   full     ferry_preview_run_async() as the editor calls it: both
 *            inventories read page by page over HTTP, the rules applied in a
 *            thread, deletes checked; wall time, and the longest stall of
 *            the calling main loop meanwhile (a 5 ms timer's worst lateness);
 *   compute  ferry_preview_compute() alone on the two inventories (median
 *            of RUNS), against the modified target and against an empty one
 *            (everything is created);
 *   memory   the heap a result keeps;
 *   table    with a display (xvfb-run): the time FerryPreviewView takes to
 *            show the result (model, filter, sort by outcome) and to paint.
 *
 *   bench-preview [N] [RUNS]           (defaults 10000 and 5)
 *   bench-preview [N] [RUNS] --table   the table alone, on synthetic inventories
 *
 * Build with --buildtype=release for figures worth quoting.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>

#include "bench-util.h"
#include "ferry-core.h"
#include "ferry-preview.h"
#include "ferry-preview-view.h"
#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* Sorts VALUES: the callers quote the first and last as min and max. */
static double
median (double *values,
        guint   n)
{
  bench_sort_doubles (values, n);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* --- waiting on the main loop ------------------------------------------------ */

typedef struct
{
  gint64 last;
  gint64 worst;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last > 0 && now - stall->last > stall->worst)
    stall->worst = now - stall->last;
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static FerryConnection *
connect (FerrySandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FerryConnection *connection;

  connection = ferry_connection_new (ferry_sandbox_get_base_url (sandbox), FERRY_LOGIN_MODE_STANDARD,
                                     "administrator", &error);
  g_assert_no_error (error);
  ferry_connection_connect_async (connection, "", NULL, bench_result_cb, &result);
  if (!ferry_connection_connect_finish (connection, bench_wait_result (&result), &error))
    g_error ("connect: %s", error->message);
  return connection;
}

static FerryInventory *
read_inventory (FerryConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryInventory *inventory;

  ferry_inventory_load_async (connection, PROJECT, NULL, NULL, NULL, NULL, bench_result_cb, &result);
  inventory = ferry_inventory_load_finish (bench_wait_result (&result), NULL, &error);
  if (inventory == NULL)
    g_error ("search: %s", error->message);
  return inventory;
}

/* How long FerryPreviewView takes to show a result of these inventories
 * (a display is needed: xvfb-run). */
static void
measure_table (FerryRuleSet   *set,
               FerryInventory *source_inventory,
               FerryInventory *target_inventory)
{
  g_autoptr(GError) error = NULL;

  if (gtk_init_check ())
    {
      g_autoptr(FerryPreviewResult) shown = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT,
                                                                  source_inventory, target_inventory,
                                                                  NULL, NULL, NULL, &error);
      GtkWidget *window;
      GtkWidget *view;
      gint64 start, set_us;
      Stall stall = { 0 };
      guint tick;

      adw_init ();
      window = gtk_window_new ();
      view = ferry_preview_view_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_set_child (GTK_WINDOW (window), view);
      gtk_window_present (GTK_WINDOW (window));
      while (!gtk_widget_get_mapped (view))
        g_main_context_iteration (NULL, TRUE);

      /* Twice: the first table a process shows pays for loading fonts and
       * theme parts (about the same at 1 000 rows as at 10 000); the second
       * shows what a result of this size costs. Between the two, an empty
       * result. */
      for (guint round = 0; round < 2; round++)
        {
          stall = (Stall) { 0 };
          if (round == 1)
            {
              ferry_preview_view_show_empty (FERRY_PREVIEW_VIEW (view));
              for (guint i = 0; i < 20; i++)
                g_main_context_iteration (NULL, FALSE);
              g_object_unref (shown);
              shown = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT, source_inventory, target_inventory,
                                             NULL, NULL, NULL, &error);
            }
          tick = g_timeout_add (5, stall_tick_cb, &stall);
          start = g_get_monotonic_time ();
          stall.last = start;
          ferry_preview_view_set_result (FERRY_PREVIEW_VIEW (view), shown);
          set_us = g_get_monotonic_time () - start;
          {
            GListModel *rows = ferry_preview_view_get_rows (FERRY_PREVIEW_VIEW (view));

            /* until every row is there (sorting and filtering go by steps) */
            while (g_list_model_get_n_items (rows) < ferry_preview_result_get_n_items (shown))
              g_main_context_iteration (NULL, TRUE);
          }
          {
            GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
            gboolean painted = FALSE;
            gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

            gtk_widget_queue_draw (view);
            while (!painted)
              g_main_context_iteration (NULL, TRUE);
            g_signal_handler_disconnect (clock, id);
          }
          g_source_remove (tick);
          printf ("  table (%u rows, %s): set_result returns after %.1f ms; every row sorted and painted after %.1f ms; "
                  "longest main-loop stall %.1f ms\n",
                  ferry_preview_result_get_n_items (shown), round == 0 ? "first in the process" : "again",
                  set_us / 1000.0,
                  bench_ms_since (start), MAX (stall.worst - 5000, 0) / 1000.0);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
  else
    printf ("  table: no display (run under xvfb-run to time FerryPreviewView)\n");
}

/* Two synthetic inventories of N objects (every 10th newer in the target,
 * every 13th absent from it), for the table alone. */
static void
synthetic (guint            n,
           FerryInventory **source,
           FerryInventory **target)
{
  g_autoptr(FerryInventoryBuilder) s = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) t = ferry_inventory_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%032X", i + 1);
      g_autofree char *name = g_strdup_printf ("Object %u", i);
      g_autofree char *path = g_strdup_printf ("\\Public Objects\\Folder %u", i % 50);

      ferry_inventory_builder_add (s, id, name, 4, 1024, "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i, NULL, path, NULL);
      if (i % 13 == 0)
        continue;
      ferry_inventory_builder_add (t, id, name, 4, 1024,
                                   i % 10 == 0 ? "B000000000000000000000000000000B" : "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i + (i % 10 == 0 ? 1000 : 0), NULL, path, NULL);
    }
  *source = ferry_inventory_builder_end (s);
  *target = ferry_inventory_builder_end (t);
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 10000);
  guint runs = bench_arg_uint (argc, argv, 2, 5);
  g_autofree char *dir = g_dir_make_tmp ("ferry-bench-preview-XXXXXX", NULL);
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autofree char *source_state = g_build_filename (dir, "source", NULL);
  g_autofree char *target_state = g_build_filename (dir, "target", NULL);
  g_autoptr(FerrySandbox) source = NULL;
  g_autoptr(FerrySandbox) target = NULL;
  g_autoptr(FerryConnection) source_connection = NULL;
  g_autoptr(FerryConnection) target_connection = NULL;
  g_autoptr(FerryTocSettings) settings = NULL;
  g_autoptr(FerryRuleSet) set = NULL;
  g_autoptr(FerryInventory) source_inventory = NULL;
  g_autoptr(FerryInventory) target_inventory = NULL;
  g_autoptr(FerryInventory) empty_inventory = NULL;
  g_autoptr(JsonNode) settings_node = NULL;
  g_autoptr(JsonNode) objects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *full = g_new0 (double, MAX (runs, 1));
  g_autofree double *stalls = g_new0 (double, MAX (runs, 1));
  g_autofree double *compute = g_new0 (double, MAX (runs, 1));
  g_autofree double *compute_empty = g_new0 (double, MAX (runs, 1));
  guint n_newer_target = 0, n_newer_source = 0, n_absent = 0;
  guint counts[FERRY_PREVIEW_N_OUTCOMES] = { 0 };
  guint n_items = 0;
  gsize heap_before, heap_after;
  JsonArray *array;

  runs = MAX (runs, 1);

  if (argc > 3 && g_str_equal (argv[3], "--table"))
    {
      g_autoptr(FerryInventory) a = NULL;
      g_autoptr(FerryInventory) b = NULL;
      g_autoptr(FerryTocSettings) defaults = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(FerryRuleSet) rules = NULL;

      ferry_toc_settings_set_project_merge (defaults, TRUE);
      rules = ferry_rule_set_new (defaults);
      synthetic (n, &a, &b);
      printf ("bench-preview --table: %u synthetic objects\n", n);
      measure_table (rules, a, b);
      bench_remove_tree (dir);
      return 0;
    }

  /* --- the pair ----------------------------------------------------------- */
  source = ferry_sandbox_new (source_state, seed);
  g_object_set (source, "name", "Development", NULL);
  target = ferry_sandbox_new (target_state, seed);
  g_object_set (target, "name", "Production", NULL);
  if (!ferry_sandbox_start (source, &error) || !ferry_sandbox_start (target, &error))
    g_error ("%s", error->message);

  objects = ferry_sandbox_dup_objects (source, PROJECT);
  array = json_node_get_array (objects);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (o, "id");
      gboolean folder = json_object_get_int_member (o, "type") == 8;
      /* later than anything generated */
      gint64 when = G_GINT64_CONSTANT (1893456000000) + i;

      if (folder)
        continue;
      if (i % 100 == 0)
        {
          if (!ferry_sandbox_modify_object (target, PROJECT, id, NULL, NULL, when, &error))
            g_error ("%s", error->message);
          n_newer_target++;
        }
      else if (i % 130 == 0)
        {
          if (!ferry_sandbox_modify_object (source, PROJECT, id, NULL, NULL, when, &error))
            g_error ("%s", error->message);
          n_newer_source++;
        }
      else if (i % 170 == 0)
        {
          if (!ferry_sandbox_delete_object (target, PROJECT, id, &error))
            g_clear_error (&error);   /* used by another object: leave it */
          else
            n_absent++;
        }
    }

  source_connection = connect (source);
  target_connection = connect (target);

  settings_node = json_from_string (bench_merge_settings_json, &error);
  g_assert_no_error (error);
  settings = ferry_toc_settings_new_from_json (json_node_get_object (settings_node),
                                               FERRY_PACKAGE_TYPE_PROJECT, &error);
  g_assert_no_error (error);
  ferry_toc_settings_set_project_merge (settings, TRUE);
  {
    g_autoptr(FerryObjectTypeRule) rule = ferry_object_type_rule_new (4, 0, FERRY_CONFLICT_ACTION_USE_NEWER);

    g_list_store_append (ferry_toc_settings_get_object_type_rules (settings), rule);
  }

  printf ("bench-preview: generated:%u on both sides; target: %u newer in the target, "
          "%u newer in the source, %u absent\n",
          n, n_newer_target, n_newer_source, n_absent);

  /* --- full: what the editor waits for --------------------------------------- */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(FerryPreviewResult) preview = NULL;
      Stall stall = { 0 };
      guint tick = g_timeout_add (5, stall_tick_cb, &stall);
      gint64 start = g_get_monotonic_time ();

      ferry_preview_run_async (source_connection, PROJECT, "Development",
                               target_connection, PROJECT, "Production",
                               settings, NULL, NULL, NULL, NULL, NULL,
                               bench_result_cb, &result);
      preview = ferry_preview_run_finish (bench_wait_result (&result), &error);
      full[r] = bench_ms_since (start);
      g_source_remove (tick);
      if (preview == NULL)
        g_error ("preview: %s", error->message);
      stalls[r] = MAX (stall.worst - 5000, 0) / 1000.0;

      n_items = ferry_preview_result_get_n_items (preview);
      for (FerryOutcome o = 0; o < FERRY_PREVIEW_N_OUTCOMES; o++)
        counts[o] = ferry_preview_result_get_count (preview, o);
    }

  printf ("  objects previewed: %u — create %u, replace %u, keep existing %u, duplicate %u, "
          "skip %u, delete %u, fail %u\n",
          n_items, counts[FERRY_OUTCOME_CREATE], counts[FERRY_OUTCOME_REPLACE],
          counts[FERRY_OUTCOME_KEEP_EXISTING], counts[FERRY_OUTCOME_DUPLICATE],
          counts[FERRY_OUTCOME_SKIP], counts[FERRY_OUTCOME_DELETE], counts[FERRY_OUTCOME_FAIL]);

  /* --- compute alone ---------------------------------------------------------- */
  source_inventory = read_inventory (source_connection);
  target_inventory = read_inventory (target_connection);
  {
    g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();

    empty_inventory = ferry_inventory_builder_end (builder);
  }
  set = ferry_rule_set_new (settings);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(FerryPreviewResult) a = NULL;
      g_autoptr(FerryPreviewResult) b = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      a = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT, source_inventory, target_inventory,
                                 NULL, NULL, NULL, &error);
      compute[r] = bench_ms_since (start);
      g_assert_no_error (error);

      start = g_get_monotonic_time ();
      b = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT, source_inventory, empty_inventory,
                                 NULL, NULL, NULL, &error);
      compute_empty[r] = bench_ms_since (start);
      g_assert_no_error (error);
      g_assert_cmpuint (ferry_preview_result_get_count (b, FERRY_OUTCOME_CREATE), ==,
                        ferry_inventory_get_n_items (source_inventory));
    }

  heap_before = bench_heap_in_use ();
  {
    g_autoptr(FerryPreviewResult) kept = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT,
                                                                source_inventory, target_inventory,
                                                                NULL, NULL, NULL, &error);
    heap_after = bench_heap_in_use ();
  }

  {
    double full_median = median (full, runs);
    double stall_median = median (stalls, runs);

    printf ("  full preview (read both inventories over HTTP + rules in a thread + delete checks): "
            "median %.1f ms over %u runs (min %.1f, max %.1f)\n",
            full_median, runs, full[0], full[runs - 1]);
    printf ("  longest main-loop stall during the full preview: median %.1f ms (worst %.1f)\n",
            stall_median, stalls[runs - 1]);
  }
  printf ("  compute only (ferry_preview_compute, %u source objects): median %.1f ms against the "
          "modified target, %.1f ms against an empty one\n",
          ferry_inventory_get_n_items (source_inventory), median (compute, runs), median (compute_empty, runs));
  printf ("  heap kept by one result: %.1f MB (%.0f bytes per object)\n",
          (heap_after - heap_before) / 1048576.0,
          n_items ? (double) (heap_after - heap_before) / n_items : 0.0);

  /* --- the table ------------------------------------------------------------ */
  measure_table (set, source_inventory, target_inventory);

  ferry_sandbox_stop (source);
  ferry_sandbox_stop (target);
  bench_remove_tree (dir);
  return 0;
}
