/* ferry-widget-util.h: widget calls GTK 4.8 makes costly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text() when TEXT differs from the tooltip WIDGET
 * has: GTK 4.8 asks the display server where the pointer is on every call,
 * even with the same text, which views that update often (after each
 * helping of rows) must not pay. */
void ferry_widget_set_tooltip_text (GtkWidget  *widget,
                                    const char *text);

/* gtk_progress_bar_set_fraction() when FRACTION (clamped to 0…1) differs
 * from the bar's: GTK 4.8 lays the bar out again, and so draws a frame of
 * the window, at every call, the same value or not. Not for a bar that
 * pulses (a set is also what stops the pulsing). */
void ferry_progress_bar_set_fraction (GtkProgressBar *bar,
                                      double          fraction);

G_END_DECLS
