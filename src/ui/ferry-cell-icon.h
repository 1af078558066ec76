/* ferry-cell-icon.h: a symbolic icon in a list cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CELL_ICON (ferry_cell_icon_get_type ())
G_DECLARE_FINAL_TYPE (FerryCellIcon, ferry_cell_icon, FERRY, CELL_ICON, GtkWidget)

/* An icon of PIXEL_SIZE square (its CSS padding around it), drawn in the
 * colour of its node, or nothing when its icon name is NULL. */
GtkWidget  *ferry_cell_icon_new            (int            pixel_size);
void        ferry_cell_icon_set_icon_name  (FerryCellIcon *self,
                                            const char    *icon_name);
const char *ferry_cell_icon_get_icon_name  (FerryCellIcon *self);

G_END_DECLS
