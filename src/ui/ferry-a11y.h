/* ferry-a11y.h: accessible names GTK 4.8 gets wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkButton with a mnemonic label ("_Compare") is named by GTK 4.8 both
 * from its raw label property and from its label child, so a screen
 * reader says "underscore Compare Compare". ferry_a11y_fix_mnemonics()
 * drops the raw label property of every such button under ROOT (and again
 * whenever its label changes), leaving the name to the child label.
 * Called once from the init of each template that has such buttons.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ferry_a11y_fix_mnemonics (GtkWidget *root);

G_END_DECLS
