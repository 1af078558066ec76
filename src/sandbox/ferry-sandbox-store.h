/* ferry-sandbox-store.h: objects, projects, accounts, migration records
 * and their persistence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is the sandbox's whole state (one environment). Every request
 * handler and every job runs with the sandbox state lock held, so nothing
 * here locks. Depends on ferry-sandbox-json.h only.
 */

#pragma once

#include "ferry-sandbox-json.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Constants                                                                  */
/* ------------------------------------------------------------------------ */

#define SB_CONFIGURATION_ID   "38A062302D4411D28E71006008960167"
#define SB_CONFIGURATION_NAME "Configuration"
#define SB_TUTORIAL_ID        "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define SB_SECOND_PROJECT_ID  "B7CA92F04B9FAE8D941C3E9B7E0CD754"
#define SB_YEAR_ID            "8D679D5111D3E4981000E787EC6DE8A4"
#define SB_ADMINISTRATOR_ID   "54F3D26011D2896560009A8E67019608"

/* Object types and subtypes used by the sandbox (EnumDSSXMLObjectTypes). */
enum
{
  SB_TYPE_FILTER = 1,
  SB_TYPE_TEMPLATE = 2,
  SB_TYPE_REPORT = 3,
  SB_TYPE_METRIC = 4,
  SB_TYPE_FOLDER = 8,
  SB_TYPE_PROMPT = 10,
  SB_TYPE_ATTRIBUTE = 12,
  SB_TYPE_FACT = 13,
  SB_TYPE_HIERARCHY = 14,
  SB_TYPE_TABLE = 15,
  SB_TYPE_TRANSFORMATION = 43,
  SB_TYPE_PROJECT = 32,
  SB_TYPE_USER = 34,            /* users and user groups */
  SB_TYPE_SECURITY_ROLE = 44,
  SB_TYPE_DOCUMENT = 55,
  SB_TYPE_SECURITY_FILTER = 58,
};

enum
{
  SB_SUBTYPE_FILTER = 256,
  SB_SUBTYPE_CUSTOM_GROUP = 257,
  SB_SUBTYPE_TEMPLATE = 512,
  SB_SUBTYPE_REPORT_GRID = 768,
  SB_SUBTYPE_REPORT_GRAPH = 769,
  SB_SUBTYPE_REPORT_GRID_GRAPH = 774,
  SB_SUBTYPE_CUBE = 776,
  SB_SUBTYPE_METRIC = 1024,
  SB_SUBTYPE_FOLDER = 2048,
  SB_SUBTYPE_PROMPT = 2560,
  SB_SUBTYPE_ATTRIBUTE = 3072,
  SB_SUBTYPE_FACT = 3328,
  SB_SUBTYPE_HIERARCHY = 3587,
  SB_SUBTYPE_TABLE = 3840,
  SB_SUBTYPE_USER = 8704,
  SB_SUBTYPE_USER_GROUP = 8705,
  SB_SUBTYPE_TRANSFORMATION = 11009,
  SB_SUBTYPE_SECURITY_ROLE = 11264,
  SB_SUBTYPE_DOCUMENT = 14081,
  SB_SUBTYPE_SECURITY_FILTER = 14848,
};

/* Privileges of an account (bit mask). */
typedef enum
{
  SB_PRIV_CREATE_PACKAGE = 1 << 0,
  SB_PRIV_APPLY_PACKAGE  = 1 << 1,
  SB_PRIV_BYPASS_ACL     = 1 << 2,
  SB_PRIV_ADMINISTER     = 1 << 3,   /* environment administration (storage, users) */
  SB_PRIV_MANAGE_MIGRATION = 1 << 4, /* Manage Migration Packages (shared file store) */
} SbPrivileges;

/* Names, ids and the per-user list: ferry-sandbox-privileges.h. */
#define SB_PRIV_MIGRATION (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE | SB_PRIV_BYPASS_ACL | \
                           SB_PRIV_MANAGE_MIGRATION)
#define SB_PRIV_ALL       (SB_PRIV_MIGRATION | SB_PRIV_ADMINISTER)

/* Login modes (bit values as in EnumDSSXMLAuthModes). */
#define SB_LOGIN_STANDARD 1
#define SB_LOGIN_LDAP     16

/* ------------------------------------------------------------------------ */
/* Objects, projects, accounts                                                 */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char       *id;            /* 32 upper-case hex */
  char       *name;
  char       *description;   /* may be NULL */
  int         type;
  int         subtype;
  char       *version;       /* 32 upper-case hex; changes on every modification */
  gint64      created;       /* ms since the epoch, UTC */
  gint64      modified;
  char       *owner_id;
  char       *owner_name;
  char       *parent_id;     /* containing folder; NULL for a project root folder
                              * and for configuration objects */
  JsonArray  *acl;           /* owned; array of ACE objects
                              * {deny, type, rights, trusteeId, trusteeName,
                              *  trusteeType, trusteeSubtype, inheritable} */
  JsonObject *definition;    /* owned; opaque body (expression, columns, …) */
  GPtrArray  *uses;          /* (element-type utf8) ids this object uses */
} SbObject;

SbObject   *sb_object_new          (void);
SbObject   *sb_object_copy         (const SbObject *object);
void        sb_object_free         (SbObject       *object);
/* Every field equal (acl and definition compared as JSON). */
gboolean    sb_object_equal        (const SbObject *a,
                                    const SbObject *b);
/* Complete storage form: {id,name,description?,type,subtype,version,
 * dateCreated,dateModified,owner{id,name},parentId?,acl,definition,uses}. */
JsonNode   *sb_object_to_json      (const SbObject *object);
SbObject   *sb_object_from_json    (JsonObject     *json,
                                    GError        **error);
/* For g_ptr_array_sort() of SbObject*: by name (case-insensitive), then id. */
int         sb_object_cmp_by_name  (gconstpointer   a,
                                    gconstpointer   b);
/* Mint a new random version (the caller updates modified). */
void        sb_object_new_version  (SbObject       *object);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbObject, sb_object_free)

/* A copy for packages, imports and undo: like sb_object_copy(), but the
 * ACL array is shared, not copied (nothing edits an ACL in place; ACLs are
 * only ever replaced), which keeps 100 000-object merges fast. */
SbObject   *sb_object_copy_sharing_acl (const SbObject *object);

typedef struct
{
  char       *id;
  char       *name;
  char       *description;
  char       *alias;
  gboolean    is_configuration;
  char       *root_folder_id;  /* NULL for the configuration */
  gint64      created;
  gint64      modified;
  char       *owner_id;
  char       *owner_name;
  GHashTable *objects;         /* id → SbObject* (owned) */
  /* project_security packages carry per-user links to this project:
   * user or group id → JsonArray of link objects (owned). */
  GHashTable *security_links;
  /* Changes whenever an object is added, replaced, removed or edited in
   * place, to a value no project in the process has had before: equal
   * generations mean the same project with the same objects (what the
   * search cache (ferry-sandbox-search-cache.c) relies on). */
  guint64     generation;
  /* What changed since the last commit (sb_store_commit()): ids of objects
   * added, replaced or removed (owned strings), or everything. */
  GHashTable *dirty_objects;
  gboolean    dirty_all;
  gboolean    dirty;
} SbProject;

/* Takes ownership of OBJECT; replaces an object with the same id. */
void        sb_project_add_object     (SbProject   *project,
                                       SbObject    *object);
SbObject   *sb_project_get_object     (SbProject   *project,
                                       const char  *id);
/* Returns the removed object (caller frees) or NULL. */
SbObject   *sb_project_steal_object   (SbProject   *project,
                                       const char  *id);
/* Call after editing an object of PROJECT in place (name, folder, …);
 * sb_project_add_object() and sb_project_steal_object() do it themselves.
 * Gives PROJECT a new generation; its next commit holds the whole project
 * (sb_project_touch_object() names the one object instead). */
void        sb_project_touch          (SbProject   *project);
void        sb_project_touch_object   (SbProject   *project,
                                       const char  *id);
/* Objects whose parent_id is FOLDER_ID (borrowed), folders first, then by
 * name (case-insensitive), then by id. */
GPtrArray  *sb_project_children       (SbProject   *project,
                                       const char  *folder_id);
/* The folders above OBJECT (borrowed), root first; empty for the root. */
GPtrArray  *sb_project_ancestors      (SbProject   *project,
                                       const SbObject *object);
/* "\Public Objects\Reports" style path of the folder holding OBJECT
 * (root folder not named); "\" for objects directly in the root. */
char       *sb_project_folder_path    (SbProject   *project,
                                       const SbObject *object);
/* As served by search/folders: {name,id,type,subtype,dateCreated,
 * dateModified,version,acg,owner{name,id},description?} plus
 * "ancestors":[{name,id,level}] when WITH_ANCESTORS and "acl" when WITH_ACL. */
JsonNode   *sb_project_object_to_api  (SbProject   *project,
                                       const SbObject *object,
                                       gboolean     with_ancestors,
                                       gboolean     with_acl);
/* {id,name,alias,description,status:0,dateCreated,dateModified,owner{id,name}} */
JsonNode   *sb_project_to_api         (SbProject   *project);

typedef struct
{
  char   *login;        /* matched case-insensitively */
  char   *password;
  guint   login_modes;  /* SB_LOGIN_* bits */
  char   *user_id;      /* the type 34 object in the configuration */
  char   *full_name;
  guint   privileges;   /* SbPrivileges */
} SbAccount;

typedef struct _SbStore
{
  char       *name;            /* environment name */
  char       *server_version;  /* e.g. "11.4.1000" */
  GHashTable *projects;        /* id → SbProject* (owned), configuration included */
  GPtrArray  *project_order;   /* (element-type utf8) ids of real projects, in order */
  SbProject  *configuration;   /* borrowed from projects */
  GPtrArray  *accounts;        /* SbAccount* (owned) */
  GHashTable *migrations;      /* id → SbMigration* (owned) */
  GPtrArray  *migration_order; /* (element-type utf8) ids, oldest first */
  /* Persistence (ferry-sandbox-store.c, top): records changed since the
   * last commit (ids, owned), whether accounts or the project list did,
   * and the journal, NULL for a store that is not on disk. */
  GHashTable *dirty_migrations;
  gboolean    dirty_meta;
  struct _SbJournal *journal;
  /* Bumped when a migration is added, replaced or removed: what GET
   * /api/migrations keeps between pages (listing_cache, freed with the
   * store) is good while it stays. */
  guint          migration_changes;
  gpointer       listing_cache;
  GDestroyNotify listing_cache_free;
  /* Records whose tree is built (SbMigration.record != NULL), kept as
   * compact text again by sb_store_release_records(). */
  GPtrArray     *inflated;
} SbStore;

SbStore    *sb_store_new             (const char *name,
                                      const char *server_version);
void        sb_store_free            (SbStore    *store);
/* Creates and registers an empty project (no root folder yet). */
SbProject  *sb_store_add_project     (SbStore    *store,
                                      const char *id,
                                      const char *name,
                                      const char *description);
/* NULL or SB_CONFIGURATION_ID → the configuration; otherwise the project or NULL. */
SbProject  *sb_store_get_space       (SbStore    *store,
                                      const char *project_id_or_null);
SbProject  *sb_store_get_project     (SbStore    *store,
                                      const char *project_id);   /* real projects only */
SbAccount  *sb_store_add_account     (SbStore    *store,
                                      const char *login,
                                      const char *password,
                                      guint       login_modes,
                                      const char *user_id,
                                      const char *full_name,
                                      guint       privileges);
SbAccount  *sb_store_find_account    (SbStore    *store,
                                      const char *login);
SbAccount  *sb_store_find_account_by_user (SbStore *store,
                                           const char *user_id);

/* Persistence (the design is at the top of ferry-sandbox-store.c): a
 * snapshot (STATE_DIR/store.json: environment, accounts, records;
 * STATE_DIR/project-<id>.json per project) plus STATE_DIR/journal, one
 * entry per commit.
 *
 * sb_store_load() removes leftover temporary files, reads the snapshot and
 * replays the journal; it returns NULL without an error when STATE_DIR
 * holds no state. sb_store_save_all() writes a whole snapshot and then
 * empties the journal (the compaction at start; no journal may be open).
 * sb_store_open_journal() starts appending; sb_store_commit() queues one
 * entry holding every record and object changed since the last commit,
 * all or nothing, and returns its sequence number (0 when there was
 * nothing to write or no journal); the journal's writer thread makes it
 * durable (sb_store_get_journal() to wait for it).
 * sb_store_close_journal() writes what is queued and closes. */
gboolean    sb_store_save_meta       (SbStore    *store,
                                      const char *state_dir,
                                      GError    **error);
gboolean    sb_store_save_project    (SbStore    *store,
                                      SbProject  *project,
                                      const char *state_dir,
                                      GError    **error);
gboolean    sb_store_save_all        (SbStore    *store,
                                      const char *state_dir,
                                      GError    **error);
SbStore    *sb_store_load            (const char *state_dir,
                                      GError    **error);
gboolean    sb_store_open_journal    (SbStore    *store,
                                      const char *state_dir,
                                      GError    **error);
void        sb_store_close_journal   (SbStore    *store);
/* ALSO (may be NULL): a project whose settings (root folder, security
 * links) changed without any object. */
guint64     sb_store_commit          (SbStore    *store,
                                      SbProject  *also);
struct _SbJournal *sb_store_get_journal (SbStore *store);
/* Compare dotted versions on their first 9 characters: <0, 0, >0. */
int         sb_compare_server_versions (const char *a,
                                        const char *b);

/* ------------------------------------------------------------------------ */
/* Migration records (owned by the store; endpoints in -migrations.c)        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char       *id;          /* "<packageId>:<importId>" */
  /* The record as GET ?showContent=all serves it: id, packageInfo{…,
   * tocView, treeView}, importInfo{…}, version, validation?
   * NULL while the record is kept as TEXT: read it with
   * sb_migration_record(), which builds the tree; set it directly only on
   * a new SbMigration. */
  JsonObject *record;
  gboolean    source_role; /* this server created the package */
  gboolean    target_role; /* this server imported it (PUT) */
  guint       job_id;      /* runtime only: the GSource of a running job, 0 if none */
  /* A finished record (no job) between requests: its compact JSON as the
   * sandbox writer writes the tree (byte for byte), and what listings and
   * look-ups read without building the tree. NULL while RECORD is set. */
  char       *text;
  /* With TEXT: its length, whether the record has a validation, and the
   * listing's form (without packageInfo's tocView and treeView) as the
   * first LISTING_HEAD bytes of TEXT and its last LISTING_TAIL, when it is
   * that (LISTING_CUT; otherwise it is cut from TEXT when asked). */
  gsize       text_len;
  gsize       listing_head;
  gsize       listing_tail;
  gboolean    listing_cut;
  gboolean    has_validation;
  const char *purpose;     /* interned; packageInfo.purpose or NULL */
  char       *package_id;  /* packageInfo.id or NULL */
  char       *import_id;   /* importInfo.id or NULL */
  struct _SbStore *store;  /* the store holding it, or NULL */
  gboolean    inflated;    /* in store->inflated */
} SbMigration;

void         sb_migration_free          (SbMigration *migration);
/* The record's tree, built from its text when kept as text (it stays
 * built until sb_store_release_records()). */
JsonObject  *sb_migration_record        (SbMigration *migration);
/* Keeps every record built since the last call as compact text again,
 * except records with a running job. Call where no JsonObject of a record
 * is held any more: at the end of a request or a job step (the state lock
 * still held). */
void         sb_store_release_records   (SbStore     *store);
/* packageInfo.purpose ("object_migration" when absent), without building
 * the tree. */
const char  *sb_migration_purpose       (SbMigration *migration);
/* Whether the record has a validation member (no tree built for it). */
gboolean     sb_migration_has_validation (SbMigration *migration);
/* The record as the listing serves it (packageInfo without tocView and
 * treeView), appended to OUT; from the text when kept as text. */
void         sb_migration_write_listing (GString     *out,
                                         SbMigration *migration);
/* The storage form (sb_migration_to_json()) appended to OUT. */
void         sb_migration_write_storage (GString     *out,
                                         SbMigration *migration);
/* Storage form is the record plus {"sourceRole":…, "targetRole":…}. */
JsonNode    *sb_migration_to_json       (SbMigration *migration);
SbMigration *sb_migration_from_json     (JsonObject  *json,
                                         GError     **error);
/* Takes ownership; appends to migration_order. */
void         sb_store_add_migration     (SbStore     *store,
                                         SbMigration *migration);
/* Marks the record as changed: its next commit writes it. Adding,
 * removing and looking up a record (sb_store_lookup_migration(), which
 * handlers use before editing one) mark it themselves. */
void         sb_store_touch_migration   (SbStore     *store,
                                         SbMigration *migration);

void         sb_store_remove_migration  (SbStore     *store,
                                         const char  *id);
/* The record with ID, or with ID in upper case; NULL if none. Marks it
 * as changed (sb_store_touch_migration()). */
SbMigration *sb_store_lookup_migration  (SbStore     *store,
                                         const char  *id);
/* Puts the record's members in the order of the reference page. Any
 * JsonObject of the record held before is stale afterwards. */
void         sb_migration_normalize     (SbMigration *migration);
/* Sections of the record; NULL when absent. */
JsonObject  *sb_migration_package_info  (SbMigration *migration);
JsonObject  *sb_migration_import_info   (SbMigration *migration);
/* The short answer of create, PATCH and PUT: {id, packageInfo{id,status,
 * progress}, importInfo{id,status,importRequestStatus,undoRequestStatus,
 * progress}, validation?{status,progress}}. */
JsonNode    *sb_migration_short_form    (SbMigration *migration);
/* packageInfo.id and importInfo.id, "" when absent. */
const char  *sb_migration_package_id    (SbMigration *migration);
const char  *sb_migration_import_id     (SbMigration *migration);
/* SECTION.MEMBER.path (a relative path in the shared storage) or NULL. */
const char  *sb_migration_storage_path  (JsonObject  *section,
                                         const char  *member);

/* After a restart: creating → create_failed, importing → import_failed,
 * undoing → undo_failed, each with a message saying the server restarted. */
void         sb_store_recover_migrations (SbStore    *store);

G_END_DECLS
