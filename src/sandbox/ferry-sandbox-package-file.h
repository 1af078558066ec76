/* ferry-sandbox-package-file.h: what a package file carries, and its format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

#define SB_PACKAGE_FORMAT_VERSION 1
/* Folder chains deeper than this are cut (a cycle guard). */
#define SB_MAX_FOLDER_DEPTH       512

/* Package types and conflict actions, NULL-terminated. */
extern const char * const sb_valid_package_types[];
extern const char * const sb_valid_actions[];
/* "configuration" and "project_security" packages hold configuration objects. */
gboolean       sb_package_type_is_configuration (const char *type);

/* One object carried by a package. */
typedef struct
{
  SbObject *object;            /* owned full definition */
  char     *action;            /* explicit content action; NULL = decided by the
                                * settings (rules / defaultAction) at import */
  gboolean  explicit_included; /* named in content (vs pulled in as a dependent) */
  gboolean  include_dependents;
  char     *folder_path;       /* source folder path, informational */
  GPtrArray *folder_chain;     /* (element-type SbObject) owned copies of the
                                * source folders above the object, root first,
                                * so the import can create missing folders */
} SbPackageItem;

typedef struct
{
  char       *kind;            /* "package" or "undo" */
  int         format_version;  /* 1 */
  char       *server_version;  /* version of the server that wrote it */
  char       *type;            /* "project" | "configuration" | "project_security" */
  char       *purpose;         /* "project_merge" | "object_migration" | "package" */
  char       *project_id;      /* source project; NULL for configuration */
  char       *project_name;
  gint64      created;
  JsonObject *settings;        /* owned: the settings exactly as given */
  JsonArray  *content;         /* owned: the content list exactly as given (may be NULL) */
  GPtrArray  *items;           /* SbPackageItem* (owned) */
  /* project_security: user/group id → JsonArray of links (owned); may be NULL */
  GHashTable *security_links;
  /* kind == "undo": what the target held before the import */
  GPtrArray  *undo_entries;    /* SbUndoEntry* (owned) */
  GHashTable *undo_security_links; /* id → JsonArray or JsonNull node, may be NULL */
} SbPackageFile;

typedef struct
{
  char     *id;
  SbObject *prior;             /* owned; NULL = the import created it: remove it */
} SbUndoEntry;

void           sb_package_file_free        (SbPackageFile *pkg);
SbPackageFile *sb_package_file_new         (const char    *kind);
SbPackageItem *sb_package_item_new         (void);
SbUndoEntry   *sb_undo_entry_new           (const char    *id,
                                            SbObject      *prior);   /* takes PRIOR */
void           sb_undo_entry_free          (SbUndoEntry   *entry);
/* user/group id (owned) → JsonArray of links (owned) */
GHashTable    *sb_links_table_new          (void);
/* user/group id (owned) → JsonNode (an array, or null: no links) (owned) */
GHashTable    *sb_undo_links_table_new     (void);

/* Magic "\x01\x80FERRY-MMP\n" followed by JSON. */
GBytes        *sb_package_file_serialize   (const SbPackageFile *pkg);
SbPackageFile *sb_package_file_parse       (GBytes        *bytes,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPackageFile, sb_package_file_free)

G_END_DECLS
