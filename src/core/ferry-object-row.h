/* ferry-object-row.h: one object as a row of the environment pane's tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps a FerryObjectInfo with what the cells show, as properties the
 * column view's factories bind to (so rows on screen follow changes: list
 * views recycle their widgets, the row objects carry the state): the type
 * icon and name, the local modification time, the short version, the
 * owner, the compare mark (icon + word + style class + tooltip), and
 * whether the folder is being listed.
 *
 * Properties (read-only unless said): "info", "id", "name", "icon-name",
 * "type-name", "modified" (gint64, µs since 1970 UTC; 0 unknown),
 * "modified-text", "modified-tooltip", "version", "version-short",
 * "owner", "location" (folder path, shown for search results),
 * "has-location", "mark-label", "mark-icon-name", "mark-tooltip",
 * "mark-css-classes" (GStrv), "has-mark", "loading", "error", "has-error".
 */

#pragma once

#include <gio/gio.h>

/* not ferry-core.h, which includes this header */
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-connection.h"
#include "ferry-object-info.h"
#include "ferry-discovery.h"
#include "ferry-inventory.h"
#include "ferry-compare.h"
#include "ferry-toc-settings.h"
#include "ferry-rules.h"
#include "ferry-library-api.h"
#include "ferry-migration.h"
#include "ferry-migration-list.h"
#include "ferry-job.h"
#include "ferry-environment.h"

G_BEGIN_DECLS

#define FERRY_TYPE_OBJECT_ROW (ferry_object_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryObjectRow, ferry_object_row, FERRY, OBJECT_ROW, GObject)

FerryObjectRow  *ferry_object_row_new               (FerryObjectInfo *info);
FerryObjectInfo *ferry_object_row_get_info          (FerryObjectRow  *self);
/* Upper case, as inventories and compare results store ids. */
const char      *ferry_object_row_get_id            (FerryObjectRow  *self);
const char      *ferry_object_row_get_name          (FerryObjectRow  *self);
gboolean         ferry_object_row_is_folder         (FerryObjectRow  *self);
/* Upper case, or NULL (a top-level folder). */
const char      *ferry_object_row_get_parent_id     (FerryObjectRow  *self);

/* The compare mark; LABEL NULL clears it. CSS_CLASS: "success",
 * "warning", "error", "accent" (nullable). */
void             ferry_object_row_set_mark          (FerryObjectRow  *self,
                                                     const char      *label,
                                                     const char      *icon_name,
                                                     const char      *css_class,
                                                     const char      *tooltip);
const char      *ferry_object_row_get_mark_label    (FerryObjectRow  *self);

/* What the last comparison says about the object: a FerryDiffState, or
 * -1 when there is none or the object is not in it; and, for folders,
 * whether an object below differs. Used by the differences-only filter. */
void             ferry_object_row_set_diff          (FerryObjectRow  *self,
                                                     int              state,
                                                     gboolean         differences_below);
int              ferry_object_row_get_diff_state    (FerryObjectRow  *self);
gboolean         ferry_object_row_get_differences_below (FerryObjectRow *self);

void             ferry_object_row_set_location      (FerryObjectRow  *self,
                                                     const char      *location);
void             ferry_object_row_set_loading       (FerryObjectRow  *self,
                                                     gboolean         loading);
gboolean         ferry_object_row_get_loading       (FerryObjectRow  *self);
void             ferry_object_row_set_error         (FerryObjectRow  *self,
                                                     const char      *error);

/* The folder's children model, cached here by the pane (nullable). */
GListModel      *ferry_object_row_get_children      (FerryObjectRow  *self);
void             ferry_object_row_set_children      (FerryObjectRow  *self,
                                                     GListModel      *children);

/* The symbolic icon for an object type (EnumDSSXMLObjectTypes). */
const char      *ferry_object_type_icon_name        (int              type,
                                                     int              subtype);

G_END_DECLS
