/* ferry-migration-draft.h: what a migration being defined is made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model behind the migration editor, with no display: the kind
 * (project merge or object migration) and package type (both kept in the
 * FerryTocSettings, as the package says them), the name, the source and
 * the target (environment and project), the objects of an object migration
 * (FerryContentItem: action, include dependents), the settings and whether
 * undo is generated. The editor's pages bind to it; Run takes its spec.
 *
 * Properties (all notify only on a real change):
 *   "name" (string), "project-merge" (gboolean), "package-type"
 *   (FerryPackageType), "source", "target" (FerryEnvironment),
 *   "source-project-id", "source-project-name", "target-project-id",
 *   "target-project-name" (string), "generate-undo" (gboolean, default
 *   TRUE), "resolving" (gboolean: the objects are being read from the
 *   source), "projects-loading" (gboolean: the target's projects are being
 *   listed), and read-only "settings" (FerryTocSettings), "content"
 *   (GListStore of FerryContentItem), "blocked-reason" (string: why the
 *   migration cannot run now, in a sentence for the user; NULL when it can)
 *   and "modified" (gboolean: the user set something since
 *   ferry_migration_draft_mark_unmodified(); FALSE until it is first called).
 *
 * Signal "changed" (no arguments): anything a preview or a run depends on
 * changed (the settings, the objects and their actions, source, target,
 * kind, type, name).
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-environment.h"
#include "ferry-library-api.h"
#include "ferry-plan.h"
#include "ferry-toc-settings.h"

G_BEGIN_DECLS

/* The default action of a new draft (use_newer: a first merge brings over
 * what is newer in the source); ferry_toc_settings_get_default_action_note()
 * says why where the default is shown. */
#define FERRY_MIGRATION_DRAFT_DEFAULT_ACTION FERRY_CONFLICT_ACTION_USE_NEWER

#define FERRY_TYPE_MIGRATION_DRAFT (ferry_migration_draft_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationDraft, ferry_migration_draft, FERRY, MIGRATION_DRAFT, GObject)

FerryMigrationDraft *ferry_migration_draft_new                 (void);

FerryTocSettings *ferry_migration_draft_get_settings           (FerryMigrationDraft *self);
GListStore       *ferry_migration_draft_get_content            (FerryMigrationDraft *self);

const char       *ferry_migration_draft_get_name               (FerryMigrationDraft *self);
void              ferry_migration_draft_set_name               (FerryMigrationDraft *self,
                                                                const char          *name);
gboolean          ferry_migration_draft_get_project_merge      (FerryMigrationDraft *self);
/* A project merge always uses a project package: the type follows. */
void              ferry_migration_draft_set_project_merge      (FerryMigrationDraft *self,
                                                                gboolean             project_merge);
FerryPackageType  ferry_migration_draft_get_package_type       (FerryMigrationDraft *self);
/* Settings that stop applying are cleared (schema updates outside project
 * packages, the replaced objects' ACL in project security packages); the
 * same happens when the settings' "package-type" is set directly. */
void              ferry_migration_draft_set_package_type       (FerryMigrationDraft *self,
                                                                FerryPackageType     package_type);

FerryEnvironment *ferry_migration_draft_get_source             (FerryMigrationDraft *self);
const char       *ferry_migration_draft_get_source_project_id  (FerryMigrationDraft *self);
const char       *ferry_migration_draft_get_source_project_name (FerryMigrationDraft *self);
/* The project's id and name as given (either may be NULL). */
void              ferry_migration_draft_set_source             (FerryMigrationDraft *self,
                                                                FerryEnvironment    *source,
                                                                const char          *project_id,
                                                                const char          *project_name);
FerryEnvironment *ferry_migration_draft_get_target             (FerryMigrationDraft *self);
const char       *ferry_migration_draft_get_target_project_id  (FerryMigrationDraft *self);
const char       *ferry_migration_draft_get_target_project_name (FerryMigrationDraft *self);
void              ferry_migration_draft_set_target             (FerryMigrationDraft *self,
                                                                FerryEnvironment    *target,
                                                                const char          *project_id,
                                                                const char          *project_name);
/* The projects the package goes from and to: NULL for configuration packages. */
const char       *ferry_migration_draft_get_package_source_project (FerryMigrationDraft *self);
const char       *ferry_migration_draft_get_package_target_project (FerryMigrationDraft *self);
/* The connections, or NULL when the environment is not connected. */
FerryConnection  *ferry_migration_draft_get_source_connection  (FerryMigrationDraft *self);
FerryConnection  *ferry_migration_draft_get_target_connection  (FerryMigrationDraft *self);

gboolean          ferry_migration_draft_get_generate_undo      (FerryMigrationDraft *self);
void              ferry_migration_draft_set_generate_undo      (FerryMigrationDraft *self,
                                                                gboolean             generate_undo);
gboolean          ferry_migration_draft_get_resolving          (FerryMigrationDraft *self);
void              ferry_migration_draft_set_resolving          (FerryMigrationDraft *self,
                                                                gboolean             resolving);
gboolean          ferry_migration_draft_get_projects_loading   (FerryMigrationDraft *self);
void              ferry_migration_draft_set_projects_loading   (FerryMigrationDraft *self,
                                                                gboolean             projects_loading);

/* Objects of the content that the source lacks (ids compared without case). */
void              ferry_migration_draft_set_missing            (FerryMigrationDraft *self,
                                                                const char          *object_id,
                                                                gboolean             missing);
gboolean          ferry_migration_draft_is_missing             (FerryMigrationDraft *self,
                                                                const char          *object_id);
void              ferry_migration_draft_clear_missing          (FerryMigrationDraft *self);
/* Whether the content holds OBJECT_ID (without case). */
gboolean          ferry_migration_draft_contains               (FerryMigrationDraft *self,
                                                                const char          *object_id);

/* Why the migration cannot run now, or NULL. */
const char       *ferry_migration_draft_get_blocked_reason     (FerryMigrationDraft *self);
/* The same without the settings' validation (the first page's reason); new. */
char             *ferry_migration_draft_dup_definition_reason  (FerryMigrationDraft *self);

/* "Merge Tutorial: Development → Production, 22 Nov 2026" and the like. */
char             *ferry_migration_draft_make_auto_name         (FerryMigrationDraft *self);

/* Fills SPEC for a new migration (ferry_migration_job_new()). The strings
 * and nodes are the draft's, valid until the draft changes or the next
 * call. FALSE with G_IO_ERROR_INVALID_ARGUMENT and the blocked
 * reason as message when it cannot run. */
gboolean          ferry_migration_draft_to_spec                (FerryMigrationDraft *self,
                                                                FerryMigrationSpec  *spec,
                                                                GError             **error);
/* The package definition {type, settings, content} (api.md §4.3; new). */
JsonNode         *ferry_migration_draft_dup_package_definition (FerryMigrationDraft *self);

/* The whole definition as a plan (new). */
FerryPlan        *ferry_migration_draft_to_plan                (FerryMigrationDraft *self);
/* Takes PLAN's kind, type, settings, objects and name (when it has one).
 * The source project follows the plan's when the source is the plan's
 * environment; the target becomes the best match by URL and name among
 * ENVIRONMENTS (and the current target) when it is connected. NOTICE (may
 * be NULL) receives a sentence when the plan was made against other
 * environments or its settings could not be read, else NULL. */
void              ferry_migration_draft_load_plan              (FerryMigrationDraft *self,
                                                                const FerryPlan     *plan,
                                                                GListModel          *environments,
                                                                char               **notice);

/* Takes the definition of an existing migration from its source record (a
 * GET ?showContent=all, ferry_plan_new_from_record()): kind, type, name,
 * settings, objects; SOURCE with the record's source project, TARGET (may
 * be NULL: kept as it is) with the record's target project. The draft is
 * then unmodified. FALSE with FERRY_PLAN_ERROR when the record cannot be
 * read (nothing changes then). */
gboolean          ferry_migration_draft_load_record            (FerryMigrationDraft *self,
                                                                JsonObject          *record,
                                                                FerryEnvironment    *source,
                                                                FerryEnvironment    *target,
                                                                GError             **error);
/* The packageInfo an edit PUTs (PUT …/packageInfo, api.md §5.2 E): a copy
 * of RECORD's packageInfo (the source's GET ?showContent=all) with the
 * draft's name, tocView.settings and, for object migrations,
 * tocView.content. Type and purpose stay the record's. For a draft loaded
 * from RECORD and left unchanged it equals RECORD's packageInfo. */
JsonObject       *ferry_migration_draft_dup_edited_package_info (FerryMigrationDraft *self,
                                                                JsonObject          *record);

/* What the draft holds now is the state it was opened in (see "modified"). */
void              ferry_migration_draft_mark_unmodified        (FerryMigrationDraft *self);
gboolean          ferry_migration_draft_get_modified           (FerryMigrationDraft *self);

G_END_DECLS
