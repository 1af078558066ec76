/* ferry-object-info.h: one metadata object as a search, a folder listing or
 * GET /api/objects/{id} describes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_TYPE_OBJECT_INFO (ferry_object_info_get_type ())
G_DECLARE_FINAL_TYPE (FerryObjectInfo, ferry_object_info, FERRY, OBJECT_INFO, GObject)

/* Reads an item of a search, folder listing or object answer. Only "id" is
 * required; errors are FERRY_API_ERROR_INVALID_RESPONSE. When the item has
 * "ancestors" (getAncestors=true, object details), parent-id is the nearest
 * ancestor and path the folder path without the project's root folder:
 * "\Public Objects\Reports" ("\" for an object of the root folder). */
FerryObjectInfo *ferry_object_info_new_from_json      (JsonObject      *object,
                                                       GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same for an item of a folder listing, whose answer names no
 * ancestors: PARENT_ID and PATH (both nullable) are used unless the item
 * has ancestors of its own. */
FerryObjectInfo *ferry_object_info_new_from_json_in_folder (JsonObject *object,
                                                            const char *parent_id,
                                                            const char *path,
                                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;

const char      *ferry_object_info_get_id             (FerryObjectInfo *self);
const char      *ferry_object_info_get_name           (FerryObjectInfo *self);
/* EnumDSSXMLObjectTypes (8 folder, 12 attribute, 34 user or group, …). */
int              ferry_object_info_get_object_type    (FerryObjectInfo *self);
/* EnumDSSXMLObjectSubTypes (type × 256 + n), 0 when not given. */
int              ferry_object_info_get_subtype        (FerryObjectInfo *self);
/* The version id (32 hex), or NULL. */
const char      *ferry_object_info_get_version        (FerryObjectInfo *self);
/* In UTC; NULL when the answer had none. */
GDateTime       *ferry_object_info_get_date_created   (FerryObjectInfo *self);
GDateTime       *ferry_object_info_get_date_modified  (FerryObjectInfo *self);
const char      *ferry_object_info_get_owner_id       (FerryObjectInfo *self);
const char      *ferry_object_info_get_owner_name     (FerryObjectInfo *self);
/* The containing folder's id, or NULL when unknown. */
const char      *ferry_object_info_get_parent_id      (FerryObjectInfo *self);
/* "\Public Objects\Reports", or NULL when unknown. */
const char      *ferry_object_info_get_path           (FerryObjectInfo *self);
const char      *ferry_object_info_get_description    (FerryObjectInfo *self);
/* The "acl" array (GET /api/objects/{id}), or NULL when not read. */
JsonNode        *ferry_object_info_get_acl            (FerryObjectInfo *self);
/* TRUE for folders (type 8). */
gboolean         ferry_object_info_is_folder          (FerryObjectInfo *self);

G_END_DECLS
