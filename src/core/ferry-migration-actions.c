/* ferry-migration-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-actions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-migration-actions.h"

#include "ferry-json.h"
#include "ferry-library-api.h"
#include "ferry-toc-settings.h"

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

/* Edit is for packages made from objects (api.md §5.2 E: not for
 * uploaded ones); a record without a purpose is an object migration. */
static gboolean
is_editable_purpose (FerryMigration *m)
{
  const char *purpose = ferry_migration_get_purpose (m);

  return purpose == NULL || is (purpose, "object_migration") || is (purpose, "project_merge");
}

static char *
not_connected (const char *name,
               const char *doing)
{
  /* Translators: "Connect “Production” to undo this migration" */
  return g_strdup_printf (_("Connect “%s” to %s"), name, doing);
}

static gboolean
decide (FerryMigration                *m,
        const FerryMigrationOpContext *c,
        FerryMigrationOp               op,
        char                         **reason)
{
  const char *package = ferry_migration_get_package_status (m);
  const char *request = ferry_migration_get_import_request_status (m);
  const char *import = ferry_migration_get_import_status (m);
  const char *undo_request = ferry_migration_get_undo_request_status (m);
  const char *src = c->source_name != NULL ? c->source_name : _("the source");
  const char *tgt = c->target_name != NULL ? c->target_name : _("the target");
  gboolean approved = is (package, "locked") || is (request, "approved");
  gboolean import_begun = import != NULL && !is (import, "pending");

  if (c->job_step != NULL)
    {
      *reason = g_strdup_printf (_("Wait until the current step has finished: %s"), c->job_step);
      return FALSE;
    }
  if (c->updating)
    {
      *reason = g_strdup (_("Wait until the server has answered"));
      return FALSE;
    }

  switch (op)
    {
    case FERRY_MIGRATION_OP_REQUEST_IMPORT:
      if (is (package, "creating"))
        *reason = g_strdup (_("The package is still being created"));
      else if (is (package, "create_failed"))
        *reason = g_strdup (_("The package could not be created"));
      else if (approved || import_begun)
        *reason = g_strdup (_("The import was approved already"));
      else if (is (request, "requested"))
        *reason = g_strdup (_("The import has been requested already"));
      else if (!is (package, "created"))
        *reason = g_strdup (_("The package is not ready"));
      else if (!c->source_connected)
        *reason = not_connected (src, _("request the import"));
      else
        {
          *reason = g_strdup_printf (_("Ask for this package to be imported into %s"), tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_APPROVE:
    case FERRY_MIGRATION_OP_REJECT:
      if (is (package, "creating"))
        *reason = g_strdup (_("The package is still being created"));
      else if (is (package, "create_failed"))
        *reason = g_strdup (_("The package could not be created"));
      else if (approved || import_begun)
        *reason = g_strdup (_("The import was approved already"));
      else if (!is (request, "requested"))
        *reason = g_strdup (_("Request the import first"));
      else if (!c->source_connected)
        *reason = not_connected (src, op == FERRY_MIGRATION_OP_APPROVE ? _("approve the import")
                                                                       : _("reject the import"));
      else
        {
          *reason = g_strdup_printf (op == FERRY_MIGRATION_OP_APPROVE ? _("Approve the import into %s")
                                                                      : _("Reject the import into %s"),
                                     tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_IMPORT:
      if (is (import, "importing"))
        *reason = g_strdup (_("The import is under way"));
      else if (import_begun && !is (import, "import_failed"))
        *reason = g_strdup (_("The package was imported already"));
      else if (!approved)
        *reason = g_strdup (_("The import has not been approved yet"));
      else if (!c->source_connected)
        *reason = not_connected (src, _("import this package"));
      else if (!c->target_connected)
        *reason = not_connected (tgt, _("import this package"));
      else
        {
          if (is (import, "import_failed"))
            *reason = g_strdup_printf (_("Import the package into %s again"), tgt);
          else
            *reason = g_strdup_printf (_("Import the package into %s"), tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_UNDO:
      if (is (import, "undo_success"))
        *reason = g_strdup (_("Undo is not available: the migration was undone already"));
      else if (is (import, "undoing"))
        *reason = g_strdup (_("The undo is under way"));
      else if (!is (import, "imported") && !is (import, "undo_failed"))
        *reason = g_strdup (_("Undo is not available: the migration is not imported"));
      else if (!ferry_migration_get_has_undo_package (m))
        {
          if (ferry_toc_json_blocks_undo (c->toc_view))
            *reason = g_strdup (_("Undo is not available: keep_both was used in this migration's rules"));
          else
            *reason = g_strdup (_("Undo is not available: no undo package"));
        }
      else if (!c->target_connected)
        *reason = not_connected (tgt, _("undo this migration"));
      else
        {
          *reason = g_strdup_printf (_("Give the objects in %s back their state before this migration"), tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_REQUEST_UNDO:
      if (is (import, "undo_success"))
        *reason = g_strdup (_("Undo is not available: the migration was undone already"));
      else if (is (import, "undoing"))
        *reason = g_strdup (_("The undo is under way"));
      else if (!is (import, "imported") && !is (import, "undo_failed"))
        *reason = g_strdup (_("Undo is not available: the migration is not imported"));
      else if (is (undo_request, "requested"))
        *reason = g_strdup (_("The undo has been requested already"));
      else if (!ferry_migration_get_has_undo_package (m))
        {
          if (ferry_toc_json_blocks_undo (c->toc_view))
            *reason = g_strdup (_("Undo is not available: keep_both was used in this migration's rules"));
          else
            *reason = g_strdup (_("Undo is not available: no undo package"));
        }
      else if (!c->target_connected)
        *reason = not_connected (tgt, _("request the undo"));
      else
        {
          *reason = g_strdup_printf (_("Ask for this migration to be undone in %s; someone who may approve it undoes it"), tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_APPROVE_UNDO:
    case FERRY_MIGRATION_OP_REJECT_UNDO:
      if (is (import, "undoing"))
        *reason = g_strdup (_("The undo is under way"));
      else if (!is (import, "imported") && !is (import, "undo_failed"))
        *reason = g_strdup (_("Undo is not available: the migration is not imported"));
      else if (!is (undo_request, "requested"))
        *reason = g_strdup (_("Request the undo first"));
      else if (!c->target_connected)
        *reason = not_connected (tgt, op == FERRY_MIGRATION_OP_APPROVE_UNDO ? _("approve the undo")
                                                                            : _("reject the undo"));
      else
        {
          *reason = g_strdup_printf (op == FERRY_MIGRATION_OP_APPROVE_UNDO
                                     ? _("Approve the undo: the objects in %s get back their state before this migration")
                                     : _("Reject the undo: the objects in %s stay as this migration left them"),
                                     tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_DELETE:
      if (ferry_migration_get_busy (m))
        *reason = g_strdup (_("Wait until the server has finished this migration's work"));
      else if (!c->source_connected && !c->target_connected)
        *reason = g_strdup_printf (_("Connect “%s” or “%s” to delete this migration"), src, tgt);
      else
        {
          if (c->source_connected && c->target_connected && !c->same_connection)
            *reason = g_strdup_printf (_("Delete this migration from %s and %s"), src, tgt);
          else
            *reason = g_strdup_printf (_("Delete this migration from %s"), c->source_connected ? src : tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_VALIDATE:
      if (!ferry_migration_get_has_source_record (m))
        *reason = g_strdup (_("Only a migration with a package on its source can be validated"));
      else if (is (package, "creating"))
        *reason = g_strdup (_("The package is still being created"));
      else if (!is (package, "created"))
        *reason = g_strdup (_("Only a created package that is not imported yet can be validated"));
      else if (import_begun)
        *reason = g_strdup (_("The package was imported already"));
      else if (ferry_migration_get_target_environment_id (m) == NULL)
        *reason = g_strdup (_("Choose a target environment first: validation runs on the target"));
      else if (is (ferry_migration_get_validation_status (m), "validating"))
        *reason = g_strdup (_("The validation is under way"));
      else if (!c->source_connected)
        *reason = not_connected (src, _("validate this package"));
      else if (!c->target_connected)
        *reason = not_connected (tgt, _("validate this package"));
      else
        {
          *reason = g_strdup_printf (_("Ask %s whether this package would import, without importing anything"), tgt);
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_REQUEST_CERTIFICATION:
    case FERRY_MIGRATION_OP_CERTIFY:
    case FERRY_MIGRATION_OP_REJECT_CERTIFICATION:
    case FERRY_MIGRATION_OP_DECERTIFY:
      {
        gboolean on_source = ferry_migration_get_has_source_record (m);

        if (!ferry_migration_op_applies (m, op))
          *reason = g_strdup (is (package, "created")
                              ? _("The certification is not at this step")
                              : _("The certification can change only while the package is created"));
        else if (on_source ? !c->source_connected : !c->target_connected)
          *reason = not_connected (on_source ? src : tgt, _("change the certification"));
        else
          {
            switch ((int) op)
              {
              case FERRY_MIGRATION_OP_REQUEST_CERTIFICATION:
                *reason = g_strdup (_("Ask for this package to be certified"));
                break;
              case FERRY_MIGRATION_OP_CERTIFY:
                *reason = g_strdup (_("Certify this package as fit to import"));
                break;
              case FERRY_MIGRATION_OP_REJECT_CERTIFICATION:
                *reason = g_strdup (_("Refuse to certify this package"));
                break;
              default:
                *reason = g_strdup (_("Withdraw this package's certification"));
                break;
              }
            return TRUE;
          }
        return FALSE;
      }

    case FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE:
      if (!ferry_migration_op_applies (m, op))
        *reason = g_strdup (is (package, "creating") ? _("The package is still being created")
                                                     : _("There is no package to download"));
      else if (!c->source_connected && !c->target_connected)
        *reason = g_strdup_printf (_("Connect “%s” or “%s” to download the package"), src, tgt);
      else
        {
          *reason = g_strdup (_("Save the package to a file (.mmp) that can be imported elsewhere"));
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE:
      if (!ferry_migration_op_applies (m, op))
        *reason = g_strdup (_("The target has no undo package of this migration"));
      else if (!c->target_connected)
        *reason = not_connected (tgt, _("download the undo package"));
      else
        {
          *reason = g_strdup (_("Save the undo package to a file (.mmp)"));
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_EDIT_PACKAGE:
      if (!ferry_migration_op_applies (m, op))
        {
          if (!ferry_migration_get_has_source_record (m))
            *reason = g_strdup (_("Only a migration with a package on its source can be edited"));
          else if (!is_editable_purpose (m))
            *reason = g_strdup (_("A package imported from a file cannot be edited"));
          else if (is (package, "creating"))
            *reason = g_strdup (_("The package is still being created"));
          else if (approved || import_begun)
            *reason = g_strdup (_("The package cannot be edited once its import was approved"));
          else if (is (request, "requested"))
            *reason = g_strdup (_("The import has been requested: reject the request to edit the package"));
          else
            *reason = g_strdup (_("The package cannot be edited now"));
        }
      else if (!c->source_connected)
        *reason = not_connected (src, _("edit this package"));
      else
        {
          *reason = g_strdup (_("Change this package's name, objects and settings on its source"));
          return TRUE;
        }
      return FALSE;

    case FERRY_MIGRATION_OP_REUSE_PACKAGE:
      if (!ferry_migration_op_applies (m, op))
        {
          if (!ferry_migration_get_has_source_record (m))
            *reason = g_strdup (_("Only a migration with a package on its source can be sent elsewhere"));
          else if (is (package, "creating"))
            *reason = g_strdup (_("The package is still being created"));
          else
            *reason = g_strdup (_("There is no package to send"));
        }
      else if (!c->source_connected)
        *reason = not_connected (src, _("send this package elsewhere"));
      else
        {
          *reason = g_strdup (_("Import this package into another environment or project, as a new migration"));
          return TRUE;
        }
      return FALSE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
ferry_migration_op_available (FerryMigration                *migration,
                              const FerryMigrationOpContext *context,
                              FerryMigrationOp               op,
                              char                         **reason)
{
  g_autofree char *text = NULL;
  gboolean available;

  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), FALSE);
  g_return_val_if_fail (context != NULL, FALSE);

  available = decide (migration, context, op, &text);
  if (reason != NULL)
    *reason = g_steal_pointer (&text);
  return available;
}

gboolean
ferry_migration_op_applies (FerryMigration   *migration,
                            FerryMigrationOp  op)
{
  const char *package;
  const char *request;
  const char *import;
  gboolean approved;
  gboolean import_begun;
  gboolean undoable;
  gboolean undo_requested;
  const char *certification;

  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), FALSE);

  package = ferry_migration_get_package_status (migration);
  request = ferry_migration_get_import_request_status (migration);
  import = ferry_migration_get_import_status (migration);
  approved = is (package, "locked") || is (request, "approved");
  import_begun = import != NULL && !is (import, "pending");
  undoable = is (import, "imported") || is (import, "undo_failed");
  undo_requested = undoable && is (ferry_migration_get_undo_request_status (migration), "requested");

  switch (op)
    {
    case FERRY_MIGRATION_OP_REQUEST_IMPORT:
      return !is (package, "create_failed") && !approved && !import_begun && !is (request, "requested");
    case FERRY_MIGRATION_OP_APPROVE:
    case FERRY_MIGRATION_OP_REJECT:
      return !is (package, "create_failed") && !approved && !import_begun && is (request, "requested");
    case FERRY_MIGRATION_OP_IMPORT:
      return approved && (!import_begun || is (import, "import_failed") || is (import, "importing"));
    case FERRY_MIGRATION_OP_UNDO:
      return (undoable || is (import, "undoing")) && !undo_requested;
    case FERRY_MIGRATION_OP_REQUEST_UNDO:
      return undoable && !undo_requested;
    case FERRY_MIGRATION_OP_APPROVE_UNDO:
    case FERRY_MIGRATION_OP_REJECT_UNDO:
      return undo_requested;
    case FERRY_MIGRATION_OP_DELETE:
      return TRUE;
    case FERRY_MIGRATION_OP_VALIDATE:
      return ferry_migration_get_has_source_record (migration) && !import_begun &&
             (is (package, "created") || is (package, "creating"));
    case FERRY_MIGRATION_OP_REQUEST_CERTIFICATION:
      certification = ferry_migration_get_certification_status (migration);
      return is (package, "created") && (certification == NULL || is (certification, "uncertified") ||
                                         is (certification, "rejected"));
    case FERRY_MIGRATION_OP_CERTIFY:
    case FERRY_MIGRATION_OP_REJECT_CERTIFICATION:
      return is (package, "created") && is (ferry_migration_get_certification_status (migration), "requested");
    case FERRY_MIGRATION_OP_DECERTIFY:
      return is (package, "created") && is (ferry_migration_get_certification_status (migration), "certified");
    case FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE:
      return ferry_migration_get_package_id (migration) != NULL &&
             (is (package, "created") || is (package, "locked") ||
              (package == NULL && ferry_migration_get_has_target_record (migration)));
    case FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE:
      return ferry_migration_get_has_undo_package (migration) && ferry_migration_get_import_id (migration) != NULL &&
             (is (import, "imported") || is (import, "undo_failed"));
    case FERRY_MIGRATION_OP_EDIT_PACKAGE:
      return ferry_migration_get_has_source_record (migration) && is_editable_purpose (migration) &&
             (is (package, "created") || is (package, "create_failed")) &&
             (request == NULL || is (request, "pending") || is (request, "rejected")) &&
             (import == NULL || is (import, "pending"));
    case FERRY_MIGRATION_OP_REUSE_PACKAGE:
      return ferry_migration_get_has_source_record (migration) && ferry_migration_get_package_id (migration) != NULL &&
             (is (package, "created") || is (package, "locked"));
    default:
      g_return_val_if_reached (FALSE);
    }
}

int
ferry_migration_op_next (FerryMigration *migration)
{
  static const FerryMigrationOp steps[] = {
    FERRY_MIGRATION_OP_REQUEST_IMPORT,
    FERRY_MIGRATION_OP_APPROVE,
    FERRY_MIGRATION_OP_IMPORT,
    FERRY_MIGRATION_OP_APPROVE_UNDO,
    FERRY_MIGRATION_OP_UNDO,
  };

  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), -1);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (ferry_migration_op_applies (migration, steps[i]))
      return steps[i];
  return -1;
}

gboolean
ferry_migration_op_waiting_for_approval (FerryMigration *migration)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), FALSE);

  return ferry_migration_op_applies (migration, FERRY_MIGRATION_OP_APPROVE) ||
         ferry_migration_op_applies (migration, FERRY_MIGRATION_OP_APPROVE_UNDO);
}
