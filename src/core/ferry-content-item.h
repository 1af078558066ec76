/* ferry-content-item.h: one object of an object migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-library-api.h"
#include "ferry-object-info.h"
#include "ferry-rules.h"
#include "ferry-toc-settings.h"

G_BEGIN_DECLS

/* FerryContentItem: one object of an object migration. Properties:
 *   "object-id" (string), "name" (string), "object-type" (int),
 *   "subtype" (int, 0 unknown), "path" (string: the folder holding it, for
 *   display; may be NULL), "action" (FerryConflictAction),
 *   "include-dependents" (gboolean).
 * All notify only on a real change. */
#define FERRY_TYPE_CONTENT_ITEM (ferry_content_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryContentItem, ferry_content_item, FERRY, CONTENT_ITEM, GObject)

FerryContentItem   *ferry_content_item_new                    (const char          *object_id,
                                                               const char          *name,
                                                               int                  type,
                                                               int                  subtype,
                                                               const char          *path,
                                                               FerryConflictAction  action,
                                                               gboolean             include_dependents);
/* From a listed object (action and include-dependents given). */
FerryContentItem   *ferry_content_item_new_from_object_info   (FerryObjectInfo     *info,
                                                               FerryConflictAction  action,
                                                               gboolean             include_dependents);
const char         *ferry_content_item_get_object_id          (FerryContentItem    *self);
const char         *ferry_content_item_get_name               (FerryContentItem    *self);
int                 ferry_content_item_get_object_type        (FerryContentItem    *self);
int                 ferry_content_item_get_subtype            (FerryContentItem    *self);
const char         *ferry_content_item_get_path               (FerryContentItem    *self);
FerryConflictAction ferry_content_item_get_action             (FerryContentItem    *self);
void                ferry_content_item_set_action             (FerryContentItem    *self,
                                                               FerryConflictAction  action);
gboolean            ferry_content_item_get_include_dependents (FerryContentItem    *self);
void                ferry_content_item_set_include_dependents (FerryContentItem    *self,
                                                               gboolean             include_dependents);
/* A new item with the same values (not watched by anyone). */
FerryContentItem   *ferry_content_item_copy                   (FerryContentItem    *self);
/* The tocView.content item: {id, name, type, action, includeDependents}. */
JsonNode           *ferry_content_item_to_api_json            (FerryContentItem    *self);

G_END_DECLS
