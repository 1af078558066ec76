/* ferry-package-import-job.h: a package file imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through /api/packages: create a holder in the target project ─▶ upload
 * the file ─▶ start the import (generateUndo) ─▶ wait for IMPORTED ─▶ save
 * the undo package (when asked) ─▶ delete the import process ─▶ delete the
 * holder.
 */

#pragma once

#include "ferry-package-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PACKAGE_IMPORT_JOB (ferry_package_import_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryPackageImportJob, ferry_package_import_job, FERRY, PACKAGE_IMPORT_JOB, FerryPackageJob)

/* The package FILE imported on CONNECTION into PROJECT_ID (NULL for
 * configuration packages); with GENERATE_UNDO and UNDO_FILE set, the undo
 * package is saved there. Holder and import process are deleted afterwards. */
FerryJob   *ferry_package_import_job_new           (FerryConnection *connection,
                                                    const char      *project_id,
                                                    GFile           *file,
                                                    gboolean         generate_undo,
                                                    GFile           *undo_file) G_GNUC_WARN_UNUSED_RESULT;

/* The id of the import process (while it exists), or NULL. SELF is a
 * FerryPackageImportJob. */
const char *ferry_package_import_job_get_import_id (FerryJob        *self);

G_END_DECLS

