/* test-migrations-refresh.c: the Migrations list finishes loading while it animates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 11, finding 5: with the GL renderer, a listing that ran while a
 * spinner was turning (a refresh started around a focus change: the About
 * window opened and closed) never ended: the records waited for an idle
 * handler below the redraw priority, and a frame that takes longer than
 * the frame interval (GL on a software rasteriser) leaves no turn of the
 * main loop without a redraw due. The count kept "1 migration" with a
 * spinner, Refresh sent nothing (a listing was still "under way") and the
 * process burnt its CPU on frames.
 *
 * This test runs under the renderer the application gets by default (meson
 * sets GSK_RENDERER=gl for it alone; the other ui tests use cairo) and
 * asserts what the user sees: the count without a spinner after a refresh
 * during a focus change, and a new request for every Refresh.
 *
 * It also runs `ferry --demo` and sends it SIGTERM: the process ends at
 * once.
 *
 * It also shows a long list being read: a bar with how much is read, no
 * spinner once the server said how long the list is.
 *
 * Screenshots: migrations-refresh-gl.png, migrations-reading.png,
 * migrations-reading-narrow.png.
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

static GtkApplication *app;

typedef struct
{
  SbtPair              pair;
  GListStore          *environments;
  GtkWindow           *window;
  FerryMigrationsView *view;
  guint                frames;
} Fixture;

static void
disconnect_environment (gpointer data)
{
  FerryEnvironment *environment = data;

  ferry_environment_disconnect (environment);
  g_object_unref (environment);
}

static FerryEnvironment *
connect_environment (FerrySandbox *sandbox,
                     const char   *name)
{
  FerryEnvironment *environment = utu_environment_connect (sandbox, name, "administrator", "");

  g_test_queue_destroy (disconnect_environment, environment);
  return environment;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->frames++;
}

/* The window with the view (in a toast overlay, as the application has
 * it), and the environments of F's pair, not yet given to the view. */
static void
open_view (Fixture *f)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_test_queue_unref (f->environments);
  g_list_store_append (f->environments, connect_environment (f->pair.dev, "Development"));
  g_list_store_append (f->environments, connect_environment (f->pair.prod, "Production"));

  f->window = GTK_WINDOW (adw_application_window_new (app));
  gtk_window_set_default_size (f->window, 1100, 720);
  f->view = FERRY_MIGRATIONS_VIEW (ferry_migrations_view_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->view));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), overlay);
}

static const char *
count_text (Fixture *f)
{
  return gtk_inscription_get_text (GTK_INSCRIPTION (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "count_label")));
}

static gboolean
spinner_shown (Fixture *f)
{
  GtkWidget *spinner = GTK_WIDGET (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "loading_spinner"));

  return gtk_widget_get_visible (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static GtkProgressBar *
loading_bar (Fixture *f)
{
  return GTK_PROGRESS_BAR (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "loading_progress"));
}

/* The values the reading bar was given, and how many of them were the one
 * it had (each set lays the bar out again: a frame of the whole window). */
typedef struct
{
  guint  n_set;
  guint  n_same;
  double last;
} BarSets;

static void
bar_fraction_cb (GtkProgressBar *bar,
                 GParamSpec     *pspec,
                 BarSets        *sets)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (sets->n_set > 0 && fraction == sets->last)
    sets->n_same++;
  sets->n_set++;
  sets->last = fraction;
}

/* The list says it is done: the count alone, no spinner, no bar. */
static gboolean
list_finished (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (count_text (f), "1 migration") == 0 && !spinner_shown (f) &&
         !gtk_widget_get_visible (GTK_WIDGET (loading_bar (f)));
}

static guint
listings (Fixture *f)
{
  return ferry_sandbox_get_request_count (f->pair.dev, "GET", "/api/migrations");
}

typedef struct
{
  Fixture *f;
  guint    before;
} RequestWait;

static gboolean
listed_again (gpointer data)
{
  RequestWait *wait = data;

  return listings (wait->f) > wait->before;
}

static GtkWindow *
open_about (GtkWindow *parent)
{
  GtkWindow *about = GTK_WINDOW (adw_about_window_new ());

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "Ferry");
  gtk_window_set_transient_for (about, parent);
  gtk_window_set_modal (about, TRUE);
  utu_present (about);
  return about;
}

/* A refresh around a focus change (the About window opened and closed
 * while the list is read) ends with the count and no spinner, however long
 * the frames take; Refresh then sends a new request each time. */
static void
test_focus_change (void)
{
  SbtOptions dev = { .seed_migrations = 1 };
  SbtOptions prod = { .seed_migrations = 1 };
  Fixture f = { 0 };
  GtkWidget *refresh_button;
  GdkFrameClock *clock;
  GskRenderer *renderer;
  GtkWindow *about;
  RequestWait wait = { &f, 0 };
  gulong paint_handler;

  sbt_pair_start (&f.pair, &dev, &prod);
  open_view (&f);
  ferry_migrations_view_set_environments (f.view, G_LIST_MODEL (f.environments));
  utu_present (f.window);

  renderer = gtk_native_get_renderer (GTK_NATIVE (f.window));
  g_test_message ("renderer: %s", G_OBJECT_TYPE_NAME (renderer));
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "gl") == 0 && g_strcmp0 (g_getenv ("GDK_DEBUG"), "gl-disable") != 0)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskGLRenderer");

  f.frames = 0;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f.window));
  paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &f);
  if (!utu_spin_until (list_finished, &f, 30000))
    g_error ("The list shows “%s”%s after 30 s (%u frames drawn meanwhile)",
             count_text (&f), spinner_shown (&f) ? " with a spinner" : "", f.frames);


  /* The listing answers late, so it is under way while the focus moves
   * to the About window and back, and a spinner turns meanwhile. */
  for (guint round = 0; round < 3; round++)
    {
      wait.before = listings (&f);
      ferry_sandbox_add_fault (f.pair.dev, "GET", "/api/migrations", 1, FERRY_SANDBOX_FAULT_DELAY,
                               0, NULL, NULL, 300);
      about = open_about (f.window);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "migrations.refresh", NULL));
      g_assert_true (ferry_migrations_view_get_loading (f.view));
      g_assert_true (spinner_shown (&f));
      utu_wait_ms (100);
      gtk_window_destroy (about);

      f.frames = 0;
      if (!utu_spin_until (list_finished, &f, 15000))
        g_error ("Round %u: the list still shows “%s”%s after 15 s (%u frames drawn meanwhile)",
                 round, count_text (&f), spinner_shown (&f) ? " with a spinner" : "", f.frames);
      g_test_message ("round %u: finished after %u frames", round, f.frames);
      g_assert_true (listed_again (&wait));
    }

  /* Refresh (the button, as a click does) sends a request every time. */
  refresh_button = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "refresh_button"));
  for (guint round = 0; round < 2; round++)
    {
      wait.before = listings (&f);
      g_assert_true (gtk_widget_is_sensitive (refresh_button));
      g_signal_emit_by_name (refresh_button, "clicked");
      g_assert_true (utu_spin_until (listed_again, &wait, 10000));
      g_assert_true (utu_spin_until (list_finished, &f, 15000));
    }

  g_signal_handler_disconnect (clock, paint_handler);
  {
    g_autofree char *file = g_build_filename ("screenshots", "migrations-refresh-gl.png", NULL);

    utu_save_png (GTK_WIDGET (f.window), file);
  }
  gtk_window_destroy (f.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
count_says_reading (gpointer data)
{
  Fixture *f = data;

  return strstr (count_text (f), " · reading ") != NULL;
}

static gboolean
loaded (gpointer data)
{
  Fixture *f = data;

  return !ferry_migrations_view_get_loading (f->view) && strstr (count_text (f), "reading") == NULL;
}

/* A long list being read: a bar with how much is read, once the server
 * said how long it is (a spinner before that); neither once it is read. */
static void
test_reading_progress (void)
{
  SbtOptions dev = { .seed_migrations = 2500 };
  SbtOptions prod = { .seed_migrations = 1 };
  Fixture f = { 0 };
  guint listed = 0, total = 0;
  double fraction;
  BarSets sets = { 0 };

  sbt_pair_start (&f.pair, &dev, &prod);
  /* Every page of Development's list late: the reading can be seen. */
  ferry_sandbox_add_fault (f.pair.dev, "GET", "/api/migrations", 10, FERRY_SANDBOX_FAULT_DELAY,
                           0, NULL, NULL, 1500);
  open_view (&f);
  utu_present (f.window);
  g_signal_connect (loading_bar (&f), "notify::fraction", G_CALLBACK (bar_fraction_cb), &sets);
  ferry_migrations_view_set_environments (f.view, G_LIST_MODEL (f.environments));

  g_assert_true (utu_spin_until (count_says_reading, &f, 15000));
  g_test_message ("while reading: “%s”", count_text (&f));
  g_assert_true (ferry_migrations_view_get_loading (f.view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (loading_bar (&f))));
  g_assert_false (spinner_shown (&f));
  g_assert_cmpint (sscanf (strstr (count_text (&f), " · reading "), " · reading %u of %u", &listed, &total), ==, 2);
  g_assert_cmpuint (total, >=, 2500);
  g_assert_cmpuint (listed, <, total);
  /* The bar says what the text says. */
  fraction = gtk_progress_bar_get_fraction (loading_bar (&f));
  g_assert_cmpfloat_with_epsilon (fraction, (double) listed / total, 0.001);
  g_assert_cmpfloat (fraction, <, 1.0);
  {
    g_autofree char *file = g_build_filename ("screenshots", "migrations-reading.png", NULL);

    utu_save_png (GTK_WIDGET (f.window), file);
  }
  /* Narrow: the bar does not make the window wider than a phone's. */
  gtk_window_set_default_size (f.window, 360, 640);
  gtk_widget_queue_resize (GTK_WIDGET (f.window));
  utu_wait_ms (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.window)), <=, 400);
  g_test_message ("narrow, %s: “%s”", ferry_migrations_view_get_loading (f.view) ? "still reading" : "read",
                  count_text (&f));
  {
    g_autofree char *file = g_build_filename ("screenshots", "migrations-reading-narrow.png", NULL);

    utu_save_png (GTK_WIDGET (f.window), file);
  }

  g_assert_true (utu_spin_until (loaded, &f, 30000));
  g_test_message ("read: “%s”; the bar was given %u values, %u of them the one it had",
                  count_text (&f), sets.n_set, sets.n_same);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (loading_bar (&f))));
  g_assert_cmpuint (sets.n_set, >, 0);
  g_assert_cmpuint (sets.n_same, ==, 0);
  g_signal_handlers_disconnect_by_data (loading_bar (&f), &sets);
  g_assert_false (spinner_shown (&f));

  /* Never scrolled: the list shows its first row whole, however the rows
   * came in; then showing the last row scrolls down to it. */
  {
    GtkScrollable *column_view = GTK_SCROLLABLE (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (column_view);
    GListModel *shown = G_LIST_MODEL (ferry_migrations_view_get_shown (f.view));
    g_autoptr(FerryMigration) last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);

    utu_wait_ms (200);
    g_test_message ("scrolled by %.0f px of %.0f", gtk_adjustment_get_value (adjustment),
                    gtk_adjustment_get_upper (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0.0);
    ferry_migrations_view_show_migration (f.view, ferry_migration_get_id (last));
    utu_wait_ms (300);
    g_test_message ("showing the last row: scrolled by %.0f px, %.0f shown of %.0f",
                    gtk_adjustment_get_value (adjustment), gtk_adjustment_get_page_size (adjustment),
                    gtk_adjustment_get_upper (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=,
                       gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
  }
  gtk_window_destroy (f.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* `ferry --demo` ends at once on SIGTERM (and on SIGINT), its demo servers
 * stopped. */
static void
quit_on_signal (int signal_number)
{
  g_autofree char *ferry = g_test_build_filename (G_TEST_BUILT, "..", "src", "ferry", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint servers = 0;
  gint64 sent;

  process = g_subprocess_launcher_spawn (launcher, &error, ferry, "--demo", NULL);
  g_assert_no_error (error);

  /* Running once it prints where the demo servers listen. */
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while (servers < 2 && (line = g_data_input_stream_read_line (err, NULL, NULL, &error)) != NULL)
    {
      g_test_message ("ferry: %s", line);
      if (strstr (line, "/MicroStrategyLibrary") != NULL)
        servers++;
      g_clear_pointer (&line, g_free);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (servers, ==, 2);
  /* Its window drawn a few times: the main loop is busy as a user's is. */
  utu_wait_ms (1000);

  sent = g_get_monotonic_time ();
  g_subprocess_send_signal (process, signal_number);
  g_subprocess_wait_async (process, NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 5000));
  g_assert_true (g_subprocess_wait_finish (process, result, &error));
  g_assert_no_error (error);
  g_test_message ("exit after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - sent) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - sent, <, 2 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_sigterm (void)
{
  quit_on_signal (SIGTERM);
}

static void
test_sigint (void)
{
  quit_on_signal (SIGINT);
}

int
main (int    argc,
      char **argv)
{
  app = utu_init (&argc, &argv);
  if (app == NULL)
    return 0;

  g_test_add_func ("/migrations-refresh/focus-change", test_focus_change);
  g_test_add_func ("/migrations-refresh/reading-progress", test_reading_progress);
  g_test_add_func ("/migrations-refresh/sigterm", test_sigterm);
  g_test_add_func ("/migrations-refresh/sigint", test_sigint);

  return g_test_run ();
}
