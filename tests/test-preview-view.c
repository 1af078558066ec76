/* test-preview-view.c: the Preview table takes its first rows a slice at a
 * time, then all the rest at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 14: handing the table a result of a thousand rows in one
 * items-changed made GTK 4.8 create, bind and measure some two hundred
 * rows of nine cells in one go (a sixth of a second of main loop); handing
 * all of them a slice per frame made a thousand rows trickle in for
 * seconds (twelve on software GL). The mechanism pinned here (how fast it
 * is is bench/preview-window.c's): the rows arrive sorted, through
 * FerryPreviewRows; set_result() itself adds none; the first items-changed
 * adds a handful; only the rows GTK makes widgets for (some two hundred)
 * come in slices, and every row past them in ONE last items-changed.
 */

#include "config.h"

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-preview-view.h"
#include "ui-test-util.h"

#define N_OBJECTS 1000
/* GTK 4.8 makes widgets for up to 200 rows (+2 above and below): the
 * slices may bring that many, with some leeway, and no more. */
#define MAX_SLICED 256
/* At least 4 rows a slice: at most this many changes in all. */
#define MAX_CHANGES (MAX_SLICED / 4 + 1)

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

      ferry_inventory_builder_add (s, id, name, 4, 1024, "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i * 1000, NULL, "\\Public Objects", NULL);
      if (i % 13 == 0)
        continue;
      ferry_inventory_builder_add (t, id, name, 4, 1024,
                                   i % 10 == 0 ? "B000000000000000000000000000000B" : "A000000000000000000000000000000A",
                                   G_GINT64_CONSTANT (1700000000000) + i * 1000 + (i % 10 == 0 ? 60000 : 0),
                                   NULL, "\\Public Objects", NULL);
    }
  source = ferry_inventory_builder_end (s);
  target = ferry_inventory_builder_end (t);
  ferry_toc_settings_set_project_merge (settings, TRUE);
  rules = ferry_rule_set_new (settings);
  result = ferry_preview_compute (rules, FERRY_PACKAGE_TYPE_PROJECT, source, target, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return result;
}

typedef struct
{
  guint n_changes;
  guint first_added;
  guint last_added;
  guint total_added;
  guint most_removed;
} Changes;

static void
rows_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Changes    *changes)
{
  if (changes->n_changes++ == 0)
    changes->first_added = added;
  changes->last_added = added;
  changes->total_added += added;
  changes->most_removed = MAX (changes->most_removed, removed);
}

static gboolean
all_shown (gpointer data)
{
  return ferry_preview_view_get_n_pending (data) == 0;
}

static void
test_rows_in_slices (void)
{
  g_autoptr(FerryPreviewResult) result = make_result (N_OBJECTS);
  GtkWidget *window = gtk_window_new ();
  FerryPreviewView *view = FERRY_PREVIEW_VIEW (ferry_preview_view_new ());
  GListModel *rows = ferry_preview_view_get_rows (view);
  guint n = ferry_preview_result_get_n_items (result);
  Changes changes = { 0 };
  FerryOutcome last = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  utu_present (GTK_WINDOW (window));
  g_signal_connect (rows, "items-changed", G_CALLBACK (rows_changed_cb), &changes);

  ferry_preview_view_set_result (view, result);
  /* Nothing in one go from set_result: the rows wait for a frame. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpuint (ferry_preview_view_get_n_pending (view), ==, n);

  g_assert_true (utu_spin_until (all_shown, view, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  /* Several slices, the first a handful of rows, none taken back; the
   * slices bring no more than the rows that get widgets, and the last
   * change all the rest at once (no trickle of a thousand rows). */
  g_assert_cmpuint (changes.total_added, ==, n);
  g_assert_cmpuint (changes.n_changes, >, 2);
  g_assert_cmpuint (changes.n_changes, <=, MAX_CHANGES);
  g_assert_cmpuint (changes.first_added, >, 0);
  g_assert_cmpuint (changes.first_added, <=, 16);
  g_assert_cmpuint (n - changes.last_added, <=, MAX_SLICED);
  g_assert_cmpuint (changes.most_removed, ==, 0);
  /* Sorted by outcome before they came. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (rows, i);

      g_assert_cmpint (ferry_preview_item_get_outcome (item), >=, last);
      last = ferry_preview_item_get_outcome (item);
    }

  /* A filter's rows come the same way; "All" again brings every row back. */
  ferry_preview_view_set_filter (view, FERRY_OUTCOME_REPLACE);
  g_assert_true (utu_spin_until (all_shown, view, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, ferry_preview_result_get_count (result, FERRY_OUTCOME_REPLACE));
  ferry_preview_view_set_filter (view, FERRY_PREVIEW_FILTER_ALL);
  g_assert_true (utu_spin_until (all_shown, view, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);

  g_signal_handlers_disconnect_by_data (rows, &changes);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The window goes while rows still wait to be revealed: the view goes
 * with it, without a warning (these tests make warnings fatal) from
 * taking its tick callback off a frame clock that is gone. */
static void
test_destroy_while_revealing (void)
{
  g_autoptr(FerryPreviewResult) result = make_result (N_OBJECTS);
  GtkWidget *window = gtk_window_new ();
  FerryPreviewView *view = FERRY_PREVIEW_VIEW (ferry_preview_view_new ());
  GListModel *rows = ferry_preview_view_get_rows (view);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  utu_present (GTK_WINDOW (window));
  g_object_ref (view);

  ferry_preview_view_set_result (view, result);
  while (g_list_model_get_n_items (rows) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ferry_preview_view_get_n_pending (view), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  if (utu_init (&argc, &argv) == NULL)
    return 0;
  g_test_add_func ("/preview-view/rows-in-slices", test_rows_in_slices);
  g_test_add_func ("/preview-view/destroy-while-revealing", test_destroy_while_revealing);
  return g_test_run ();
}
