/* ferry-narrow.h: one way for a widget to switch to a narrow layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 has no breakpoints: a page that lays itself out differently in a
 * narrow window measures its width in size_allocate and switches after
 * that allocation, not during it (from a high-priority idle, before the
 * next frame). FerryNarrow is that switch, embedded in the widget's
 * struct:
 *
 *   ferry_narrow_init (&self->narrow, GTK_WIDGET (self), 720, apply_narrow);  (init)
 *   if (ferry_narrow_allocate (&self->narrow, width))                       (size_allocate)
 *     g_object_notify_by_pspec (…"narrow"…);
 *   ferry_narrow_clear (&self->narrow);                                     (dispose)
 *
 * APPLY runs once per change with the new state. Used by the Migrations
 * page (its columns); the Compare page (the panes' orientation) and other
 * pages can move onto it the same way.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*FerryNarrowApplyFunc) (GtkWidget *widget,
                                      gboolean   narrow);

typedef struct
{
  /*< private >*/
  GtkWidget            *widget;       /* the owner (not referenced) */
  int                   threshold;    /* narrower than this: narrow */
  gboolean              narrow;
  guint                 idle;
  FerryNarrowApplyFunc  apply;
} FerryNarrow;

void     ferry_narrow_init       (FerryNarrow          *self,
                                  GtkWidget            *widget,
                                  int                   threshold,
                                  FerryNarrowApplyFunc  apply);
/* From size_allocate with the allocated WIDTH: TRUE when the state changed
 * (APPLY then runs from an idle). */
gboolean ferry_narrow_allocate   (FerryNarrow          *self,
                                  int                   width);
gboolean ferry_narrow_get_narrow (FerryNarrow          *self);
/* Drops a pending APPLY (dispose). */
void     ferry_narrow_clear      (FerryNarrow          *self);

G_END_DECLS
