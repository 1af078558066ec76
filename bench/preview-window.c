/* preview-window.c: the Preview table showing N rows, and the main loop meanwhile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryPreviewView in a 1200×800 window, first in its "loading" state (as
 * the editor shows it while the preview runs); then the result of a
 * project merge of N objects (two inventories built in core: every 10th
 * object newer in the target, every 13th absent from it; the rules of a
 * project merge, so that the outcomes differ) is handed to it. Measured
 * on the window's main loop, from ferry_preview_view_set_result():
 *
 *   preview.stall   the longest stall: the largest gap between two runs of
 *                   a 1 ms timeout, less the 1 ms (the frame-clock gap and
 *                   the longest frame are printed too);
 *   preview.shown   until every row is in the table's model, sorted by
 *                   outcome, and a frame was painted after that.
 *
 * This is the first table the process shows (fonts and theme parts load
 * then, as they do in the app); a second result is then shown again and
 * printed for comparison.
 *
 *   bench-preview-window [N]     (default 10000; one measured run)
 *
 * Needs a display (xvfb-run -a dbus-run-session -- …); GSK_RENDERER is
 * left as it is: run with GSK_RENDERER=cairo and unset. Goal: stall ≤ 16 ms.
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-core.h"
#include "ferry-preview-view.h"

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
} GapMeter;

typedef struct
{
  GapMeter timeout;
  GapMeter tick;
  gint64   frame_start_us;   /* before-paint: the frame begins */
  gint64   layout_start_us;  /* the update phase (tick callbacks) is over */
  gint64   layout_end_us;    /* styles, sizes and allocation done */
  gint64   paint_end_us;
  gint64   max_frame_us;
  gint64   max_frame_at_us;  /* when it began (monotonic, for a profiler's timeline) */
  /* the phases of the longest frame: update (ticks), layout, paint */
  gint64   max_update_us, max_layout_us, max_paint_us;
  guint    frames;
  gboolean measuring;
  gboolean painted;
} Meters;

static void
meter_hit (GapMeter *meter,
           gboolean  measuring)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && now - meter->last_us > meter->max_gap_us)
    meter->max_gap_us = now - meter->last_us;
  meter->last_us = now;
}

static gboolean
timeout_cb (gpointer data)
{
  Meters *m = data;

  meter_hit (&m->timeout, m->measuring);
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Meters *m = data;

  meter_hit (&m->tick, m->measuring);
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Meters        *m)
{
  m->frame_start_us = g_get_monotonic_time ();
  m->layout_start_us = m->layout_end_us = 0;
}

/* (connected after, as the next one: runs once GTK's own handlers, the
 * widgets' tick callbacks among them, are done) */
static void
update_after_cb (GdkFrameClock *clock,
                 Meters        *m)
{
  m->layout_start_us = g_get_monotonic_time ();
}

static void
layout_after_cb (GdkFrameClock *clock,
                 Meters        *m)
{
  m->layout_end_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Meters        *m)
{
  gint64 now = g_get_monotonic_time ();

  if (m->measuring && m->frame_start_us != 0 && now - m->frame_start_us > m->max_frame_us)
    {
      m->max_frame_us = now - m->frame_start_us;
      m->max_frame_at_us = m->frame_start_us;
      if (m->layout_start_us != 0 && m->layout_end_us != 0)
        {
          m->max_update_us = m->layout_start_us - m->frame_start_us;
          m->max_layout_us = m->layout_end_us - m->layout_start_us;
          m->max_paint_us = now - m->layout_end_us;
        }
    }
  if (m->measuring)
    m->frames++;
  m->painted = TRUE;
}

static FerryPreviewResult *
make_result (guint n)
{
  g_autoptr(FerryInventoryBuilder) s = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) t = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) rules = NULL;
  g_autoptr(GError) error = NULL;
  FerryPreviewResult *result;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%032X", i + 1);
      g_autofree char *name = g_strdup_printf ("Object %u", i);
      g_autofree char *path = g_strdup_printf ("\\Public Objects\\Reports\\Folder %u", i % 50);

      ferry_inventory_builder_add (s, id, name, 4, 1024, "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i * 1000, NULL, path, NULL);
      if (i % 13 == 0)
        continue;
      ferry_inventory_builder_add (t, id, name, 4, 1024,
                                   i % 10 == 0 ? "B000000000000000000000000000000B" : "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i * 1000 + (i % 10 == 0 ? 60000 : 0),
                                   NULL, path, NULL);
    }
  source = ferry_inventory_builder_end (s);
  target = ferry_inventory_builder_end (t);
  ferry_toc_settings_set_project_merge (settings, TRUE);
  rules = ferry_rule_set_new (settings);
  result = ferry_preview_compute (rules, FERRY_PACKAGE_TYPE_PROJECT, source, target, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
spin_frames (GtkWidget *widget,
             Meters    *m,
             guint      frames)
{
  for (guint i = 0; i < frames; i++)
    {
      m->painted = FALSE;
      gtk_widget_queue_draw (widget);
      while (!m->painted)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* Hands RESULT to VIEW; returns the ms until shown and painted. */
static double
show (FerryPreviewView   *view,
      FerryPreviewResult *result,
      Meters             *m)
{
  GListModel *rows = ferry_preview_view_get_rows (view);
  guint n = ferry_preview_result_get_n_items (result);
  gint64 start;
  double shown;

  m->timeout.last_us = m->tick.last_us = g_get_monotonic_time ();
  m->timeout.max_gap_us = m->tick.max_gap_us = 0;
  m->max_frame_us = 0;
  m->max_update_us = m->max_layout_us = m->max_paint_us = 0;
  m->frames = 0;
  m->measuring = TRUE;
  start = g_get_monotonic_time ();
  ferry_preview_view_set_result (view, result);
  while (g_list_model_get_n_items (rows) < n || ferry_preview_view_get_n_pending (view) > 0)
    g_main_context_iteration (NULL, TRUE);
  m->painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (!m->painted)
    g_main_context_iteration (NULL, TRUE);
  shown = bench_ms_since (start);
  m->measuring = FALSE;
  {
    g_autoptr(FerryPreviewItem) first = g_list_model_get_item (rows, 0);
    g_autoptr(FerryPreviewItem) last = g_list_model_get_item (rows, n - 1);

    g_assert_cmpint (ferry_preview_item_get_outcome (first), <=, ferry_preview_item_get_outcome (last));
  }
  return shown;
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 10000);
  const char *renderer = g_getenv ("GSK_RENDERER");
  g_autoptr(FerryPreviewResult) result = NULL;
  g_autoptr(FerryPreviewResult) again = NULL;
  Meters m = { 0 };
  GtkWidget *window, *box, *spinner, *view;
  GdkFrameClock *clock;
  double shown, stall;

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", FALSE);
  gtk_init ();
  adw_init ();

  result = make_result (n);
  again = make_result (n);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));   /* keeps the frame clock ticking */
  view = ferry_preview_view_new ();
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), view);
  gtk_window_set_child (GTK_WINDOW (window), box);
  ferry_preview_view_show_loading (FERRY_PREVIEW_VIEW (view), NULL, -1);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &m);
  g_signal_connect_after (clock, "update", G_CALLBACK (update_after_cb), &m);
  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_after_cb), &m);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &m);
  gtk_widget_add_tick_callback (spinner, tick_cb, &m, NULL);
  g_timeout_add (1, timeout_cb, &m);
  /* For comparison: the first redraw of the whole window (its loading
   * page) in the process, then one more. */
  for (guint k = 0; k < 2; k++)
    {
      m.measuring = TRUE;
      m.max_frame_us = 0;
      spin_frames (window, &m, 1);
      m.measuring = FALSE;
      printf ("  whole-window redraw %u (loading page): %.1f ms (update %.1f, layout %.1f, paint %.1f)\n", k + 1,
              m.max_frame_us / 1000.0, m.max_update_us / 1000.0, m.max_layout_us / 1000.0, m.max_paint_us / 1000.0);
    }
  spin_frames (window, &m, 10);

  shown = show (FERRY_PREVIEW_VIEW (view), result, &m);
  stall = MAX (m.timeout.max_gap_us - 1000, 0) / 1000.0;
  printf ("bench-preview-window: %u rows (renderer %s), first table in the process\n",
          ferry_preview_result_get_n_items (result), renderer ? renderer : "default");
  printf ("  shown (every row sorted, in the table, painted): %.1f ms\n", shown);
  printf ("  longest stall (1 ms timeout): %.1f ms   (goal 16)\n", stall);
  printf ("  longest gap between frame-clock ticks: %.1f ms; %u frames\n", m.tick.max_gap_us / 1000.0, m.frames);
  printf ("  longest frame %.1f ms: update (ticks) %.1f, layout %.1f, paint %.1f (at monotonic %.6f s)\n",
          m.max_frame_us / 1000.0, m.max_update_us / 1000.0, m.max_layout_us / 1000.0, m.max_paint_us / 1000.0,
          m.max_frame_at_us / 1e6);
  bench_report ("preview.stall", stall, "ms");
  bench_report ("preview.shown", shown, "ms");

  /* Again, another result of the same size: what a second preview costs. */
  ferry_preview_view_show_loading (FERRY_PREVIEW_VIEW (view), NULL, -1);
  spin_frames (window, &m, 5);
  {
    double shown_again = show (FERRY_PREVIEW_VIEW (view), again, &m);

    printf ("  again: shown %.1f ms, longest stall %.1f ms, %u frames, longest frame %.1f ms "
            "(update %.1f, layout %.1f, paint %.1f)\n",
            shown_again, MAX (m.timeout.max_gap_us - 1000, 0) / 1000.0, m.frames, m.max_frame_us / 1000.0,
            m.max_update_us / 1000.0, m.max_layout_us / 1000.0, m.max_paint_us / 1000.0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
