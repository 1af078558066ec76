/* ferry-preview-rows.h: the rows of a preview table, revealed a slice at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel that shows the first items of another model (the filtered
 * and sorted preview items) and no more than it was told to reveal. A list
 * widget creates, binds and measures a row for every item that enters its
 * visible region: handed thousands of rows in one items-changed, GTK 4.8
 * builds some two hundred rows of nine cells in one go (a sixth of a
 * second). Through this model the rows arrive a slice at a time, as
 * ferry_preview_rows_reveal() asks (the view does it once per frame, the
 * slice sized by time). Changes of the underlying model within the
 * revealed rows pass through unchanged (one items-changed each); items past
 * them wait, counted by the "pending" property.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_PREVIEW_ROWS (ferry_preview_rows_get_type ())

G_DECLARE_FINAL_TYPE (FerryPreviewRows, ferry_preview_rows, FERRY, PREVIEW_ROWS, GObject)

FerryPreviewRows *ferry_preview_rows_new         (GListModel       *model);
GListModel       *ferry_preview_rows_get_model   (FerryPreviewRows *self);
/* Replaces the underlying model: the rows shown go (one items-changed),
 * and the new model's items wait to be revealed. */
void              ferry_preview_rows_set_model   (FerryPreviewRows *self,
                                                  GListModel       *model);
/* Shows up to N_ITEMS more items of the underlying model (one
 * items-changed); returns how many were added. */
guint             ferry_preview_rows_reveal      (FerryPreviewRows *self,
                                                  guint             n_items);
/* The items of the underlying model not shown yet. */
guint             ferry_preview_rows_get_pending (FerryPreviewRows *self);

G_END_DECLS
