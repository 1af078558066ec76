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
