/* ferry-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-widget-util"

#include "config.h"

#include "ferry-widget-util.h"

void
ferry_widget_set_tooltip_text (GtkWidget  *widget,
                               const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

void
ferry_progress_bar_set_fraction (GtkProgressBar *bar,
                                 double          fraction)
{
  g_return_if_fail (GTK_IS_PROGRESS_BAR (bar));

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (gtk_progress_bar_get_fraction (bar) != fraction)
    gtk_progress_bar_set_fraction (bar, fraction);
}
