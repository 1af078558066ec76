/* ferry-package-job-private.h: FerryPackageJob for its subclasses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-package-job.h"

#include "ferry-job-private.h"

G_BEGIN_DECLS

/* Set by the subclasses' constructors: the job works on CONNECTION, in
 * PROJECT_ID (NULL for configuration packages), with FILE. */
void             _ferry_package_job_set_up         (FerryPackageJob *self,
                                                    FerryConnection *connection,
                                                    const char      *project_id,
                                                    GFile           *file);

FerryConnection *_ferry_package_job_get_connection (FerryPackageJob *self);
const char      *_ferry_package_job_get_project_id (FerryPackageJob *self);
GFile           *_ferry_package_job_get_file       (FerryPackageJob *self);
const char      *_ferry_package_job_get_holder_id  (FerryPackageJob *self);

/* The first step: creates the holder, then calls holder_created. */
void             _ferry_package_job_create_holder  (FerryPackageJob *self);
/* The last step: deletes the holder, then the job succeeds. */
void             _ferry_package_job_delete_holder  (FerryPackageJob *self);
/* The callback of the best-effort clean-up calls after a failure (no user
 * data): a failure is only logged. */
void             _ferry_package_job_abandon_cb     (GObject         *object,
                                                    GAsyncResult    *result,
                                                    gpointer         user_data);

G_END_DECLS
