/* ferry-compare-view.h: the Compare page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two FerryEnvironmentPanes in a GtkPaned (source left, target right; one
 * above the other when the panes' area is narrower than 800 px, as in a
 * 1,100 px window with the details open), the Compare button with the
 * progress of a running comparison, the summary bar (after a comparison:
 * the "Differences Only" filter first, then the counts, which are "go to
 * the next one" buttons), and the details of the selected object beside
 * the panes (an AdwFlap on the right).
 *
 * After a comparison both trees open to their first difference (folders
 * expanded, scrolled to it) and the source's row gets the keyboard focus,
 * not the selection: with nothing selected "New Migration" stays a merge
 * of the whole project. The focus moves only while it is on this page,
 * in the header or nowhere (never out of an entry or a popover, never
 * while another page shows). Likewise, when both panes become ready the
 * Compare button takes the focus.
 *
 * Compare reads both projects' inventories at once, in the background
 * (paged search with ancestors; each page goes into a FerryInventoryBuilder
 * in the search's worker thread), compares them in a thread and hands the
 * result to both panes. Changing either pane's environment or project
 * cancels a running comparison and clears the marks.
 *
 * The count buttons go to the next object in their state (plain buttons,
 * never pressed): one turns the "differences only" filter on (off for
 * "identical") and selects the next object in that state, expanding its
 * folders; the counterpart is selected in the other pane and the details
 * follow. Pressing it again moves on to the next one (wrapping).
 *
 * Actions (group "compare", installed on the class):
 *   compare.run, compare.cancel, compare.reload,
 *   compare.differences-only (stateful), compare.show-details (stateful),
 *   compare.show-state (int: FerryCompareCount).
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-details-view.h"
#include "ferry-environment-pane.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_COMPARE_STATUS_IDLE,       /* nothing compared (or cleared) */
  FERRY_COMPARE_STATUS_READING,    /* reading the inventories */
  FERRY_COMPARE_STATUS_COMPARING,  /* comparing them in a thread */
  FERRY_COMPARE_STATUS_DONE,       /* the marks show */
  FERRY_COMPARE_STATUS_FAILED,     /* the error shows, with Retry */
} FerryCompareStatus;

/* The summary bar's counts. */
typedef enum
{
  FERRY_COMPARE_COUNT_IDENTICAL,
  FERRY_COMPARE_COUNT_DIFFER,        /* newer in the source or in the target */
  FERRY_COMPARE_COUNT_ONLY_IN_SOURCE,
  FERRY_COMPARE_COUNT_ONLY_IN_TARGET,
  FERRY_COMPARE_COUNT_MOVED,
} FerryCompareCount;

#define FERRY_COMPARE_N_COUNTS 5

#define FERRY_TYPE_COMPARE_VIEW (ferry_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryCompareView, ferry_compare_view, FERRY, COMPARE_VIEW, GtkWidget)

/* Properties:
 *   "environments"      GListModel of FerryEnvironment (both panes' drop-downs)
 *   "status"            FerryCompareStatus (as int), read-only
 *   "can-compare"       gboolean, read-only: both panes show a connected
 *                       environment and a project
 *   "compare-result"    FerryCompareResult (boxed), read-only
 *   "differences-only"  gboolean
 *   "show-details"      gboolean
 *   "narrow"            gboolean, read-only: the panes are stacked
 */
GtkWidget            *ferry_compare_view_new                 (void);
void                  ferry_compare_view_set_environments    (FerryCompareView   *self,
                                                              GListModel         *environments);
FerryEnvironmentPane *ferry_compare_view_get_pane            (FerryCompareView   *self,
                                                              FerryPaneSide       side);
FerryDetailsView     *ferry_compare_view_get_details_view    (FerryCompareView   *self);

gboolean              ferry_compare_view_get_can_compare     (FerryCompareView   *self);
FerryCompareStatus    ferry_compare_view_get_status          (FerryCompareView   *self);
/* Starts a comparison (cancelling one that runs). */
void                  ferry_compare_view_compare             (FerryCompareView   *self);
void                  ferry_compare_view_cancel              (FerryCompareView   *self);
/* Reloads both panes' trees (F5); the marks stay until the next Compare. */
void                  ferry_compare_view_reload              (FerryCompareView   *self);
FerryCompareResult   *ferry_compare_view_get_compare_result  (FerryCompareView   *self);

gboolean              ferry_compare_view_get_differences_only (FerryCompareView  *self);
void                  ferry_compare_view_set_differences_only (FerryCompareView  *self,
                                                               gboolean           differences_only);
gboolean              ferry_compare_view_get_show_details    (FerryCompareView   *self);
void                  ferry_compare_view_set_show_details    (FerryCompareView   *self,
                                                              gboolean            show_details);
/* What a count button does (see above): selects the next object in that state. */
void                  ferry_compare_view_show_count          (FerryCompareView   *self,
                                                              FerryCompareCount   count);
/* How many objects a count button counts (0 before a comparison). */
guint                 ferry_compare_view_get_count           (FerryCompareView   *self,
                                                              FerryCompareCount   count);
/* The search entry of the pane worked in last (Ctrl+F). */
void                  ferry_compare_view_focus_search        (FerryCompareView   *self);
/* "Reading Development… 3 000 of 9 000" while reading; for tests. */
const char           *ferry_compare_view_get_progress_text   (FerryCompareView   *self);
gboolean              ferry_compare_view_get_narrow          (FerryCompareView   *self);

G_END_DECLS
