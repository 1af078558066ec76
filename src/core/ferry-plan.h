/* ferry-plan.h: a migration's whole definition, as a JSON plan file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan is what the migration editor defines: a name, the kind (object
 * migration or project merge), the package type, the source and target
 * (each an environment by name and URL, and a project by id and name), the
 * package settings (tocView.settings, as FerryTocSettings writes them) and,
 * for object migrations, the content (each object with its action and
 * "include dependents").
 *
 * The file holds nothing else: no user name, no password, no token, no
 * cookie. URLs are written without any user information, query or
 * fragment they might carry. A plan opened against other environments
 * keeps working: environments are matched by name and URL, objects by id.
 *
 * File format (UTF-8 JSON):
 *   {
 *     "format": "ferry-plan", "version": 1,
 *     "name": "...",
 *     "kind": "object_migration" | "project_merge",
 *     "packageType": "project" | "configuration" | "project_security",
 *     "source": { "environment": { "name", "url" }, "project": { "id", "name" } },
 *     "target": { … the same … },
 *     "settings": { tocView.settings },
 *     "content": [ { "id", "name", "type", "subtype", "path", "action",
 *                    "includeDependents" } ]
 *   }
 * "project" is null for configuration packages.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

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
#include "ferry-content-item.h"

G_BEGIN_DECLS

#define FERRY_PLAN_ERROR (ferry_plan_error_quark ())

/**
 * FerryPlanError:
 * @FERRY_PLAN_ERROR_INVALID: not a Ferry plan, or a member is missing or of
 *   the wrong kind (the message names it)
 * @FERRY_PLAN_ERROR_VERSION: a plan of a newer format version
 */
typedef enum
{
  FERRY_PLAN_ERROR_INVALID,
  FERRY_PLAN_ERROR_VERSION,
} FerryPlanError;

GQuark ferry_plan_error_quark (void);

#define FERRY_PLAN_FORMAT_VERSION 1

/* "object_migration", "project_merge" */
const char *ferry_migration_purpose_to_string   (FerryMigrationPurpose  purpose);
gboolean    ferry_migration_purpose_from_string (const char            *text,
                                                 FerryMigrationPurpose *out_purpose);

/* --- Content items: FerryContentItem (ferry-content-item.h) ------------------ */

/* Whether an object of TYPE (EnumDSSXMLObjectTypes) may go into a package
 * of PACKAGE_TYPE (spec/create-a-migration-package.md): project packages
 * take project objects, configuration packages configuration objects
 * (users, groups, security roles, …), project security packages only users
 * and user groups. When not, *REASON (may be NULL) receives a sentence. */
gboolean            ferry_package_type_accepts                (FerryPackageType     package_type,
                                                               int                  type,
                                                               const char          *name,
                                                               char               **reason);
/* TRUE for types that live in the configuration rather than a project. */
gboolean            ferry_object_type_is_configuration        (int                  type);

/* --- Plans ------------------------------------------------------------------ */

typedef struct
{
  char *environment_name;
  char *environment_url;
  char *project_id;      /* NULL for configuration packages */
  char *project_name;
} FerryPlanEndpoint;

/**
 * FerryPlan:
 * @name: the migration's name
 * @purpose: object migration or project merge
 * @package_type: project, configuration or project security
 * @source: where the objects come from
 * @target: where they go
 * @settings: (nullable): tocView.settings, a JSON object node
 * @content: (element-type FerryContentItem): the objects of an object
 *   migration (empty for project merges)
 */
typedef struct
{
  char                  *name;
  FerryMigrationPurpose  purpose;
  FerryPackageType       package_type;
  FerryPlanEndpoint      source;
  FerryPlanEndpoint      target;
  JsonNode              *settings;
  GPtrArray             *content;
} FerryPlan;

#define FERRY_TYPE_PLAN (ferry_plan_get_type ())
GType       ferry_plan_get_type            (void) G_GNUC_CONST;

FerryPlan  *ferry_plan_new                 (void);
FerryPlan  *ferry_plan_copy                (const FerryPlan  *plan);
void        ferry_plan_free                (FerryPlan        *plan);
void        ferry_plan_set_endpoint        (FerryPlanEndpoint *endpoint,
                                            const char       *environment_name,
                                            const char       *environment_url,
                                            const char       *project_id,
                                            const char       *project_name);

/* The plan file's JSON (a new object node). */
JsonNode   *ferry_plan_to_json             (const FerryPlan  *plan);
FerryPlan  *ferry_plan_new_from_json       (JsonNode         *node,
                                            GError          **error);
/* Pretty-printed file contents (newly allocated, NUL-terminated). */
char       *ferry_plan_to_data             (const FerryPlan  *plan,
                                            gsize            *length);
FerryPlan  *ferry_plan_new_from_data       (const char       *data,
                                            gssize            length,
                                            GError          **error);

/* The definition of an existing migration from its source record (a GET
 * ?showContent=all): packageInfo.name, purpose, type, project (the source),
 * tocView.settings and content; importInfo.environment and project (the
 * target). Environments are named by the record's environment names and
 * ids (a Library environment id is its base URL). Content items keep the
 * record's id, name, type, subtype, action and includeDependents. NULL with
 * FERRY_PLAN_ERROR_INVALID when the record is not one Ferry can edit
 * (another purpose, no settings, an unreadable item). */
FerryPlan  *ferry_plan_new_from_record     (JsonObject       *record,
                                            GError          **error);

/* URL as stored: no user information, query or fragment, no trailing "/". */
char       *ferry_plan_clean_url           (const char       *url);

/* Whole files, off the main thread's way (GIO async I/O). */
void        ferry_plan_save_async          (const FerryPlan  *plan,
                                            GFile            *file,
                                            GCancellable     *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer          user_data);
gboolean    ferry_plan_save_finish         (GAsyncResult     *result,
                                            GError          **error);
void        ferry_plan_load_async          (GFile            *file,
                                            GCancellable     *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer          user_data);
FerryPlan  *ferry_plan_load_finish         (GAsyncResult     *result,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPlan, ferry_plan_free)

G_END_DECLS
