/* ferry-migration-details.h: the details of one migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel beside the migrations list: the migration's name and state,
 * its action buttons, a timeline of its steps with their times (from the
 * records' dates and statuses), the package (purpose, type, source and
 * target, creator, storage path and size, undo package), the settings and
 * content summary (from packageInfo.tocView, read with showContent=all) and
 * the server's messages, each copyable, with the ticket id of the last
 * failed action.
 *
 * The panel shows; the FerryMigrationsView around it decides: the buttons
 * point at the view's "migration.*" actions (so they are enabled and
 * disabled with them), and the view sets the tooltips that say why an
 * action is not available, the environment names, the content once read,
 * the job running on the migration and the last error.
 *
 * The describe functions below are shared with the list's cells: the word,
 * the icon and the style class for a migration's state, never colour alone.
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_DETAILS (ferry_migration_details_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationDetails, ferry_migration_details, FERRY, MIGRATION_DETAILS, AdwBin)

/* The actions the buttons point at, in the order they show. */
#define FERRY_MIGRATION_ACTION_REQUEST_IMPORT "migration.request-import"
#define FERRY_MIGRATION_ACTION_APPROVE        "migration.approve"
#define FERRY_MIGRATION_ACTION_REJECT         "migration.reject"
#define FERRY_MIGRATION_ACTION_IMPORT         "migration.import"
#define FERRY_MIGRATION_ACTION_REQUEST_UNDO   "migration.request-undo"
#define FERRY_MIGRATION_ACTION_APPROVE_UNDO   "migration.approve-undo"
#define FERRY_MIGRATION_ACTION_REJECT_UNDO    "migration.reject-undo"
#define FERRY_MIGRATION_ACTION_UNDO           "migration.undo"
#define FERRY_MIGRATION_ACTION_DELETE         "migration.delete"
#define FERRY_MIGRATION_ACTION_VALIDATE       "migration.validate"
#define FERRY_MIGRATION_ACTION_REQUEST_CERTIFICATION "migration.request-certification"
#define FERRY_MIGRATION_ACTION_CERTIFY        "migration.certify"
#define FERRY_MIGRATION_ACTION_REJECT_CERTIFICATION "migration.reject-certification"
#define FERRY_MIGRATION_ACTION_DECERTIFY      "migration.decertify"
#define FERRY_MIGRATION_ACTION_DOWNLOAD_PACKAGE "migration.download-package"
#define FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE "migration.download-undo-package"
#define FERRY_MIGRATION_ACTION_EDIT_PACKAGE   "migration.edit-package"
#define FERRY_MIGRATION_ACTION_REUSE_PACKAGE  "migration.reuse-package"

GtkWidget      *ferry_migration_details_new                   (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "migration". */
FerryMigration *ferry_migration_details_get_migration         (FerryMigrationDetails *self);
void            ferry_migration_details_set_migration         (FerryMigrationDetails *self,
                                                               FerryMigration        *migration);
void            ferry_migration_details_set_environment_names (FerryMigrationDetails *self,
                                                               const char            *source_name,
                                                               const char            *target_name);
/* TOC_VIEW: packageInfo.tocView of the record read with showContent=all
 * (nullable); LOADING while it is being read; ERROR_MESSAGE when reading
 * it failed (nullable). */
void            ferry_migration_details_set_content           (FerryMigrationDetails *self,
                                                               JsonObject            *toc_view,
                                                               gboolean               loading,
                                                               const char            *error_message);
/* The job running on the migration (nullable): its step and progress show. */
void            ferry_migration_details_set_job               (FerryMigrationDetails *self,
                                                               FerryJob              *job);
/* The last action that failed on the migration (nullable): its message
 * and ticket id show under Messages. */
void            ferry_migration_details_set_last_error        (FerryMigrationDetails *self,
                                                               const GError          *error);
/* The tooltip of ACTION_NAME's button: what it does, or why not. */
void            ferry_migration_details_set_action_tooltip    (FerryMigrationDetails *self,
                                                               const char            *action_name,
                                                               const char            *tooltip);
/* A sentence shown under the buttons (nullable): why the next step is not
 * available, e.g. why there is no undo. */
void            ferry_migration_details_set_note              (FerryMigrationDetails *self,
                                                               const char            *note);
/* Whether ACTION_NAME's button shows: an action that does not apply to the
 * migration's stage at all (Request on an imported migration) is hidden,
 * not greyed. */
void            ferry_migration_details_set_action_visible    (FerryMigrationDetails *self,
                                                               const char            *action_name,
                                                               gboolean               visible);
/* The suggested action (nullable): the next step of the migration. */
void            ferry_migration_details_set_primary_action    (FerryMigrationDetails *self,
                                                               const char            *action_name);
/* The visible button of the suggested action, or NULL. */
GtkWidget      *ferry_migration_details_get_primary_button    (FerryMigrationDetails *self);
/* The button that activates ACTION_NAME (for tests), or NULL. */
GtkWidget      *ferry_migration_details_get_action_button     (FerryMigrationDetails *self,
                                                               const char            *action_name);

/* --- Shared with the list ------------------------------------------------------ */

/* "Object migration", "Project merge", "From a package file", or PURPOSE. */
const char     *ferry_migration_details_describe_purpose      (const char            *purpose);
/* The purpose with the package type where it says more: "Project merge",
 * "Object migration", "Object migration (configuration)". */
char           *ferry_migration_details_dup_kind               (FerryMigration       *migration) G_GNUC_WARN_UNUSED_RESULT;
/* "2 folders, 1 object", or "No rules: …" when all are 0. */
char           *ferry_migration_details_describe_rules         (guint                 n_folders,
                                                                guint                 n_object_types,
                                                                guint                 n_objects) G_GNUC_WARN_UNUSED_RESULT;
/* "Project", "Configuration", "Project security", or TYPE. */
const char     *ferry_migration_details_describe_package_type (const char            *package_type);
/* The package side ("Creating", "Waiting for approval", "Approved",
 * "Failed", …) and the import side ("Not imported", "Importing",
 * "Imported", "Import failed", "Undoing", "Undone", "Undo failed", …): the
 * word, and in *ICON_NAME and *STYLE_CLASS (each nullable) a symbolic
 * icon and a style class ("success", "warning", "error", "accent",
 * "dim-label") or NULL. */
const char     *ferry_migration_details_describe_package_state (FerryMigration       *migration,
                                                                const char          **icon_name,
                                                                const char          **style_class);
const char     *ferry_migration_details_describe_import_state  (FerryMigration       *migration,
                                                                const char          **icon_name,
                                                                const char          **style_class);
/* The certification badge: "Certified", "Certification requested",
 * "Certification rejected", with an icon and a style class; NULL (no badge)
 * when the package is uncertified or the record does not say. */
const char     *ferry_migration_details_describe_certification (FerryMigration      *migration,
                                                                const char          **icon_name,
                                                                const char          **style_class);
/* The package's state as the list shows it: a failed validation of a
 * package not imported yet is its state ("Validation failed"), else as
 * ferry_migration_details_describe_package_state(). */
const char     *ferry_migration_details_describe_list_state    (FerryMigration      *migration,
                                                                const char          **icon_name,
                                                                const char          **style_class);
/* "Validation failed: MESSAGE" when the last validation failed, else NULL. */
char           *ferry_migration_details_dup_validation_failure (FerryMigration      *migration) G_GNUC_WARN_UNUSED_RESULT;
/* DATE in local time, "2026-11-22 01:24" (WITH_SECONDS: "…:24:42"), or NULL. */
char           *ferry_migration_details_format_date            (GDateTime            *date,
                                                                gboolean              with_seconds) G_GNUC_WARN_UNUSED_RESULT;
/* "Use existing", "Replace", "Keep both", … or ACTION. */
const char     *ferry_migration_details_describe_action       (const char            *action);

G_END_DECLS
