/* ferry-preview-view.h: the preview's table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counts per outcome at the top, as toggle buttons that filter the
 * table (icon + word + number, never colour alone), whether undo will be
 * possible, the failure when the preview predicts one, and a GtkColumnView
 * of every object the migration touches: outcome, name, folder, type,
 * source version and modification time, target version and modification
 * time, and the rule that applied. The selected row's whole explanation
 * ("folder rule on \Public Objects\Reports: use_existing; newer in the
 * source → keep existing") shows under the table. Columns sort on click.
 *
 * States: empty (no preview yet), loading (spinner, message, progress),
 * error (the message, with Retry: the "retry" signal), the table.
 */

#pragma once

#include <adwaita.h>

#include "ferry-preview.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PREVIEW_VIEW (ferry_preview_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreviewView, ferry_preview_view, FERRY, PREVIEW_VIEW, AdwBin)

/* All outcomes (no filter). */
#define FERRY_PREVIEW_FILTER_ALL (-1)

/* Properties: "result" (FerryPreviewResult), "filter" (int: a FerryOutcome
 * or FERRY_PREVIEW_FILTER_ALL), "state" (string, read-only: "empty",
 * "loading", "error", "table").
 * Signal "retry" (): the user pressed Retry after an error. */
GtkWidget          *ferry_preview_view_new                (void);
FerryPreviewResult *ferry_preview_view_get_result         (FerryPreviewView   *self);
void                ferry_preview_view_set_result         (FerryPreviewView   *self,
                                                           FerryPreviewResult *result);
void                ferry_preview_view_show_empty         (FerryPreviewView   *self);
/* FRACTION < 0: pulsing. */
void                ferry_preview_view_show_loading       (FerryPreviewView   *self,
                                                           const char         *message,
                                                           double              fraction);
void                ferry_preview_view_show_error         (FerryPreviewView   *self,
                                                           const GError       *error);
const char         *ferry_preview_view_get_state          (FerryPreviewView   *self);
int                 ferry_preview_view_get_filter         (FerryPreviewView   *self);
void                ferry_preview_view_set_filter         (FerryPreviewView   *self,
                                                           int                 filter);
/* The rows as shown (filtered and sorted; GListModel of FerryPreviewItem). */
GListModel         *ferry_preview_view_get_rows           (FerryPreviewView   *self);
/* The rows not in get_rows() yet (filtering, sorting, or a slice per frame). */
guint               ferry_preview_view_get_n_pending      (FerryPreviewView   *self);
/* The count button of OUTCOME (or FERRY_PREVIEW_FILTER_ALL), for tests. */
GtkToggleButton    *ferry_preview_view_get_count_button   (FerryPreviewView   *self,
                                                           int                 filter);
/* Selects row POSITION of the rows shown (its explanation shows). */
void                ferry_preview_view_select_row         (FerryPreviewView   *self,
                                                           guint               position);
const char         *ferry_preview_view_get_explanation    (FerryPreviewView   *self);

G_END_DECLS
