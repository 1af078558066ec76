/* columnview-floor.c: the floor under bench-migrations-list's teardowns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GTK's own GtkColumnView costs on this machine and renderer, with
 * nothing of Ferry in it: a 1280 × 800 window (as bench-migrations-list's)
 * showing a GListStore of N GtkStringObjects in COLUMNS columns, each cell
 * holding CONTENT:
 *
 *   label   one GtkLabel with the item's string (the least a cell shows)
 *   empty   no child at all (the column view's own row and cell widgets)
 *
 * The same two teardowns as bench-migrations-list's, timed the same way
 * (the call, then the main loop until nothing is ready):
 *
 *   columnview.teardown_env   all but the first 100 items removed in one
 *                             g_list_store_splice() (one items-changed):
 *                             GTK 4.8 keeps about 200 rows of widgets
 *                             around the top, so about 100 rows go
 *   columnview.teardown_view  the N items put back, then the window
 *                             destroyed
 *
 * and columnview.frame: the longest frame (before-paint to after-paint)
 * while the list scrolls by 40 px a frame for 2 s, the floor under the
 * migrations bench's "longest frame" and so under its stalls.
 *
 *   xvfb-run -a dbus-run-session -- ./_rel/bench/bench-columnview-floor [N] [COLUMNS] [label|empty]
 *   (defaults 100000, 10, label)
 *
 * No goal of its own: bench/run prints these beside the goals they bound.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

#include "bench-util.h"

#define N_KEPT 100

static gint64 frame_start_us;
static gint64 max_frame_us;
static gboolean measuring;
static guint frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  frame_start_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frames++;
  if (measuring && frame_start_us != 0)
    max_frame_us = MAX (max_frame_us, g_get_monotonic_time () - frame_start_us);
}


/* Until a frame was painted after this call. */
static void
wait_painted (void)
{
  guint seen = frames;

  while (frames == seen)
    g_main_context_iteration (NULL, TRUE);
  bench_drain ();
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  GtkAdjustment *adjustment = data;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 40.0);
  return G_SOURCE_CONTINUE;
}

/* N strings; the first N_KEPT are the ones a teardown keeps. */
static void
fill (GListStore *store,
      guint       from,
      guint       n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = from; i < from + n; i++)
    {
      char text[64];

      g_snprintf (text, sizeof text, "Migration %u, Development → Production", i);
      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, from, 0, items->pdata, items->len);
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 100000);
  guint n_columns = bench_arg_uint (argc, argv, 2, 10);
  gboolean empty = argc > 3 && g_str_equal (argv[3], "empty");
  g_autoptr(GListStore) store = NULL;
  GtkWidget *window, *scrolled, *view;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  guint tick;
  gint64 t;
  double env_ms, view_ms;

  gtk_init ();
  n = MAX (n, N_KEPT + 1);

  store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  fill (store, 0, n);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)))));
  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = g_strdup_printf ("Column %u", c + 1);
      g_autoptr(GtkColumnViewColumn) column = NULL;

      if (!empty)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), NULL);
        }
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  wait_painted ();
  bench_spin_for (300);

  printf ("GtkColumnView, %u rows, %u columns, cells %s, %s renderer\n", n, n_columns,
          empty ? "empty" : "of one GtkLabel",
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  /* The longest frame while the rows scroll by. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  measuring = TRUE;
  tick = gtk_widget_add_tick_callback (view, scroll_tick_cb, adjustment, NULL);
  bench_spin_for (2000);
  gtk_widget_remove_tick_callback (view, tick);
  measuring = FALSE;
  printf ("  longest frame, scrolling:        %7.1f ms\n", max_frame_us / 1000.0);
  bench_report ("columnview.frame", max_frame_us / 1000.0, "ms");
  gtk_adjustment_set_value (adjustment, 0.0);
  wait_painted ();
  bench_spin_for (200);

  /* All but the first N_KEPT items removed in one signal. */
  bench_drain ();
  t = g_get_monotonic_time ();
  g_list_store_splice (store, N_KEPT, n - N_KEPT, NULL, 0);
  bench_drain ();
  env_ms = bench_ms_since (t);
  printf ("  %u → %u rows:                %7.1f ms\n", n, N_KEPT, env_ms);
  bench_report ("columnview.teardown_env", env_ms, "ms");

  /* Back to N, then the window destroyed. */
  fill (store, N_KEPT, n - N_KEPT);
  wait_painted ();
  bench_spin_for (200);
  bench_drain ();
  t = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  bench_drain ();
  view_ms = bench_ms_since (t);
  printf ("  window closed (%u rows):     %7.1f ms\n", n, view_ms);
  bench_report ("columnview.teardown_view", view_ms, "ms");
  return 0;
}
