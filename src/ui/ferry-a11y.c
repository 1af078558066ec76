/* ferry-a11y.c: accessible names GTK 4.8 gets wrong (see ferry-a11y.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-a11y"

#include "config.h"

#include "ferry-a11y.h"

#define FIXED_KEY "ferry-a11y-mnemonic-fixed"

static void
drop_raw_label (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
label_changed_cb (GtkButton  *button,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  drop_raw_label (button);
}

void
ferry_a11y_fix_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && g_object_get_data (G_OBJECT (root), FIXED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (root), FIXED_KEY, GINT_TO_POINTER (TRUE));
      drop_raw_label (GTK_BUTTON (root));
      g_signal_connect (root, "notify::label", G_CALLBACK (label_changed_cb), NULL);
      g_signal_connect (root, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ferry_a11y_fix_mnemonics (child);
}
