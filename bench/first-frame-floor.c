/* first-frame-floor.c: the floor under bench-demo-start, a bare window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spawned by `bench-demo-start RUNS floor|adw` in place of ferry: a toolkit
 * window with nothing of Ferry in it, which prints
 * "FERRY-FIRST-FRAME<TAB><monotonic µs>" after its first painted frame, as
 * ferry does with FERRY_REPORT_FIRST_FRAME. What no change to Ferry can go
 * below on this machine and renderer: the process start, the toolkit's
 * initialisation (display, settings, theme) and the renderer's realize
 * (GSK's GL renderer compiles its shaders there) and first frame.
 *
 *   bench-first-frame-floor gtk   a GtkWindow with one label (gtk_init)
 *   bench-first-frame-floor adw   an AdwApplicationWindow of an
 *                                 AdwApplication without an id (libadwaita's
 *                                 style sheets too; no D-Bus name)
 */

#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_print ("FERRY-FIRST-FRAME\t%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
show (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("Ferry"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  show (window);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "adw"))
    {
      g_autoptr(AdwApplication) app = adw_application_new (NULL, G_APPLICATION_NON_UNIQUE);

      g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }
  else
    {
      GtkWidget *window;

      gtk_init ();
      window = gtk_window_new ();
      gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Ferry"));
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
      show (window);
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }
}
