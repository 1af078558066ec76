/* test-window-state.c: the main window's size and maximized state follow
 * the settings as they change, so that quitting by any path keeps them
 * (issue 16: Ctrl+Q used to lose the size)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (the suite runs under xvfb-run, without a window
 * manager: a mapped window cannot be maximized there, so the maximized
 * state is checked from the settings to a new window).
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ferry-window.h"
#include "ui-test-util.h"

static GtkApplication *app;

typedef struct
{
  GSettings  *settings;
  const char *key;
  int         value;
} IntSetting;

static gboolean
setting_is (gpointer data)
{
  IntSetting *setting = data;

  return g_settings_get_int (setting->settings, setting->key) == setting->value;
}

static gboolean
is_width (gpointer data)
{
  IntSetting *setting = data;

  return gtk_widget_get_width (GTK_WIDGET (setting->settings)) == setting->value;
}

static gboolean
is_maximized (gpointer window)
{
  return gtk_window_is_maximized (window);
}

/* A resize from outside, as a window manager or the user does it. */
static void
resize_on_screen (GtkWindow *window,
                  int        width,
                  int        height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *display = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));

  XResizeWindow (display, gdk_x11_surface_get_xid (surface), width, height);
  XFlush (display);
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

/* A window resized on screen, then Ctrl+Q's action (app.quit, which ends in
 * g_application_quit()) and no close: the settings hold the size at once,
 * and the next window opens at it. */
static void
test_size_kept_after_quit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FerryWindow *window = ferry_window_new (app);
  FerryWindow *other;
  IntSetting width = { settings, "window-width", 930 };
  IntSetting height = { settings, "window-height", 610 };
  IntSetting shown = { NULL, NULL, 0 };
  int w = 0;
  int h = 0;

  utu_present (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  if (!GDK_IS_X11_SURFACE (gtk_native_get_surface (GTK_NATIVE (window))))
    {
      g_test_skip ("resizes from outside on X11 only");
      destroy_window (window);
      return;
    }

  /* Resized while shown, from outside (the widget is narrower than its
   * surface by the frame's margins). */
  shown.settings = (GSettings *) window;
  shown.value = gtk_widget_get_width (GTK_WIDGET (window)) - (1100 - 930);
  resize_on_screen (GTK_WINDOW (window), 930, 610);
  g_assert_true (utu_spin_until (is_width, &shown, 5000));
  g_assert_true (utu_spin_until (setting_is, &width, 5000));
  g_assert_true (utu_spin_until (setting_is, &height, 5000));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 930);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at that size; resizing it does not resize the
   * first (the settings are read once per window). */
  other = ferry_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (other), &w, &h);
  g_assert_cmpint (w, ==, 930);
  g_assert_cmpint (h, ==, 610);
  gtk_window_set_default_size (GTK_WINDOW (other), 700, 500);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  gtk_window_get_default_size (GTK_WINDOW (window), &w, &h);
  g_assert_cmpint (w, ==, 930);

  /* A size below the schema's range is kept at its minimum, without the
   * critical an out-of-range binding would raise. */
  gtk_window_set_default_size (GTK_WINDOW (other), 300, 200);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 360);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 294);

  destroy_window (other);
  destroy_window (window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* The maximized state, from the settings to a new window. */
static void
test_maximized_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FerryWindow *window;

  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = ferry_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (is_maximized, window, 5000));
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  destroy_window (window);

  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = ferry_window_new (app);
  utu_present (GTK_WINDOW (window));
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;

  g_test_add_func ("/window-state/size-kept-after-quit", test_size_kept_after_quit);
  g_test_add_func ("/window-state/maximized-restored", test_maximized_restored);

  status = g_test_run ();
  utu_application_teardown ();
  return status;
}
