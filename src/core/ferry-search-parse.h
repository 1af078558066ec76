/* ferry-search-parse.h: reading pages of quick search without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hot path of an inventory (100 000 objects a side, 75 MB of JSON):
 * one page of GET /api/searches/results is parsed by simdjson (behind the
 * one C++ file ferry-search-parse-simdjson.cpp) and the members the
 * inventory reads are kept as FerrySearchItem records, their strings in one
 * arena of the page. No json-glib tree is built. Everything else in core
 * reads JSON with json-glib (ferry-json.h).
 *
 * A page is read as ferry-discovery reads a listing's page with json-glib:
 * the answer itself when it is an array, else the first of its members
 * "result", "data", "objects" that is an array (a page without one is an
 * error unless its "totalItems"/"total" is 0), and the total from
 * "totalItems" or "total". Members are read as ferry-json.h's getters read
 * them (a member of the wrong type is "absent"; a repeated member: the last
 * one counts, as in json-glib). Errors are those of the json-glib path:
 * FERRY_API_ERROR_INVALID_RESPONSE for a page that is not JSON (truncated,
 * not UTF-8, nested deeper than FERRY_JSON_MAX_DEPTH, larger than
 * FERRY_JSON_MAX_ANSWER_BYTES) or not a listing; the items themselves are
 * checked by ferry_inventory_builder_add_search_items().
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* From ferry-inventory.h; not included, so that a reader of its own (the
 * bench's jansson) needs no json-glib. */
typedef struct _FerryInventoryBuilder FerryInventoryBuilder;

/* How a member was found. */
typedef enum
{
  FERRY_SEARCH_ABSENT = 0,  /* missing or null */
  FERRY_SEARCH_OK,          /* of the expected type (integers: within 32 bits) */
  FERRY_SEARCH_WRONG,       /* of another type, or an integer out of range */
} FerrySearchState;

/* One element of an item's "ancestors". The strings are NULL when absent or
 * not strings. */
typedef struct
{
  const char *name;
  const char *id;
  gint32      level;
  guint8      is_object;    /* FALSE: the element is not an object */
  guint8      level_state;  /* FerrySearchState */
} FerrySearchAncestor;

/* One element of a page's items: the members an inventory reads. Strings
 * are NULL when absent or not strings; OWNER is owner.name. */
typedef struct
{
  const char                *id;
  const char                *name;
  const char                *version;
  const char                *date_modified;
  const char                *owner;
  const FerrySearchAncestor *ancestors;
  guint                      n_ancestors;
  gint32                     type;
  gint32                     subtype;
  guint8                     is_object;        /* FALSE: the element is not an object */
  guint8                     type_state;       /* FerrySearchState */
  guint8                     subtype_state;
  guint8                     owner_state;      /* OK: an object */
  guint8                     ancestors_state;  /* OK: an array */
} FerrySearchItem;

typedef struct _FerrySearchPage FerrySearchPage;

/* Parses one page (DATA, LEN bytes; not changed, no padding needed), or
 * NULL with ERROR (FERRY_API_ERROR_INVALID_RESPONSE, HTTP_STATUS in it).
 * Thread-safe: each thread keeps its own parser. */
FerrySearchPage       *ferry_search_page_parse        (const char       *data,
                                                       gsize             len,
                                                       guint             http_status,
                                                       GError          **error);
void                   ferry_search_page_free         (FerrySearchPage  *page);
guint                  ferry_search_page_get_n_items  (FerrySearchPage  *page);
/* The total the page's body gives, or -1. */
gint64                 ferry_search_page_get_total    (FerrySearchPage  *page);
/* The items (ferry_search_page_get_n_items() of them), owned by PAGE. */
const FerrySearchItem *ferry_search_page_get_items    (FerrySearchPage  *page);

/* Adds the first N_ITEMS of ITEMS as ferry_inventory_builder_add_json_array()
 * adds a JSON array's elements: the same checks, the same errors
 * (FERRY_INVENTORY_ERROR_INVALID, naming the item by its position in
 * ITEMS), the items before a bad one stay added. (In ferry-inventory.c.) */
gboolean               ferry_inventory_builder_add_search_items (FerryInventoryBuilder  *self,
                                                                 const FerrySearchItem  *items,
                                                                 guint                   n_items,
                                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySearchPage, ferry_search_page_free)

G_END_DECLS
