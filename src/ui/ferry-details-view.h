/* ferry-details-view.h: one object, both copies side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the selected object on both sides (GET /api/objects/{id}?type=,
 * with its ACL) and shows name, path, type, version, created, modified,
 * owner and ACL of both copies in two columns. The fields whose values
 * differ are highlighted: a style class and a "Differs" badge (icon and
 * word, never colour alone). An object absent on one side says so
 * ("Not in Production"). The view has an empty state (nothing selected),
 * a loading state and an error state with Retry.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-environment-pane.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_DETAILS_STATE_EMPTY,
  FERRY_DETAILS_STATE_LOADING,
  FERRY_DETAILS_STATE_LOADED,
  FERRY_DETAILS_STATE_ERROR,
} FerryDetailsState;

#define FERRY_TYPE_DETAILS_VIEW (ferry_details_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryDetailsView, ferry_details_view, FERRY, DETAILS_VIEW, AdwBin)

/* Properties:
 *   "state"       FerryDetailsState (as int), read-only
 *   "object-id"   gchar*, read-only: the object shown (or loading)
 *   "title"       gchar*, read-only: the object's name once known
 */
GtkWidget        *ferry_details_view_new                (void);

/* Where SIDE's copy is read from: CONNECTION (nullable: not connected) and
 * PROJECT_ID in the environment called ENVIRONMENT_NAME (for the column
 * heading and "Not in …"). Clears what is shown. */
void              ferry_details_view_set_side           (FerryDetailsView   *self,
                                                         FerryPaneSide       side,
                                                         const char         *environment_name,
                                                         FerryConnection    *connection,
                                                         const char         *project_id);

/* Shows OBJECT_ID (of TYPE, an EnumDSSXMLObjectTypes value; 0 when
 * unknown: then RESULT must know the object). RESULT (nullable) says on
 * which sides the object exists, so an absent copy is not even asked for.
 * NULL OBJECT_ID clears the view. */
void              ferry_details_view_show_object        (FerryDetailsView   *self,
                                                         const char         *object_id,
                                                         int                 type,
                                                         FerryCompareResult *result);
void              ferry_details_view_reload             (FerryDetailsView   *self);

FerryDetailsState ferry_details_view_get_state          (FerryDetailsView   *self);
const char       *ferry_details_view_get_object_id      (FerryDetailsView   *self);
const char       *ferry_details_view_get_title          (FerryDetailsView   *self);
/* The keys of the fields shown as differing ("name", "path", "type",
 * "version", "created", "modified", "owner", "acl"), in display order.
 * (transfer full) */
GStrv             ferry_details_view_dup_differing_fields (FerryDetailsView *self);
/* The text shown for FIELD on SIDE (for tests and accessibility), or NULL. */
const char       *ferry_details_view_get_value          (FerryDetailsView   *self,
                                                         FerryPaneSide       side,
                                                         const char         *field);

G_END_DECLS
