/* ferry-narrow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-narrow"

#include "config.h"

#include "ferry-narrow.h"

void
ferry_narrow_init (FerryNarrow          *self,
                   GtkWidget            *widget,
                   int                   threshold,
                   FerryNarrowApplyFunc  apply)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (apply != NULL);

  self->widget = widget;
  self->threshold = threshold;
  self->narrow = FALSE;
  self->idle = 0;
  self->apply = apply;
}

static gboolean
apply_cb (gpointer user_data)
{
  FerryNarrow *self = user_data;

  self->idle = 0;
  self->apply (self->widget, self->narrow);
  return G_SOURCE_REMOVE;
}

gboolean
ferry_narrow_allocate (FerryNarrow *self,
                       int          width)
{
  gboolean narrow;

  g_return_val_if_fail (self != NULL && GTK_IS_WIDGET (self->widget), FALSE);

  narrow = width < self->threshold;
  if (narrow == self->narrow)
    return FALSE;
  self->narrow = narrow;
  /* After this allocation, not during it; before the next frame. */
  if (self->idle == 0)
    self->idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_cb, self, NULL);
  return TRUE;
}

gboolean
ferry_narrow_get_narrow (FerryNarrow *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->narrow;
}

void
ferry_narrow_clear (FerryNarrow *self)
{
  g_return_if_fail (self != NULL);

  g_clear_handle_id (&self->idle, g_source_remove);
}
