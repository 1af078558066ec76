/* ferry-environment-projects.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-projects"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-environment-projects.h"

#include "ferry-discovery.h"
#include "ferry-error.h"

struct _FerryEnvironmentProjects
{
  GObject           parent_instance;

  FerryEnvironment *environment;
  GListStore       *projects;      /* FerryProject */
  GCancellable     *cancellable;   /* the current environment's connecting and listing */
  char             *error;
  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (FerryEnvironmentProjects, ferry_environment_projects, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ENVIRONMENT,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_state (FerryEnvironmentProjects *self,
           gboolean                  loading,
           const char               *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADING]);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryEnvironmentProjects) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = ferry_discovery_list_projects_finish (FERRY_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (projects == NULL)
    {
      g_autofree char *described = ferry_api_error_describe (error);
      g_autofree char *message = g_strdup_printf (_("The projects could not be listed: %s. Choose the environment again to retry."),
                                                  described);

      set_state (self, FALSE, message);
      return;
    }
  g_list_store_splice (self->projects, 0, 0, projects->pdata, projects->len);
  set_state (self, FALSE, NULL);
}

static void
list (FerryEnvironmentProjects *self)
{
  ferry_discovery_list_projects_async (ferry_environment_get_connection (self->environment), self->cancellable,
                                       listed_cb, g_object_ref (self));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryEnvironmentProjects) self = user_data;
  FerryEnvironment *environment = FERRY_ENVIRONMENT (object);
  g_autoptr(GError) error = NULL;

  if (!ferry_environment_connect_finish (environment, result, &error))
    {
      g_autofree char *described = NULL;
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      described = ferry_environment_describe_error (environment, error);
      /* Translators: "Could not connect to Production: … Connect it on the Compare page, then choose it again." */
      message = g_strdup_printf (_("Could not connect to %s: %s. Connect it on the Compare page, then choose it again."),
                                 ferry_environment_get_name (environment), described);
      set_state (self, FALSE, message);
      return;
    }
  list (self);
}

void
ferry_environment_projects_cancel (FerryEnvironmentProjects *self)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_state (self, FALSE, self->error);
}

void
ferry_environment_projects_set_environment (FerryEnvironmentProjects *self,
                                            FerryEnvironment         *environment)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self));
  g_return_if_fail (environment == NULL || FERRY_IS_ENVIRONMENT (environment));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->projects)) > 0)
    g_list_store_remove_all (self->projects);

  if (g_set_object (&self->environment, environment))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENVIRONMENT]);

  if (environment == NULL)
    {
      set_state (self, FALSE, NULL);
      return;
    }
  set_state (self, TRUE, NULL);
  if (ferry_environment_get_connection (environment) == NULL)
    ferry_environment_connect_async (environment, NULL, self->cancellable, connected_cb, g_object_ref (self));
  else
    list (self);
}

FerryEnvironment *
ferry_environment_projects_get_environment (FerryEnvironmentProjects *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self), NULL);
  return self->environment;
}

GListModel *
ferry_environment_projects_get_model (FerryEnvironmentProjects *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self), NULL);
  return G_LIST_MODEL (self->projects);
}

gboolean
ferry_environment_projects_get_loading (FerryEnvironmentProjects *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self), FALSE);
  return self->loading;
}

const char *
ferry_environment_projects_get_error (FerryEnvironmentProjects *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self), NULL);
  return self->error;
}

guint
ferry_environment_projects_find (FerryEnvironmentProjects *self,
                                 const char               *project_id)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PROJECTS (self), G_MAXUINT);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));
  for (guint i = 0; i < n && project_id != NULL; i++)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (g_strcmp0 (ferry_project_get_id (project), project_id) == 0)
        return i;
    }
  return G_MAXUINT;
}

static void
ferry_environment_projects_dispose (GObject *object)
{
  FerryEnvironmentProjects *self = FERRY_ENVIRONMENT_PROJECTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (ferry_environment_projects_parent_class)->dispose (object);
}

static void
ferry_environment_projects_finalize (GObject *object)
{
  FerryEnvironmentProjects *self = FERRY_ENVIRONMENT_PROJECTS (object);

  g_clear_object (&self->projects);
  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (ferry_environment_projects_parent_class)->finalize (object);
}

static void
ferry_environment_projects_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  FerryEnvironmentProjects *self = FERRY_ENVIRONMENT_PROJECTS (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT: g_value_set_object (value, self->environment); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_projects_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  FerryEnvironmentProjects *self = FERRY_ENVIRONMENT_PROJECTS (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT: ferry_environment_projects_set_environment (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_projects_class_init (FerryEnvironmentProjectsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = ferry_environment_projects_dispose;
  object_class->finalize = ferry_environment_projects_finalize;
  object_class->get_property = ferry_environment_projects_get_property;
  object_class->set_property = ferry_environment_projects_set_property;

  props[PROP_ENVIRONMENT] = g_param_spec_object ("environment", NULL, NULL, FERRY_TYPE_ENVIRONMENT,
                                                 flags | G_PARAM_WRITABLE);
  props[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ferry_environment_projects_init (FerryEnvironmentProjects *self)
{
  self->projects = g_list_store_new (FERRY_TYPE_PROJECT);
  self->cancellable = g_cancellable_new ();
}

FerryEnvironmentProjects *
ferry_environment_projects_new (void)
{
  return g_object_new (FERRY_TYPE_ENVIRONMENT_PROJECTS, NULL);
}
