/* test-window.c: the main window, with and without the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (the suite runs under xvfb-run). Screenshots go to
 * G_TEST_BUILDDIR: test-window-empty.png, test-window-demo.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-demo.h"
#include "ferry-sandbox.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-window.h"

static GtkApplication *app;

/* --- helpers ------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
spin_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

static gboolean
transition_done (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets animations finish. (Turning them off instead makes libadwaita 1.2's
 * AdwViewSwitcherTitle warn about allocating its hidden switcher with
 * height -1, and warnings are fatal here.) */
static void
wait_ms (guint ms)
{
  spin_until (never, NULL, ms);
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       flag)
{
  *(gboolean *) flag = TRUE;
}

static gboolean
wait_for_paint (GtkWidget *widget,
                guint      timeout_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;
  gboolean ok;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ok = spin_until (flag_set, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, id);

  return ok;
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;

  /* The paintable holds the last painted node: paint first, then take it. */
  g_assert_true (wait_for_paint (widget, 5000));
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Distinct colours among every other pixel: 1 for a blank image. */
static guint
count_colours (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guchar *pixels = NULL;
  int width, height;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);

  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + ((gsize) y * width + x) * 4, sizeof pixel);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (colours);
}

static void
screenshot_and_check (GtkWidget  *widget,
                      const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  save_png (widget, path);
  g_assert_cmpuint (count_colours (path), >, 20);
}

static GtkWidget *
template_child (FerryWindow *window,
                const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static FerryWindow *
new_mapped_window (void)
{
  FerryWindow *window = ferry_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (is_mapped, window, 5000));

  return window;
}

static void
destroy_window (FerryWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
}

/* --- tests -------------------------------------------------------------- */

static void
test_pages (void)
{
  FerryWindow *window = new_mapped_window ();
  AdwViewStack *view_stack = ADW_VIEW_STACK (template_child (window, "view_stack"));
  AdwViewSwitcherTitle *switcher = ADW_VIEW_SWITCHER_TITLE (template_child (window, "switcher_title"));
  GtkStack *compare_stack = GTK_STACK (template_child (window, "compare_stack"));
  GtkWidget *compare = adw_view_stack_get_child_by_name (view_stack, "compare");
  GtkWidget *migrations = adw_view_stack_get_child_by_name (view_stack, "migrations");

  g_assert_nonnull (compare);
  g_assert_nonnull (migrations);
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (view_stack, compare)), ==, "Compare");
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (view_stack, migrations)), ==, "Migrations");
  g_assert_true (adw_view_switcher_title_get_stack (switcher) == view_stack);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "compare");

  /* No demo: the empty state with its two buttons. */
  g_assert_null (ferry_window_get_demo (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "empty");
  g_assert_true (gtk_widget_get_sensitive (template_child (window, "add_environment_button")));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "add_environment_button"))),
                   ==, "win.add-environment");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "try_demo_button"))),
                   ==, "app.try-demo");

  screenshot_and_check (GTK_WIDGET (window), "test-window-empty.png");

  adw_view_stack_set_visible_child_name (view_stack, "migrations");
  screenshot_and_check (GTK_WIDGET (window), "test-window-migrations.png");

  destroy_window (window);
}

static gboolean
bar_revealed (gpointer bar)
{
  return adw_view_switcher_bar_get_reveal (bar);
}

/* At phone width the switcher moves from the header bar to the bottom. */
static void
test_narrow (void)
{
  FerryWindow *window = ferry_window_new (app);
  AdwViewSwitcherTitle *switcher = ADW_VIEW_SWITCHER_TITLE (template_child (window, "switcher_title"));
  GtkWidget *bar = template_child (window, "switcher_bar");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (is_mapped, window, 5000));
  g_assert_true (spin_until (bar_revealed, bar, 5000));
  g_assert_true (adw_view_switcher_title_get_title_visible (switcher));
  wait_ms (600);

  screenshot_and_check (GTK_WIDGET (window), "test-window-narrow.png");

  destroy_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* GTK keeps its own reference to every toplevel. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* The primary menu's About and Keyboard Shortcuts entries. */
static void
test_about_and_shortcuts (void)
{
  FerryWindow *window = new_mapped_window ();
  GtkWindow *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (spin_until (about_shown, NULL, 5000));
  dialog = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (dialog)), ==, "Ferry");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_VERSION);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  /* The app icon comes from the resource, through the icon theme. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window))),
                                          APP_ID));
  wait_ms (400);
  screenshot_and_check (GTK_WIDGET (dialog), "test-window-about.png");
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (spin_until (shortcuts_shown, NULL, 5000));
  dialog = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  wait_ms (400);
  screenshot_and_check (GTK_WIDGET (dialog), "test-window-shortcuts.png");
  gtk_window_destroy (dialog);

  destroy_window (window);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
pane_connected (gpointer data)
{
  FerryEnvironmentPane *pane = data;
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

  return environment != NULL &&
         ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED &&
         ferry_environment_pane_get_project_id (pane) != NULL;
}

/* The demo's two servers open in the two panes, connected, with the
 * Tutorial project; stopping the demo takes them away again. */
static void
test_demo (void)
{
  g_autoptr(FerryDemo) demo = ferry_demo_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  FerryWindow *window = new_mapped_window ();
  GtkStack *compare_stack = GTK_STACK (template_child (window, "compare_stack"));
  FerryCompareView *view = ferry_window_get_compare_view (window);
  FerryEnvironmentList *environments = ferry_window_get_environments (window);
  const char *names[] = { "Development", "Production" };

  ferry_window_set_demo (window, demo);
  ferry_demo_start_async (demo, NULL, store_result_cb, &result);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_STARTING);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "starting");

  g_assert_true (spin_until (is_set, &result, 60000));
  ferry_demo_start_finish (demo, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_RUNNING);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "compare");

  directory = g_strdup (ferry_demo_get_directory (demo));
  g_assert_nonnull (directory);
  g_assert_true (g_file_test (directory, G_FILE_TEST_IS_DIR));

  /* One environment per server, in its pane, with the server's name and URL. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FerrySandbox) sandbox = g_list_model_get_item (ferry_demo_get_servers (demo), i);
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (view, i);
      FerryEnvironment *environment = ferry_environment_list_lookup (environments, names[i]);

      g_assert_nonnull (environment);
      g_assert_true (ferry_environment_get_is_demo (environment));
      g_assert_cmpstr (ferry_environment_get_base_url (environment), ==, ferry_sandbox_get_base_url (sandbox));
      g_assert_true (g_str_has_prefix (ferry_environment_get_base_url (environment), "http://127.0.0.1:"));
      g_assert_true (ferry_environment_pane_get_environment (pane) == environment);
      g_assert_true (spin_until (pane_connected, pane, 30000));
      g_assert_cmpstr (ferry_environment_pane_get_project_id (pane), ==, "B19DEDCC11D4E0EFC000EB9495D0F44F");
      g_assert_true (ferry_sandbox_is_running (sandbox));
    }
  g_assert_true (ferry_compare_view_get_can_compare (view));

  g_assert_true (spin_until (transition_done, compare_stack, 5000));
  wait_ms (300);
  screenshot_and_check (GTK_WIDGET (window), "test-window-demo.png");

  /* Stopping removes every trace and brings the empty state back. */
  ferry_demo_stop (demo);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_STOPPED);
  g_assert_null (ferry_demo_get_directory (demo));
  g_assert_false (g_file_test (directory, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_demo_get_servers (demo)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (environments)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "empty");

  destroy_window (window);
}

static void
test_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FerryWindow *window = ferry_window_new (app);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (is_mapped, window, 5000));

  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at the saved size. */
  g_settings_set_int (settings, "window-width", 800);
  window = ferry_window_new (app);
  {
    int width = 0;
    int height = 0;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 800);
  }
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_printerr ("No display: run the tests under xvfb-run\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display (run the tests under xvfb-run)\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* A registered application, as in the app: it loads style.css and puts
   * the app icons on the icon theme's path. NON_UNIQUE: parallel tests. */
  app = g_object_new (FERRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/narrow", test_narrow);
  g_test_add_func ("/window/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/window/demo", test_demo);
  g_test_add_func ("/window/size-saved", test_size_saved);

  status = g_test_run ();

  g_clear_object (&app);

  return status;
}
