/* ferry-sandbox-private.h: the sandbox's internal model, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threading: every request handler and every scheduled job runs on the
 * sandbox's own thread with the sandbox state lock held, so the code in
 * ferry-sandbox-{engine,packages,migrations,seed,store}.c never locks.
 * The public hooks in ferry-sandbox.c take the lock themselves.
 *
 * Files:
 *   ferry-sandbox.c            FerrySandbox object, thread, hooks, persistence, scheduling
 *   ferry-sandbox-http.c       routing, request/reply helpers, auth, sessions, faults,
 *                              discovery endpoints (projects, folders, search, objects,
 *                              users, metadata search, status, storage)
 *   ferry-sandbox-store.c      objects, projects, accounts, JSON (de)serialisation, time/ids
 *   ferry-sandbox-seed.c       tutorial-dev / tutorial-prod / empty / generated:N
 *   ferry-sandbox-engine.c     package file format, content collection, settings
 *                              validation, import (conflict rules), undo
 *   ferry-sandbox-packages.c   /api/packages…
 *   ferry-sandbox-migrations.c /api/migrations…
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ferry-sandbox.h"

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
} SbPrivileges;

#define SB_PRIV_MIGRATION (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE | SB_PRIV_BYPASS_ACL)
#define SB_PRIV_ALL       (SB_PRIV_MIGRATION | SB_PRIV_ADMINISTER)

/* Login modes (bit values as in EnumDSSXMLAuthModes). */
#define SB_LOGIN_STANDARD 1
#define SB_LOGIN_LDAP     16

/* ------------------------------------------------------------------------ */
/* Errors inside the sandbox                                                  */
/* ------------------------------------------------------------------------ */

#define SB_ERROR (sb_error_quark ())
GQuark sb_error_quark (void);

typedef enum
{
  SB_ERROR_INVALID,       /* bad input: → 400 ERR006 */
  SB_ERROR_NOT_FOUND,     /* unknown id: → 404 ERR004 (or 400 when inside a body) */
  SB_ERROR_WRONG_LEVEL,   /* object of the wrong level for the package type → 400 ERR006 */
  SB_ERROR_DEPENDENCY,    /* validateDependencies / delete blocked → import_failed */
  SB_ERROR_VERSION,       /* package from a newer server → import_failed */
  SB_ERROR_TOO_LARGE,     /* over --max-package-bytes → create_failed */
  SB_ERROR_CORRUPT,       /* unreadable package file */
  SB_ERROR_IO,
} SbError;

/* ------------------------------------------------------------------------ */
/* Time and ids (ferry-sandbox-store.c)                                       */
/* ------------------------------------------------------------------------ */

gint64   sb_now_ms          (void);
/* "2022-03-16T07:38:40.125+0000" (UTC). */
char    *sb_format_time     (gint64 ms);
/* Accepts the format above and ISO 8601 with Z or ±hh:mm / ±hhmm. */
gboolean sb_parse_time      (const char *text,
                             gint64     *out_ms);
/* 32 upper-case hex digits, random. */
char    *sb_new_hex_id      (void);
/* 32 upper-case hex digits derived from the formatted text (MD5), stable. */
char    *sb_hex_from_text   (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
/* 32 lower-case hex digits, random (error ticket ids). */
char    *sb_new_ticket_id   (void);
gboolean sb_is_hex_id       (const char *text);

/* ------------------------------------------------------------------------ */
/* Objects, projects, accounts (ferry-sandbox-store.c)                        */
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
/* Mint a new random version (the caller updates modified). */
void        sb_object_new_version  (SbObject       *object);

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
   * search cache of ferry-sandbox-http.c relies on). */
  guint64     generation;
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
 * Gives PROJECT a new generation. */
void        sb_project_touch          (SbProject   *project);
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

typedef struct
{
  char       *name;            /* environment name */
  char       *server_version;  /* e.g. "11.4.1000" */
  GHashTable *projects;        /* id → SbProject* (owned), configuration included */
  GPtrArray  *project_order;   /* (element-type utf8) ids of real projects, in order */
  SbProject  *configuration;   /* borrowed from projects */
  GPtrArray  *accounts;        /* SbAccount* (owned) */
  GHashTable *migrations;      /* id → SbMigration* (owned) */
  GPtrArray  *migration_order; /* (element-type utf8) ids, oldest first */
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

/* Persistence: STATE_DIR/store.json (environment, accounts, records) and
 * STATE_DIR/project-<id>.json per project, each written atomically.
 * sb_store_load() returns NULL without an error when STATE_DIR holds no state. */
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

/* Compare dotted versions on their first 9 characters: <0, 0, >0. */
int         sb_compare_server_versions (const char *a,
                                        const char *b);

/* ------------------------------------------------------------------------ */
/* Migrations (records owned by the store; endpoints in -migrations.c)       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char       *id;          /* "<packageId>:<importId>" */
  /* The record as GET ?showContent=all serves it: id, packageInfo{…,
   * tocView, treeView}, importInfo{…}, version, validation? */
  JsonObject *record;
  gboolean    source_role; /* this server created the package */
  gboolean    target_role; /* this server imported it (PUT) */
  guint       job_id;      /* runtime only: the GSource of a running job, 0 if none */
} SbMigration;

void         sb_migration_free          (SbMigration *migration);
/* Storage form is the record plus {"sourceRole":…, "targetRole":…}. */
JsonNode    *sb_migration_to_json       (SbMigration *migration);
SbMigration *sb_migration_from_json     (JsonObject  *json,
                                         GError     **error);
/* Takes ownership; appends to migration_order. */
void         sb_store_add_migration     (SbStore     *store,
                                         SbMigration *migration);
void         sb_store_remove_migration  (SbStore     *store,
                                         const char  *id);

/* After a restart: creating → create_failed, importing → import_failed,
 * undoing → undo_failed, each with a message saying the server restarted.
 * (ferry-sandbox-migrations.c) */
void         sb_migrations_recover      (SbStore     *store);
/* N finished migration records for list benchmarks (--seed-migrations). */
void         sb_migrations_seed         (SbStore     *store,
                                         guint        n);

/* ------------------------------------------------------------------------ */
/* Seeds (ferry-sandbox-seed.c)                                               */
/* ------------------------------------------------------------------------ */

/* Fills an empty store: accounts and users for every seed, then the
 * projects of SEED: "tutorial-dev", "tutorial-prod", "empty", "generated:N". */
gboolean     sb_seed_apply              (SbStore     *store,
                                         const char  *seed,
                                         GError     **error);

/* ------------------------------------------------------------------------ */
/* Package files and the import engine (ferry-sandbox-engine.c)               */
/* ------------------------------------------------------------------------ */

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
/* Magic "\x01\x80FERRY-MMP\n" followed by JSON. */
GBytes        *sb_package_file_serialize   (const SbPackageFile *pkg);
SbPackageFile *sb_package_file_parse       (GBytes        *bytes,
                                            GError       **error);
/* Content as GET /api/packages/{id}?showContent=true shows it: per item
 * id, name, version, type, owner{id}, dateCreated, dateModified,
 * action (explicit action, else defaultAction), includeDependents,
 * explicitIncluded, level ("project_object" | "configuration_object"). */
JsonArray     *sb_package_file_content_json (const SbPackageFile *pkg);

/* Valid values, checked case-sensitively; an unknown value is an
 * SB_ERROR_INVALID naming the field and the allowed values. TYPE rules:
 * updateSchema (non-empty) only for "project"; aclOnReplacingObjects
 * (non-null) not for "project_security". PROJECT_MERGE enables the rule
 * lists (folderActions, objectTypeActions, objectActions),
 * validateDependencies and translationAction. */
gboolean       sb_engine_validate_settings (const char    *type,
                                            JsonObject    *settings,
                                            gboolean       project_merge,
                                            GError       **error);
gboolean       sb_engine_is_valid_action   (const char    *action);
/* TRUE when keep_both appears in defaultAction, any rule list or any
 * content item action: no undo package can be made. */
gboolean       sb_engine_uses_keep_both    (JsonObject    *settings,
                                            JsonArray     *content);

/* Builds a package on the source. CONTENT is the content list
 * ([{id, type, action, includeDependents, name?}]) or NULL for a project
 * merge (the whole PROJECT). PROJECT is NULL for configuration packages
 * (then the store's configuration is the source). Checks levels: a project
 * package takes project objects only, a configuration package
 * configuration objects only, a project_security package users and user
 * groups only (type 34). Unknown ids → SB_ERROR_NOT_FOUND. */
SbPackageFile *sb_engine_collect           (SbStore       *store,
                                            SbProject     *project,
                                            const char    *type,
                                            const char    *purpose,
                                            JsonObject    *settings,
                                            JsonArray     *content,
                                            GError       **error);

typedef enum
{
  SB_OUTCOME_CREATE,
  SB_OUTCOME_REPLACE,
  SB_OUTCOME_KEEP_EXISTING,
  SB_OUTCOME_DUPLICATE,
  SB_OUTCOME_SKIP,
  SB_OUTCOME_DELETE,
} SbOutcome;

const char    *sb_outcome_to_string        (SbOutcome      outcome);

typedef struct
{
  char     *id;
  char     *name;
  int       type;
  int       subtype;
  char     *action;      /* the action that applied */
  char     *rule;        /* "object", "folder", "objectType", "default", "content" */
  SbOutcome outcome;
  char     *new_id;      /* DUPLICATE: the id of the new copy */
} SbPlanItem;

void           sb_plan_item_free           (SbPlanItem    *item);

/* Imports PKG into TARGET (a project, or the configuration for a
 * configuration package; a project_security package updates TARGET's
 * security_links and the users it carries). All or nothing: every outcome
 * is computed first; a failure (version check, validateDependencies, a
 * blocked delete) returns FALSE with TARGET unchanged. On success, when
 * GENERATE_UNDO and no keep_both is used, *UNDO_OUT (may be NULL) receives
 * the undo package; *PLAN_OUT (may be NULL) the outcome per object. */
gboolean       sb_engine_import            (SbStore       *store,
                                            SbProject     *target,
                                            const SbPackageFile *pkg,
                                            gboolean       generate_undo,
                                            SbPackageFile **undo_out,
                                            GPtrArray    **plan_out,
                                            GError       **error);
/* Restores what UNDO recorded, exactly (version, dates, definition,
 * folder, ACL); objects the import created are removed. */
gboolean       sb_engine_undo              (SbStore       *store,
                                            SbProject     *target,
                                            const SbPackageFile *undo,
                                            GError       **error);

/* ------------------------------------------------------------------------ */
/* Sessions and package holders                                               */
/* ------------------------------------------------------------------------ */

typedef struct _SbHolder SbHolder;
typedef struct _SbImportProcess SbImportProcess;

typedef struct
{
  char      *token;        /* X-MSTR-AuthToken */
  char      *cookie;       /* JSESSIONID value */
  SbAccount *account;      /* borrowed */
  gint64     last_used_us; /* monotonic */
  gboolean   expired;
  SbHolder  *holder;       /* owned; at most one per session */
  GHashTable *imports;     /* id → SbImportProcess* (owned) */
} SbSession;

/* ferry-sandbox-packages.c owns these. */
void           sb_holder_free              (SbHolder        *holder);
void           sb_import_process_free      (SbImportProcess *process);

/* ------------------------------------------------------------------------ */
/* HTTP requests (ferry-sandbox-http.c)                                       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerrySandbox      *sandbox;
  SbStore           *store;          /* borrowed */
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;           /* below /MicroStrategyLibrary: "/api/…" */
  char             **segments;       /* path segments after "api", percent-decoded */
  guint              n_segments;
  GHashTable        *query;          /* decoded query (never NULL) */
  SbSession         *session;        /* set by sb_request_require_session() */
  const char        *project_header; /* X-MSTR-ProjectID, NULL when absent or empty */
  gboolean           prefer_async;   /* Prefer: respond-async */
  GBytes            *body;           /* request body (never NULL) */
  const char        *route;          /* route pattern for counters, set by the router */
  gboolean           replied;
} SbRequest;

/* Each sb_reply_* sets status and body of the message. */
void        sb_reply_json               (SbRequest   *req,
                                         guint        status,
                                         JsonNode    *node);     /* takes ownership */
void        sb_reply_empty              (SbRequest   *req,
                                         guint        status);
void        sb_reply_bytes              (SbRequest   *req,
                                         guint        status,
                                         const char  *content_type,
                                         GBytes      *bytes,
                                         const char  *filename); /* Content-Disposition; may be NULL */
/* {"code", "message", "ticketId"} */
void        sb_reply_error              (SbRequest   *req,
                                         guint        status,
                                         const char  *code,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (4, 5);
/* {"code", "iServerCode", "message", "ticketId"} */
void        sb_reply_error_iserver      (SbRequest   *req,
                                         guint        status,
                                         const char  *code,
                                         gint64       iserver_code,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* Maps an SB_ERROR: INVALID/WRONG_LEVEL → 400 ERR006, NOT_FOUND → 404
 * ERR004 (or 400 ERR006 when IN_BODY), others → 400 ERR006. */
void        sb_reply_gerror             (SbRequest   *req,
                                         const GError *error,
                                         gboolean     in_body);

/* Each returns FALSE after replying with the error. */
gboolean    sb_request_require_session  (SbRequest   *req);   /* 401 ERR009 */
gboolean    sb_request_require_privileges (SbRequest *req,
                                           guint      privileges); /* 403 ERR014 */
gboolean    sb_request_require_prefer_async (SbRequest *req);  /* 400 ERR005 */
/* X-MSTR-ProjectID required (400 ERR005) and known (404 ERR004). */
SbProject  *sb_request_require_project  (SbRequest   *req);
/* The storage folder, or 503 ERR016 "The Storage Service is not configured
 * properly, please contact your administrator to configure Storage Service". */
const char *sb_request_require_storage  (SbRequest   *req);
/* Body parsed as a JSON object (new ref), or 400 ERR006 "Invalid JSON". */
JsonObject *sb_request_parse_object     (SbRequest   *req);

const char *sb_request_query            (SbRequest   *req,
                                         const char  *key);
/* Case-insensitive true/false; absent → DEFAULT_VALUE; else 400 ERR006. */
gboolean    sb_request_query_bool       (SbRequest   *req,
                                         const char  *key,
                                         gboolean     default_value,
                                         gboolean    *out);
/* Integer in [MIN, MAX]; absent → DEFAULT_VALUE; else 400 ERR006. */
gboolean    sb_request_query_int        (SbRequest   *req,
                                         const char  *key,
                                         gint64       default_value,
                                         gint64       min,
                                         gint64       max,
                                         gint64      *out);

/* Route handlers: called with segments[0] == "packages" / "migrations".
 * Each must reply (sb_reply_*), including 404/405 for unknown sub-routes,
 * and set req->route to the pattern ("/api/packages/{id}/binary", …). */
void        sb_handle_packages          (SbRequest   *req);
void        sb_handle_migrations        (SbRequest   *req);

/* ------------------------------------------------------------------------ */
/* The sandbox object, for the route files (ferry-sandbox.c)                  */
/* ------------------------------------------------------------------------ */

SbStore    *sb_sandbox_get_store        (FerrySandbox *self);
const char *sb_sandbox_get_state_dir    (FerrySandbox *self);
const char *sb_sandbox_get_shared_storage (FerrySandbox *self); /* NULL if none */
guint       sb_sandbox_get_work_delay_ms (FerrySandbox *self);
guint64     sb_sandbox_get_max_package_bytes (FerrySandbox *self);
/* Persist now (atomic writes): the meta file (accounts, records) and, when
 * PROJECT is not NULL, that project's objects. Errors are logged. */
void        sb_sandbox_save             (FerrySandbox *self,
                                         SbProject    *project);
/* Run FUNC every INTERVAL_MS on the sandbox thread with the state lock
 * held, until it returns G_SOURCE_REMOVE. Returns the source id (for
 * sb_sandbox_unschedule). */
guint       sb_sandbox_schedule         (FerrySandbox *self,
                                         guint         interval_ms,
                                         GSourceFunc   func,
                                         gpointer      data,
                                         GDestroyNotify destroy);
void        sb_sandbox_unschedule       (FerrySandbox *self,
                                         guint         source_id);
/* Sessions live in ferry-sandbox.c; looked up by token. */
SbSession  *sb_sandbox_lookup_session   (FerrySandbox *self,
                                         const char   *token);

/* Helpers for JSON (ferry-sandbox-store.c). */
const char *sb_json_get_string          (JsonObject *object,
                                         const char *member);  /* NULL if absent or not a string */
JsonObject *sb_json_get_object          (JsonObject *object,
                                         const char *member);  /* NULL if absent or not an object */
JsonArray  *sb_json_get_array           (JsonObject *object,
                                         const char *member);  /* NULL if absent or not an array */
/* A real copy: json_node_copy() shares arrays and objects in json-glib 1.6. */
JsonNode   *sb_json_deep_copy           (JsonNode   *node);
JsonNode   *sb_json_parse_bytes         (GBytes     *bytes,
                                         GError    **error);
GBytes     *sb_json_to_bytes            (JsonNode   *node,
                                         gboolean    pretty);
/* Write atomically (temp file + rename, fsync'd). */
gboolean    sb_write_file_atomic        (const char *path,
                                         GBytes     *bytes,
                                         GError    **error);

/* ------------------------------------------------------------------------ */
/* Internals between ferry-sandbox.c and ferry-sandbox-http.c (lead)          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerrySandboxFaultKind kind;
  guint                 status;
  char                 *content_type;
  char                 *body;
  guint                 delay_ms;
} SbFault;

void        sb_fault_clear              (SbFault      *fault);
GRecMutex  *sb_sandbox_get_lock         (FerrySandbox *self);
GMainContext *sb_sandbox_get_context    (FerrySandbox *self);
gboolean    sb_sandbox_is_tls           (FerrySandbox *self);
guint       sb_sandbox_get_session_timeout (FerrySandbox *self);
/* A new session for ACCOUNT, owned by the sandbox. */
SbSession  *sb_sandbox_new_session      (FerrySandbox *self,
                                         SbAccount    *account);
void        sb_sandbox_end_session      (FerrySandbox *self,
                                         const char   *token);
void        sb_sandbox_count_request    (FerrySandbox *self,
                                         const char   *method,
                                         const char   *route);
void        sb_sandbox_count_login      (FerrySandbox *self);
/* TRUE (and fills FAULT) when a planned fault matches this request. */
gboolean    sb_sandbox_take_fault       (FerrySandbox *self,
                                         const char   *method,
                                         const char   *path,
                                         SbFault      *fault);
/* searchId → GPtrArray of object ids (element-type utf8) with the project id
 * as the array's first element. */
GHashTable *sb_sandbox_get_searches     (FerrySandbox *self);
/* The recent quick-search answers, kept so that reading one page after
 * another does not search again (ferry-sandbox-http.c; guarded by the
 * sandbox lock like the rest of the state). */
typedef struct _SbSearchCache SbSearchCache;
SbSearchCache *sb_search_cache_new      (void);
void        sb_search_cache_clear       (SbSearchCache *cache);
void        sb_search_cache_free        (SbSearchCache *cache);
SbSearchCache *sb_sandbox_get_search_cache (FerrySandbox *self);
/* The SoupServer callback (ferry-sandbox-http.c). */
void        sb_http_handler             (SoupServer        *server,
                                         SoupServerMessage *msg,
                                         const char        *path,
                                         GHashTable        *query,
                                         gpointer           user_data);

G_END_DECLS
