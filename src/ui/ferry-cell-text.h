/* ferry-cell-text.h: one line (or a few) of text in a list cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CELL_TEXT (ferry_cell_text_get_type ())
G_DECLARE_FINAL_TYPE (FerryCellText, ferry_cell_text, FERRY, CELL_TEXT, GtkWidget)

/* Asks MIN_CHARS characters of width at least and NAT_CHARS naturally,
 * and NAT_LINES lines of height (wrapped at words, then characters, when
 * more than one), whatever its text: a row's size never follows its
 * text. What does not fit is cut with an ellipsis. */
GtkWidget  *ferry_cell_text_new           (guint          min_chars,
                                           guint          nat_chars,
                                           guint          nat_lines);
void        ferry_cell_text_set_text      (FerryCellText *self,
                                           const char    *text);
const char *ferry_cell_text_get_text      (FerryCellText *self);
guint       ferry_cell_text_get_nat_lines (FerryCellText *self);

G_END_DECLS
