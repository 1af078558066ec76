/* ferry-inventory.h: the objects of one project, as one environment has them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryInventory is an immutable, reference-counted list of objects (id,
 * name, type, subtype, version, modification time, parent folder, folder
 * path, owner). Once built it never changes, so any thread may read it while
 * another holds a reference. It is compact: every string lives in one string
 * arena (folder ids, paths and owners interned), the items in one array, and
 * an open-addressing index finds an item by id.
 *
 * Ids are 32 hexadecimal digits; they are stored and compared in upper case,
 * so lookups ignore case. A second item with an id already added replaces
 * the first one in place ("last wins"): the inventory keeps the first item's
 * position and the last item's fields, and counts the id once.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_INVENTORY_ERROR (ferry_inventory_error_quark ())

/**
 * FerryInventoryError:
 * @FERRY_INVENTORY_ERROR_INVALID: an item of the input is not a usable object
 *   (not a JSON object, a missing or malformed field); the message names the
 *   item (position, id and name where known) and the field
 */
typedef enum
{
  FERRY_INVENTORY_ERROR_INVALID,
} FerryInventoryError;

GQuark ferry_inventory_error_quark (void);

/**
 * FerryInventoryItem:
 * @id: 32 upper-case hex digits
 * @name: the object's name (never NULL, may be empty)
 * @version: the object's version (never NULL)
 * @parent_id: id of the folder holding the object (upper case), or NULL when
 *   the source did not say (a search without ancestors)
 * @path: the folder path below the project's root folder, e.g.
 *   "\\Public Objects\\Reports" ("\\" for the root folder itself holding the
 *   object), or NULL when unknown
 * @owner: the owner's name, or NULL when unknown
 * @modified_ms: dateModified, milliseconds since 1970-01-01 UTC
 * @type: EnumDSSXMLObjectTypes value (3 = report, 8 = folder, …)
 * @subtype: EnumDSSXMLObjectSubTypes value (0 when unknown)
 *
 * One object of an inventory. Read-only; the strings belong to the
 * inventory and live as long as it does.
 */
typedef struct
{
  const char *id;
  const char *name;
  const char *version;
  const char *parent_id;
  const char *path;
  const char *owner;
  gint64      modified_ms;
  gint32      type;
  gint32      subtype;
} FerryInventoryItem;

typedef struct _FerryInventory FerryInventory;
typedef struct _FerryInventoryBuilder FerryInventoryBuilder;

#define FERRY_TYPE_INVENTORY (ferry_inventory_get_type ())
GType                     ferry_inventory_get_type        (void) G_GNUC_CONST;

FerryInventory           *ferry_inventory_ref             (FerryInventory  *self);
void                      ferry_inventory_unref           (FerryInventory  *self);

/* ITEMS: the "result" array of GET /api/searches/results (ideally with
 * getAncestors=true), or any array of objects of the same shape
 * ({name, id, type, subtype, dateModified, version, owner{name},
 * ancestors[{name, id, level}]}). Required: id (32 hex), name, type,
 * version, dateModified (ISO 8601 with an offset: "+0000", "-04:00", "Z").
 * Optional: subtype, owner, ancestors. From ancestors, level 1 is the parent
 * folder and the highest level the project's root folder, which paths do
 * not name; an empty ancestors array (the root folder itself) leaves the
 * parent and the path unknown, as does a missing one. Returns NULL and sets ERROR (FERRY_INVENTORY_ERROR_INVALID,
 * naming the item) on the first item that is not usable. */
FerryInventory           *ferry_inventory_new_from_json_array    (JsonArray              *items,
                                                                  GError                **error);

guint                     ferry_inventory_get_n_items     (FerryInventory  *self);
/* INDEX < n_items. The item is borrowed from SELF. */
const FerryInventoryItem *ferry_inventory_get_item        (FerryInventory  *self,
                                                           guint            index);
/* The item with ID (case-insensitive), or NULL. */
const FerryInventoryItem *ferry_inventory_find            (FerryInventory  *self,
                                                           const char      *id);
/* TRUE and *INDEX_OUT (may be NULL) if an item has ID (case-insensitive). */
gboolean                  ferry_inventory_lookup          (FerryInventory  *self,
                                                           const char      *id,
                                                           guint           *index_out);

/* Parses an ISO 8601 date-time with an offset ("2022-03-16T07:38:40.125+0000",
 * "2022-03-16T03:38:40-04:00", "…Z"; fractions beyond milliseconds are
 * truncated) into milliseconds since 1970-01-01 UTC. */
gboolean                  ferry_inventory_parse_time      (const char      *text,
                                                           gint64          *ms_out);

/* --- Building one from another source ------------------------------------ */

FerryInventoryBuilder    *ferry_inventory_builder_new     (void);
/* Adds one object. ID must be 32 hex digits (any case); NAME and VERSION
 * must not be NULL; PARENT_ID, PATH and OWNER may be NULL (unknown).
 * Strings are copied. An id added before is replaced ("last wins"). */
void                      ferry_inventory_builder_add     (FerryInventoryBuilder *self,
                                                           const char      *id,
                                                           const char      *name,
                                                           gint32           type,
                                                           gint32           subtype,
                                                           const char      *version,
                                                           gint64           modified_ms,
                                                           const char      *parent_id,
                                                           const char      *path,
                                                           const char      *owner);
/* Adds every item of ITEMS as ferry_inventory_new_from_json_array() reads
 * them: for a listing fetched page by page, so that only one page's JSON
 * tree is alive at a time. On error (named as there, the position counted
 * within ITEMS) the items before the bad one stay added. */
gboolean                  ferry_inventory_builder_add_json_array (FerryInventoryBuilder  *self,
                                                                  JsonArray              *items,
                                                                  GError                **error);
/* The inventory of everything added so far; the builder is left empty and
 * may be used again. */
FerryInventory           *ferry_inventory_builder_end     (FerryInventoryBuilder *self);
void                      ferry_inventory_builder_free    (FerryInventoryBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryInventory, ferry_inventory_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryInventoryBuilder, ferry_inventory_builder_free)

G_END_DECLS
