/* ferry-environment-projects.h: the projects of one chosen environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-environment.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENVIRONMENT_PROJECTS (ferry_environment_projects_get_type ())
G_DECLARE_FINAL_TYPE (FerryEnvironmentProjects, ferry_environment_projects, FERRY, ENVIRONMENT_PROJECTS, GObject)

/* What a "which environment, which project" chooser shows: set an
 * environment and its projects are listed (it is connected first, with its
 * keyring password, when it is not connected), into a list model of
 * FerryProject. Choosing another environment cancels what the previous one
 * was doing.
 *
 * Properties: "environment" (FerryEnvironment, NULL: none chosen),
 * "loading" (connecting or listing), "error" (why the projects are not
 * there, a sentence for the user; NULL otherwise). */
FerryEnvironmentProjects *ferry_environment_projects_new             (void);
void                      ferry_environment_projects_set_environment (FerryEnvironmentProjects *self,
                                                                      FerryEnvironment         *environment);
FerryEnvironment         *ferry_environment_projects_get_environment (FerryEnvironmentProjects *self);
/* (element-type FerryProject): empty while loading and after an error. */
GListModel               *ferry_environment_projects_get_model       (FerryEnvironmentProjects *self);
gboolean                  ferry_environment_projects_get_loading     (FerryEnvironmentProjects *self);
const char               *ferry_environment_projects_get_error       (FerryEnvironmentProjects *self);
/* The position of the project with PROJECT_ID in the model, or G_MAXUINT. */
guint                     ferry_environment_projects_find            (FerryEnvironmentProjects *self,
                                                                      const char               *project_id);
/* Stops connecting and listing (a closing dialog). */
void                      ferry_environment_projects_cancel          (FerryEnvironmentProjects *self);

G_END_DECLS
