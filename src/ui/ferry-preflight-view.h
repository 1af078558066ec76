/* ferry-preflight-view.h: the checklist "Before Running" of a FerryPreflight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per check of the pre-flight (core: FerryPreflight): its state as
 * an icon with an accessible label (a spinner while it runs, a check mark,
 * an information icon for a note, an error icon for a failure), its title,
 * what was found, and for a failure the next action. Compact while every
 * check passed (one row, "All checks passed", that expands to show them),
 * all rows at once while the checks run or one failed (the failures
 * first once the checks ran). "Check Again" in
 * the header, once a check failed, activates "editor.check-again".
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PREFLIGHT_VIEW (ferry_preflight_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreflightView, ferry_preflight_view, FERRY, PREFLIGHT_VIEW, AdwBin)

/* PREFLIGHT may be NULL (nothing is shown). */
void            ferry_preflight_view_set_preflight (FerryPreflightView *self,
                                                    FerryPreflight     *preflight);
FerryPreflight *ferry_preflight_view_get_preflight (FerryPreflightView *self);
/* TRUE while it shows the single row "All checks passed". */
gboolean        ferry_preflight_view_get_compact   (FerryPreflightView *self);
/* The row shown at POSITION (an AdwActionRow), for tests and
 * accessibility checks; NULL when none. */
GtkWidget      *ferry_preflight_view_get_row       (FerryPreflightView *self,
                                                    guint               position);
/* The accessible label of the state icon of the row at POSITION. */
const char     *ferry_preflight_view_get_state_label (FerryPreflightView *self,
                                                      guint               position);

G_END_DECLS
