/* ferry-environment-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-environment-list.h"

struct _FerryEnvironmentList
{
  GObject    parent_instance;
  GSettings *settings;
  GPtrArray *items;   /* FerryEnvironment* */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryEnvironmentList, ferry_environment_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_get_item_type (GListModel *model)
{
  return FERRY_TYPE_ENVIRONMENT;
}

static guint
list_get_n_items (GListModel *model)
{
  return FERRY_ENVIRONMENT_LIST (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  FerryEnvironmentList *self = FERRY_ENVIRONMENT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static const char *
login_mode_to_string (FerryLoginMode mode)
{
  return mode == FERRY_LOGIN_MODE_LDAP ? "ldap" : "standard";
}

static FerryLoginMode
login_mode_from_string (const char *text)
{
  return g_strcmp0 (text, "ldap") == 0 ? FERRY_LOGIN_MODE_LDAP : FERRY_LOGIN_MODE_STANDARD;
}

static void
save (FerryEnvironmentList *self)
{
  GVariantBuilder builder;

  if (self->settings == NULL)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->items->len; i++)
    {
      FerryEnvironment *env = g_ptr_array_index (self->items, i);
      GVariantBuilder dict;

      if (ferry_environment_get_is_demo (env))
        continue;
      g_variant_builder_init (&dict, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&dict, "{sv}", "name", g_variant_new_string (ferry_environment_get_name (env)));
      g_variant_builder_add (&dict, "{sv}", "base-url", g_variant_new_string (ferry_environment_get_base_url (env)));
      g_variant_builder_add (&dict, "{sv}", "login-mode",
                             g_variant_new_string (login_mode_to_string (ferry_environment_get_login_mode (env))));
      g_variant_builder_add (&dict, "{sv}", "username", g_variant_new_string (ferry_environment_get_username (env)));
      g_variant_builder_add (&dict, "{sv}", "remember-password",
                             g_variant_new_boolean (ferry_environment_get_remember_password (env)));
      g_variant_builder_add_value (&builder, g_variant_builder_end (&dict));
    }
  g_settings_set_value (self->settings, "environments", g_variant_builder_end (&builder));
}

static void
load (FerryEnvironmentList *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "environments");
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, value);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = NULL, *url = NULL, *mode = NULL, *user = NULL;
      gboolean remember = TRUE;

      g_variant_lookup (dict, "name", "&s", &name);
      g_variant_lookup (dict, "base-url", "&s", &url);
      g_variant_lookup (dict, "login-mode", "&s", &mode);
      g_variant_lookup (dict, "username", "&s", &user);
      g_variant_lookup (dict, "remember-password", "b", &remember);
      if (ferry_environment_validate (name, url, user, NULL) &&
          ferry_environment_list_lookup (self, name) == NULL)
        g_ptr_array_add (self->items,
                         ferry_environment_new (name, url, login_mode_from_string (mode), user, remember));
      else
        g_message ("Skipping an invalid saved environment (%s)", name ? name : "no name");
      g_variant_unref (dict);
    }
}

static void
ferry_environment_list_finalize (GObject *object)
{
  FerryEnvironmentList *self = FERRY_ENVIRONMENT_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ferry_environment_list_parent_class)->finalize (object);
}

static void
ferry_environment_list_class_init (FerryEnvironmentListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_environment_list_finalize;
}

static void
ferry_environment_list_init (FerryEnvironmentList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

FerryEnvironmentList *
ferry_environment_list_new (GSettings *settings)
{
  FerryEnvironmentList *self = g_object_new (FERRY_TYPE_ENVIRONMENT_LIST, NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      load (self);
    }
  return self;
}

FerryEnvironment *
ferry_environment_list_lookup (FerryEnvironmentList *self,
                               const char           *name)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_LIST (self), NULL);

  g_autofree char *folded = name ? g_utf8_casefold (name, -1) : NULL;

  /* Names are unique regardless of case: "Prod" and "prod" would be one
   * environment to a person picking from a list. */
  for (guint i = 0; folded && i < self->items->len; i++)
    {
      FerryEnvironment *env = g_ptr_array_index (self->items, i);
      g_autofree char *other = g_utf8_casefold (ferry_environment_get_name (env), -1);

      if (g_utf8_collate (other, folded) == 0)
        return env;
    }
  return NULL;
}

/* ENVIRONMENT is valid and its name is free (or taken by REPLACED). */
static gboolean
check_new (FerryEnvironmentList *self,
           FerryEnvironment     *environment,
           FerryEnvironment     *replaced,
           GError              **error)
{
  const char *name = ferry_environment_get_name (environment);
  FerryEnvironment *clash;

  if (!ferry_environment_validate (name, ferry_environment_get_base_url (environment),
                                   ferry_environment_get_username (environment), error))
    return FALSE;
  clash = ferry_environment_list_lookup (self, name);
  if (clash != NULL && clash != replaced)
    {
      g_set_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_DUPLICATE_NAME,
                   _("An environment named “%s” already exists"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_environment_list_add (FerryEnvironmentList *self,
                            FerryEnvironment     *environment,
                            GError              **error)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_LIST (self), FALSE);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (environment), FALSE);

  if (!check_new (self, environment, NULL, error))
    return FALSE;
  g_ptr_array_add (self->items, g_object_ref (environment));
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  return TRUE;
}

gboolean
ferry_environment_list_update (FerryEnvironmentList *self,
                               const char           *old_name,
                               FerryEnvironment     *environment,
                               GError              **error)
{
  FerryEnvironment *old;
  guint position = 0;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_LIST (self), FALSE);

  old = ferry_environment_list_lookup (self, old_name);
  if (old == NULL)
    return ferry_environment_list_add (self, environment, error);
  if (!check_new (self, environment, old, error))
    return FALSE;

  g_ptr_array_find (self->items, old, &position);
  ferry_environment_disconnect (old);
  g_ptr_array_index (self->items, position) = g_object_ref (environment);
  g_object_unref (old);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

void
ferry_environment_list_remove (FerryEnvironmentList *self,
                               const char           *name)
{
  FerryEnvironment *env;
  guint position = 0;

  g_return_if_fail (FERRY_IS_ENVIRONMENT_LIST (self));

  env = ferry_environment_list_lookup (self, name);
  if (env == NULL || !g_ptr_array_find (self->items, env, &position))
    return;
  ferry_environment_disconnect (env);
  g_ptr_array_remove_index (self->items, position);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}
