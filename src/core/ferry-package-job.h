/* ferry-package-job.h: what the package jobs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerryPackageCreateJob and FerryPackageImportJob both work through a
 * package holder (/api/packages) in one connection's session: create it,
 * do their own steps, delete it. FerryPackageJob is their abstract parent:
 * it owns the holder (made at start, deleted at the end, and after a
 * failure or a cancel, best effort, so the next package of the session is
 * not refused). Its protected API is in ferry-package-job-private.h.
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PACKAGE_JOB (ferry_package_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryPackageJob, ferry_package_job, FERRY, PACKAGE_JOB, FerryJob)

/**
 * FerryPackageJobClass:
 * @holder_created: the holder exists (its id is known): the subclass's
 *   own steps begin.
 */
struct _FerryPackageJobClass
{
  FerryJobClass parent_class;

  void (*holder_created) (FerryPackageJob *self);

  /*< private >*/
  gpointer padding[4];
};

G_END_DECLS
