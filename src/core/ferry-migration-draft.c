/* ferry-migration-draft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-draft"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-migration-draft.h"

struct _FerryMigrationDraft
{
  GObject           parent_instance;

  FerryTocSettings *settings;
  GListStore       *content;          /* FerryContentItem */
  GHashTable       *missing;          /* upper-case ids not found in the source */
  char             *name;
  FerryEnvironment *source;
  char             *source_project_id;
  char             *source_project_name;
  FerryEnvironment *target;
  char             *target_project_id;
  char             *target_project_name;
  gboolean          generate_undo;
  gboolean          resolving;
  gboolean          projects_loading;
  gboolean          loading_plan;     /* no clearing of settings, no "changed" */

  /* "modified": what the user set, against the draft as it was opened */
  char             *baseline;         /* fingerprint when marked unmodified */
  gboolean          modified;
  gboolean          clean_at_loading; /* unmodified when the projects began loading */
  guint             settle_id;        /* idle: the automatic project pick is not a change */

  char             *blocked_reason;

  /* what the last spec borrows */
  char             *spec_source_id;
  char             *spec_target_id;
  JsonNode         *spec_settings;
  JsonNode         *spec_content;
};

G_DEFINE_FINAL_TYPE (FerryMigrationDraft, ferry_migration_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PROJECT_MERGE,
  PROP_PACKAGE_TYPE,
  PROP_SOURCE,
  PROP_SOURCE_PROJECT_ID,
  PROP_SOURCE_PROJECT_NAME,
  PROP_TARGET,
  PROP_TARGET_PROJECT_ID,
  PROP_TARGET_PROJECT_NAME,
  PROP_GENERATE_UNDO,
  PROP_RESOLVING,
  PROP_PROJECTS_LOADING,
  PROP_SETTINGS,
  PROP_CONTENT,
  PROP_BLOCKED_REASON,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

static FerryConnection *
connection_of (FerryEnvironment *environment)
{
  if (environment == NULL || ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED)
    return NULL;
  return ferry_environment_get_connection (environment);
}

static const char *
environment_name (FerryEnvironment *environment)
{
  return environment != NULL ? ferry_environment_get_name (environment) : "";
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* What is missing in the definition itself (the settings aside). */
static char *
compute_definition_reason (FerryMigrationDraft *self)
{
  FerryPackageType type = ferry_migration_draft_get_package_type (self);
  gboolean merge = ferry_migration_draft_get_project_merge (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

  if (connection_of (self->source) == NULL)
    return g_strdup_printf (_("Connect to %s in the main window first"), environment_name (self->source));
  if (self->target == NULL)
    return g_strdup (_("Choose where the migration goes"));
  if (connection_of (self->target) == NULL)
    return g_strdup_printf (_("Connect to %s in the main window first"), environment_name (self->target));
  if (merge && type != FERRY_PACKAGE_TYPE_PROJECT)
    return g_strdup (_("A project merge always uses a project package"));
  if (type != FERRY_PACKAGE_TYPE_CONFIGURATION && self->source_project_id == NULL)
    return g_strdup (_("Choose the source project in the main window first"));
  if (type != FERRY_PACKAGE_TYPE_CONFIGURATION && self->target_project_id == NULL)
    return g_strdup (self->projects_loading ? _("Listing the target’s projects…") : _("Choose a target project"));
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (self->name ? self->name : ""));

    if (*trimmed == '\0')
      return g_strdup (_("Give the migration a name"));
  }
  if (!merge)
    {
      if (self->resolving)
        return g_strdup (_("Reading the selected objects…"));
      if (n == 0)
        return g_strdup (_("Add at least one object"));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);
          char *reason = NULL;

          if (ferry_migration_draft_is_missing (self, ferry_content_item_get_object_id (item)))
            return g_strdup_printf (_("“%s” is not in the source: remove it"), ferry_content_item_get_name (item));
          if (ferry_content_item_get_object_type (item) > 0 &&
              !ferry_package_type_accepts (type, ferry_content_item_get_object_type (item),
                                           ferry_content_item_get_name (item), &reason))
            return reason;
        }
    }
  return NULL;
}

static char *
compute_blocked_reason (FerryMigrationDraft *self)
{
  char *reason = compute_definition_reason (self);
  const char * const *messages;

  if (reason != NULL)
    return reason;
  messages = ferry_toc_settings_get_validation_messages (self->settings);
  if (messages != NULL && messages[0] != NULL)
    return g_strdup (messages[0]);
  return NULL;
}

static void
update_blocked_reason (FerryMigrationDraft *self)
{
  g_autofree char *reason = compute_blocked_reason (self);

  if (g_strcmp0 (reason, self->blocked_reason) == 0)
    return;
  g_free (self->blocked_reason);
  self->blocked_reason = g_steal_pointer (&reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

static void update_modified (FerryMigrationDraft *self);
static void settle_projects_loading (FerryMigrationDraft *self);

/* Something a run depends on changed. */
static void
changed (FerryMigrationDraft *self)
{
  update_blocked_reason (self);
  update_modified (self);
  if (!self->loading_plan)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
environment_state_cb (FerryMigrationDraft *self)
{
  update_blocked_reason (self);
}

static void
watch_environment (FerryMigrationDraft  *self,
                   FerryEnvironment    **field,
                   FerryEnvironment     *environment)
{
  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, environment_state_cb, self);
  g_set_object (field, environment);
  if (environment != NULL)
    g_signal_connect_object (environment, "notify::state", G_CALLBACK (environment_state_cb), self,
                             G_CONNECT_SWAPPED);
}

/* What the user chose stops some settings from applying: clear them, so
 * switching the type does not leave the settings invalid. (Rules are the
 * user's work and stay, with the reason and a Clear button.) */
static void
package_type_changed_cb (FerryMigrationDraft *self)
{
  FerryPackageType type = ferry_migration_draft_get_package_type (self);

  if (!self->loading_plan)
    {
      if (type != FERRY_PACKAGE_TYPE_PROJECT)
        {
          ferry_toc_settings_set_update_schema_logical_size (self->settings, FALSE);
          ferry_toc_settings_set_update_schema_keys_fact_entry_level (self->settings, FALSE);
          ferry_toc_settings_set_update_schema_logical_info (self->settings, FALSE);
        }
      if (type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY)
        ferry_toc_settings_set_acl_on_replacing_objects (self->settings, FERRY_ACL_ON_REPLACING_UNSET);
      else if (ferry_toc_settings_get_acl_on_replacing_objects (self->settings) == FERRY_ACL_ON_REPLACING_UNSET)
        ferry_toc_settings_set_acl_on_replacing_objects (self->settings, FERRY_ACL_ON_REPLACING_USE_EXISTING);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGE_TYPE]);
  update_blocked_reason (self);
}

static void
project_merge_changed_cb (FerryMigrationDraft *self)
{
  if (!self->loading_plan && ferry_migration_draft_get_project_merge (self) &&
      ferry_migration_draft_get_package_type (self) != FERRY_PACKAGE_TYPE_PROJECT)
    ferry_toc_settings_set_package_type (self->settings, FERRY_PACKAGE_TYPE_PROJECT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_MERGE]);
  update_blocked_reason (self);
}

static void
content_item_notify_cb (FerryMigrationDraft *self)
{
  changed (self);
}

static void
content_items_changed_cb (GListModel          *model,
                          guint                position,
                          guint                removed,
                          guint                added,
                          FerryMigrationDraft *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (model, i);

      if (g_object_get_data (G_OBJECT (item), "ferry-draft-watched") == NULL)
        {
          g_object_set_data (G_OBJECT (item), "ferry-draft-watched", GINT_TO_POINTER (1));
          g_signal_connect_object (item, "notify::action", G_CALLBACK (content_item_notify_cb), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (item, "notify::include-dependents", G_CALLBACK (content_item_notify_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  changed (self);
}

static JsonNode *
content_to_json (FerryMigrationDraft *self)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->content)); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      json_array_add_element (array, ferry_content_item_to_api_json (item));
    }
  return json_node_init_array (json_node_alloc (), array);
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                  */
/* ------------------------------------------------------------------------ */

FerryMigrationDraft *
ferry_migration_draft_new (void)
{
  return g_object_new (FERRY_TYPE_MIGRATION_DRAFT, NULL);
}

FerryTocSettings *
ferry_migration_draft_get_settings (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->settings;
}

GListStore *
ferry_migration_draft_get_content (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->content;
}

const char *
ferry_migration_draft_get_name (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->name;
}

void
ferry_migration_draft_set_name (FerryMigrationDraft *self,
                                const char          *name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  if (!set_string (&self->name, name))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  update_blocked_reason (self);
  update_modified (self);
}

gboolean
ferry_migration_draft_get_project_merge (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  return ferry_toc_settings_get_project_merge (self->settings);
}

void
ferry_migration_draft_set_project_merge (FerryMigrationDraft *self,
                                         gboolean             project_merge)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  ferry_toc_settings_set_project_merge (self->settings, project_merge);
}

FerryPackageType
ferry_migration_draft_get_package_type (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FERRY_PACKAGE_TYPE_PROJECT);
  return ferry_toc_settings_get_package_type (self->settings);
}

void
ferry_migration_draft_set_package_type (FerryMigrationDraft *self,
                                        FerryPackageType     package_type)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  ferry_toc_settings_set_package_type (self->settings, package_type);
}

FerryEnvironment *
ferry_migration_draft_get_source (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->source;
}

const char *
ferry_migration_draft_get_source_project_id (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->source_project_id;
}

const char *
ferry_migration_draft_get_source_project_name (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->source_project_name;
}

void
ferry_migration_draft_set_source (FerryMigrationDraft *self,
                                  FerryEnvironment    *source,
                                  const char          *project_id,
                                  const char          *project_name)
{
  gboolean any = FALSE;

  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  g_return_if_fail (source == NULL || FERRY_IS_ENVIRONMENT (source));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->source != source)
    {
      watch_environment (self, &self->source, source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
      any = TRUE;
    }
  if (set_string (&self->source_project_id, project_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_PROJECT_ID]);
      any = TRUE;
    }
  if (set_string (&self->source_project_name, project_name))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_PROJECT_NAME]);
      any = TRUE;
    }
  if (any)
    changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

FerryEnvironment *
ferry_migration_draft_get_target (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->target;
}

const char *
ferry_migration_draft_get_target_project_id (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->target_project_id;
}

const char *
ferry_migration_draft_get_target_project_name (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return self->target_project_name;
}

void
ferry_migration_draft_set_target (FerryMigrationDraft *self,
                                  FerryEnvironment    *target,
                                  const char          *project_id,
                                  const char          *project_name)
{
  gboolean any = FALSE;

  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  g_return_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->target != target)
    {
      watch_environment (self, &self->target, target);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
      any = TRUE;
    }
  if (set_string (&self->target_project_id, project_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_PROJECT_ID]);
      any = TRUE;
    }
  if (set_string (&self->target_project_name, project_name))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_PROJECT_NAME]);
      any = TRUE;
    }
  if (any)
    changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
ferry_migration_draft_get_package_source_project (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return ferry_migration_draft_get_package_type (self) == FERRY_PACKAGE_TYPE_CONFIGURATION
         ? NULL : self->source_project_id;
}

const char *
ferry_migration_draft_get_package_target_project (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return ferry_migration_draft_get_package_type (self) == FERRY_PACKAGE_TYPE_CONFIGURATION
         ? NULL : self->target_project_id;
}

FerryConnection *
ferry_migration_draft_get_source_connection (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return connection_of (self->source);
}

FerryConnection *
ferry_migration_draft_get_target_connection (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return connection_of (self->target);
}

gboolean
ferry_migration_draft_get_generate_undo (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), TRUE);
  return self->generate_undo;
}

void
ferry_migration_draft_set_generate_undo (FerryMigrationDraft *self,
                                         gboolean             generate_undo)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  generate_undo = !!generate_undo;
  if (self->generate_undo == generate_undo)
    return;
  self->generate_undo = generate_undo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATE_UNDO]);
  update_modified (self);
}

gboolean
ferry_migration_draft_get_resolving (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  return self->resolving;
}

void
ferry_migration_draft_set_resolving (FerryMigrationDraft *self,
                                     gboolean             resolving)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  resolving = !!resolving;
  if (self->resolving == resolving)
    return;
  self->resolving = resolving;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLVING]);
  update_blocked_reason (self);
}

gboolean
ferry_migration_draft_get_projects_loading (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  return self->projects_loading;
}

void
ferry_migration_draft_set_projects_loading (FerryMigrationDraft *self,
                                            gboolean             projects_loading)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  projects_loading = !!projects_loading;
  if (self->projects_loading == projects_loading)
    return;
  self->projects_loading = projects_loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTS_LOADING]);
  update_blocked_reason (self);
  settle_projects_loading (self);
}

void
ferry_migration_draft_set_missing (FerryMigrationDraft *self,
                                   const char          *object_id,
                                   gboolean             missing)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  g_return_if_fail (object_id != NULL);

  if (missing)
    g_hash_table_add (self->missing, g_ascii_strup (object_id, -1));
  else
    {
      g_autofree char *key = g_ascii_strup (object_id, -1);

      g_hash_table_remove (self->missing, key);
    }
  update_blocked_reason (self);
}

gboolean
ferry_migration_draft_is_missing (FerryMigrationDraft *self,
                                  const char          *object_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);

  if (object_id == NULL)
    return FALSE;
  key = g_ascii_strup (object_id, -1);
  return g_hash_table_contains (self->missing, key);
}

void
ferry_migration_draft_clear_missing (FerryMigrationDraft *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  g_hash_table_remove_all (self->missing);
  update_blocked_reason (self);
}

gboolean
ferry_migration_draft_contains (FerryMigrationDraft *self,
                                const char          *object_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->content)); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      if (g_ascii_strcasecmp (ferry_content_item_get_object_id (item), object_id) == 0)
        return TRUE;
    }
  return FALSE;
}

const char *
ferry_migration_draft_get_blocked_reason (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);

  /* Environments may have changed state without telling (e.g. before the
   * draft watched them): the reason is always the current one. */
  update_blocked_reason (self);
  return self->blocked_reason;
}

char *
ferry_migration_draft_dup_definition_reason (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  return compute_definition_reason (self);
}

/* "Merge MicroStrategy Tutorial: Development → Production, 22 Nov 2026" */
char *
ferry_migration_draft_make_auto_name (FerryMigrationDraft *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the date in a new migration's name, "22 Nov 2026"; see g_date_time_format() */
  g_autofree char *date = g_date_time_format (now, _("%-d %b %Y"));
  const char *from, *to;
  guint n;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);

  from = environment_name (self->source);
  to = environment_name (self->target);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->content));
  if (ferry_migration_draft_get_project_merge (self))
    /* Translators: project, source environment, target environment, date */
    return g_strdup_printf (_("Merge %s: %s → %s, %s"),
                            self->source_project_name ? self->source_project_name : _("project"),
                            from, to, date);
  if (n == 1)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), 0);
      const char *name = ferry_content_item_get_name (item);

      /* Translators: object, source environment, target environment, date */
      return g_strdup_printf (_("Migrate %s: %s → %s, %s"),
                              name ? name : ferry_content_item_get_object_id (item), from, to, date);
    }
  if (n > 1)
    /* Translators: number of objects, source environment, target environment, date */
    return g_strdup_printf (ngettext ("Migrate %u object: %s → %s, %s",
                                      "Migrate %u objects: %s → %s, %s", n),
                            n, from, to, date);
  return g_strdup_printf (_("Migrate objects: %s → %s, %s"), from, to, date);
}

/* ------------------------------------------------------------------------ */
/* Modified                                                                   */
/* ------------------------------------------------------------------------ */

static void
add_endpoint (JsonBuilder      *builder,
              const char       *member,
              FerryEnvironment *environment,
              const char       *project_id)
{
  const char *name = environment ? ferry_environment_get_name (environment) : NULL;
  const char *url = environment ? ferry_environment_get_base_url (environment) : NULL;

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, name ? name : "");
  json_builder_add_string_value (builder, url ? url : "");
  json_builder_add_string_value (builder, project_id ? project_id : "");
  json_builder_end_array (builder);
}

/* What the user can set, as a string: the kind, type, name (unless it is
 * the automatic one), source, target, settings, undo and the objects with
 * their actions (not their names and folders, which are read later). */
static char *
dup_fingerprint (FerryMigrationDraft *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) settings = ferry_toc_settings_to_json (self->settings);
  g_autofree char *auto_name = ferry_migration_draft_make_auto_name (self);
  const char *name = self->name ? self->name : "";
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "merge");
  json_builder_add_boolean_value (builder, ferry_migration_draft_get_project_merge (self));
  json_builder_set_member_name (builder, "type");
  json_builder_add_int_value (builder, ferry_migration_draft_get_package_type (self));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, g_strcmp0 (name, auto_name) == 0 ? "" : name);
  add_endpoint (builder, "source", self->source, self->source_project_id);
  add_endpoint (builder, "target", self->target, self->target_project_id);
  json_builder_set_member_name (builder, "undo");
  json_builder_add_boolean_value (builder, self->generate_undo);
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, g_steal_pointer (&settings));
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      json_builder_add_string_value (builder, ferry_content_item_get_object_id (item));
      json_builder_add_int_value (builder, ferry_content_item_get_action (item));
      json_builder_add_boolean_value (builder, ferry_content_item_get_include_dependents (item));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
update_modified (FerryMigrationDraft *self)
{
  g_autofree char *now = NULL;
  gboolean modified;

  if (self->loading_plan || self->settings == NULL)
    return;
  now = dup_fingerprint (self);
  modified = self->baseline != NULL && g_strcmp0 (now, self->baseline) != 0;
  if (modified == self->modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static gboolean
settle_cb (gpointer user_data)
{
  FerryMigrationDraft *self = user_data;

  self->settle_id = 0;
  ferry_migration_draft_mark_unmodified (self);
  return G_SOURCE_REMOVE;
}

/* The target's projects listed: the project picked for the user right after
 * (same id or name as the source's) is not a change of theirs when nothing
 * was changed before the listing began. */
static void
settle_projects_loading (FerryMigrationDraft *self)
{
  if (self->projects_loading)
    {
      self->clean_at_loading = !self->modified;
      return;
    }
  if (self->clean_at_loading && self->settle_id == 0)
    self->settle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, settle_cb, self, NULL);
  self->clean_at_loading = FALSE;
}

/**
 * ferry_migration_draft_mark_unmodified:
 *
 * Takes what the draft holds now as the state it was opened in: "modified"
 * becomes FALSE, and TRUE again as soon as the user sets anything (kind,
 * type, name other than the automatic one, source, target, settings, undo,
 * objects and their actions).
 */
void
ferry_migration_draft_mark_unmodified (FerryMigrationDraft *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));

  g_free (self->baseline);
  self->baseline = dup_fingerprint (self);
  update_modified (self);
}

gboolean
ferry_migration_draft_get_modified (FerryMigrationDraft *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  return self->modified;
}

/* ------------------------------------------------------------------------ */
/* Spec, package, plan                                                        */
/* ------------------------------------------------------------------------ */

gboolean
ferry_migration_draft_to_spec (FerryMigrationDraft *self,
                               FerryMigrationSpec  *spec,
                               GError             **error)
{
  const char *reason;
  gboolean merge;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  reason = ferry_migration_draft_get_blocked_reason (self);
  if (reason != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, reason);
      return FALSE;
    }

  merge = ferry_migration_draft_get_project_merge (self);
  g_free (self->spec_source_id);
  g_free (self->spec_target_id);
  g_clear_pointer (&self->spec_settings, json_node_unref);
  g_clear_pointer (&self->spec_content, json_node_unref);
  self->spec_source_id = ferry_connection_dup_environment_id (connection_of (self->source));
  self->spec_target_id = ferry_connection_dup_environment_id (connection_of (self->target));
  self->spec_settings = ferry_toc_settings_to_json (self->settings);
  if (!merge)
    self->spec_content = content_to_json (self);

  memset (spec, 0, sizeof *spec);
  spec->purpose = merge ? FERRY_MIGRATION_PURPOSE_PROJECT_MERGE : FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  spec->package_type = ferry_package_type_to_string (ferry_migration_draft_get_package_type (self));
  spec->name = self->name;
  spec->source_environment_id = self->spec_source_id;
  spec->source_environment_name = environment_name (self->source);
  spec->source_project_id = ferry_migration_draft_get_package_source_project (self);
  spec->source_project_name = spec->source_project_id ? self->source_project_name : NULL;
  spec->target_environment_id = self->spec_target_id;
  spec->target_environment_name = environment_name (self->target);
  spec->target_project_id = ferry_migration_draft_get_package_target_project (self);
  spec->target_project_name = spec->target_project_id ? self->target_project_name : NULL;
  spec->settings = self->spec_settings;
  spec->content = self->spec_content;
  return TRUE;
}

JsonNode *
ferry_migration_draft_dup_package_definition (FerryMigrationDraft *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, ferry_package_type_to_string (ferry_migration_draft_get_package_type (self)));
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, ferry_toc_settings_to_json (self->settings));
  json_builder_set_member_name (b, "content");
  json_builder_add_value (b, content_to_json (self));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

FerryPlan *
ferry_migration_draft_to_plan (FerryMigrationDraft *self)
{
  FerryPlan *plan;
  gboolean config, merge;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);

  config = ferry_migration_draft_get_package_type (self) == FERRY_PACKAGE_TYPE_CONFIGURATION;
  merge = ferry_migration_draft_get_project_merge (self);
  plan = ferry_plan_new ();
  plan->name = g_strdup (self->name ? self->name : "");
  plan->purpose = merge ? FERRY_MIGRATION_PURPOSE_PROJECT_MERGE : FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  plan->package_type = ferry_migration_draft_get_package_type (self);
  ferry_plan_set_endpoint (&plan->source, environment_name (self->source),
                           self->source ? ferry_environment_get_base_url (self->source) : NULL,
                           config ? NULL : self->source_project_id,
                           config ? NULL : self->source_project_name);
  ferry_plan_set_endpoint (&plan->target, environment_name (self->target),
                           self->target ? ferry_environment_get_base_url (self->target) : NULL,
                           config ? NULL : self->target_project_id,
                           config ? NULL : self->target_project_name);
  plan->settings = ferry_toc_settings_to_json (self->settings);
  if (!merge)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->content)); i++)
      {
        g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

        g_ptr_array_add (plan->content, ferry_content_item_copy (item));
      }
  return plan;
}

static gboolean
same_url (const char *a,
          const char *b)
{
  g_autofree char *ca = ferry_plan_clean_url (a);
  g_autofree char *cb = ferry_plan_clean_url (b);

  return ca != NULL && cb != NULL && g_ascii_strcasecmp (ca, cb) == 0;
}

/* How well ENVIRONMENT is the plan's: 3 same URL and name, 2 same URL,
 * 1 same name only, 0 another environment. */
static int
environment_matches (FerryEnvironment        *environment,
                     const FerryPlanEndpoint *endpoint)
{
  int score = 0;

  if (environment == NULL)
    return 0;
  if (same_url (ferry_environment_get_base_url (environment), endpoint->environment_url))
    score += 2;
  if (endpoint->environment_name != NULL &&
      g_strcmp0 (ferry_environment_get_name (environment), endpoint->environment_name) == 0)
    score += 1;
  return score;
}

static const char *
endpoint_text (const FerryPlanEndpoint *endpoint)
{
  return endpoint->environment_name ? endpoint->environment_name
                                    : endpoint->environment_url ? endpoint->environment_url : _("an unknown environment");
}

void
ferry_migration_draft_load_plan (FerryMigrationDraft *self,
                                 const FerryPlan     *plan,
                                 GListModel          *environments,
                                 char               **notice)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  FerryEnvironment *target = NULL;
  int best;
  gboolean config;

  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (self));
  g_return_if_fail (plan != NULL);
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  best = environment_matches (self->target, &plan->target);
  self->loading_plan = TRUE;
  g_object_freeze_notify (G_OBJECT (self));

  /* Kind and type first: the settings are read for them. */
  ferry_toc_settings_set_package_type (self->settings, plan->package_type);
  ferry_toc_settings_set_project_merge (self->settings, plan->purpose == FERRY_MIGRATION_PURPOSE_PROJECT_MERGE);
  if (plan->settings != NULL)
    ferry_toc_settings_load_json (self->settings, json_node_get_object (plan->settings), &error);
  else
    {
      g_autoptr(FerryTocSettings) defaults = ferry_toc_settings_new (plan->package_type);
      g_autoptr(JsonNode) node = ferry_toc_settings_to_json (defaults);

      ferry_toc_settings_load_json (self->settings, json_node_get_object (node), &error);
    }
  if (error != NULL)
    g_string_append_printf (text, _("The plan’s settings could not be read: %s. "), error->message);

  g_list_store_remove_all (self->content);
  g_hash_table_remove_all (self->missing);
  for (guint i = 0; plan->content != NULL && i < plan->content->len; i++)
    {
      g_autoptr(FerryContentItem) copy = ferry_content_item_copy (g_ptr_array_index (plan->content, i));

      g_list_store_append (self->content, copy);
    }

  if (plan->name != NULL && *plan->name != '\0')
    ferry_migration_draft_set_name (self, plan->name);

  /* The source: objects are found by id; the project follows the plan's
   * when the environment is the same. */
  config = plan->package_type == FERRY_PACKAGE_TYPE_CONFIGURATION;
  if (environment_matches (self->source, &plan->source) > 0)
    {
      if (!config && plan->source.project_id != NULL)
        ferry_migration_draft_set_source (self, self->source, plan->source.project_id, plan->source.project_name);
    }
  else
    g_string_append_printf (text, _("The plan was made with %s as the source; its objects are looked up by id in %s. "),
                            endpoint_text (&plan->source), environment_name (self->source));

  /* The target: the plan's when it is available, else the current one. */
  if (best > 0)
    target = self->target;
  for (guint i = 0; environments != NULL && i < g_list_model_get_n_items (environments); i++)
    {
      g_autoptr(FerryEnvironment) env = g_list_model_get_item (environments, i);
      int m = environment_matches (env, &plan->target);

      if (m > best)
        {
          best = m;
          target = env;
        }
    }

  if (target != NULL && connection_of (target) != NULL)
    {
      if (!config)
        ferry_migration_draft_set_target (self, target, plan->target.project_id, plan->target.project_name);
      else
        ferry_migration_draft_set_target (self, target, self->target_project_id, self->target_project_name);
    }
  else if (target != NULL)
    g_string_append_printf (text, _("The plan’s target %s is not connected: it opens against %s. Connect %s in the main window, or choose another target under “To”."),
                            environment_name (target), environment_name (self->target), environment_name (target));
  else
    g_string_append_printf (text, _("The plan was made for %s; it opens against %s. Choose another target under “To” if needed."),
                            endpoint_text (&plan->target), environment_name (self->target));

  self->loading_plan = FALSE;
  /* A plan loaded is what the draft holds from now on: a project listing
   * that began before (or while) it loaded must not take it for the
   * automatic project pick and call it unmodified. */
  self->clean_at_loading = FALSE;
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_object_thaw_notify (G_OBJECT (self));
  changed (self);

  if (notice != NULL)
    *notice = text->len > 0 ? g_strdup (text->str) : NULL;
}

gboolean
ferry_migration_draft_load_record (FerryMigrationDraft *self,
                                   JsonObject          *record,
                                   FerryEnvironment    *source,
                                   FerryEnvironment    *target,
                                   GError             **error)
{
  g_autoptr(FerryPlan) plan = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (source), FALSE);
  g_return_val_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target), FALSE);

  plan = ferry_plan_new_from_record (record, error);
  if (plan == NULL)
    return FALSE;

  /* The environments are the caller's: the plan's names only describe them. */
  ferry_migration_draft_set_source (self, source, plan->source.project_id, plan->source.project_name);
  ferry_migration_draft_set_target (self, target != NULL ? target : self->target,
                                    plan->target.project_id != NULL ? plan->target.project_id : self->target_project_id,
                                    plan->target.project_id != NULL ? plan->target.project_name : self->target_project_name);
  ferry_plan_set_endpoint (&plan->source, environment_name (self->source),
                           ferry_environment_get_base_url (self->source),
                           plan->source.project_id, plan->source.project_name);
  if (self->target != NULL)
    ferry_plan_set_endpoint (&plan->target, environment_name (self->target),
                             ferry_environment_get_base_url (self->target),
                             self->target_project_id, self->target_project_name);
  ferry_migration_draft_load_plan (self, plan, NULL, NULL);
  ferry_migration_draft_mark_unmodified (self);
  return TRUE;
}

JsonObject *
ferry_migration_draft_dup_edited_package_info (FerryMigrationDraft *self,
                                               JsonObject          *record)
{
  JsonObject *package, *original, *toc;

  g_return_val_if_fail (FERRY_IS_MIGRATION_DRAFT (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  original = ferry_json_get_object (record, "packageInfo");
  package = original != NULL ? ferry_json_object_copy_deep (original) : json_object_new ();
  toc = ferry_json_get_object (package, "tocView");
  if (toc == NULL)
    {
      toc = json_object_new ();
      json_object_set_object_member (package, "tocView", toc);
    }

  json_object_set_string_member (package, "name", self->name != NULL ? self->name : "");
  json_object_set_member (toc, "settings", ferry_toc_settings_to_json (self->settings));
  if (!ferry_migration_draft_get_project_merge (self))
    json_object_set_member (toc, "content", content_to_json (self));
  return package;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_draft_dispose (GObject *object)
{
  FerryMigrationDraft *self = FERRY_MIGRATION_DRAFT (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  watch_environment (self, &self->source, NULL);
  watch_environment (self, &self->target, NULL);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->content != NULL)
    g_signal_handlers_disconnect_by_data (self->content, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->content);

  G_OBJECT_CLASS (ferry_migration_draft_parent_class)->dispose (object);
}

static void
ferry_migration_draft_finalize (GObject *object)
{
  FerryMigrationDraft *self = FERRY_MIGRATION_DRAFT (object);

  g_clear_pointer (&self->missing, g_hash_table_unref);
  g_free (self->name);
  g_free (self->source_project_id);
  g_free (self->source_project_name);
  g_free (self->target_project_id);
  g_free (self->target_project_name);
  g_free (self->blocked_reason);
  g_free (self->baseline);
  g_free (self->spec_source_id);
  g_free (self->spec_target_id);
  g_clear_pointer (&self->spec_settings, json_node_unref);
  g_clear_pointer (&self->spec_content, json_node_unref);

  G_OBJECT_CLASS (ferry_migration_draft_parent_class)->finalize (object);
}

static void
ferry_migration_draft_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMigrationDraft *self = FERRY_MIGRATION_DRAFT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PROJECT_MERGE:
      g_value_set_boolean (value, ferry_migration_draft_get_project_merge (self));
      break;
    case PROP_PACKAGE_TYPE:
      g_value_set_enum (value, ferry_migration_draft_get_package_type (self));
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_SOURCE_PROJECT_ID:
      g_value_set_string (value, self->source_project_id);
      break;
    case PROP_SOURCE_PROJECT_NAME:
      g_value_set_string (value, self->source_project_name);
      break;
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_TARGET_PROJECT_ID:
      g_value_set_string (value, self->target_project_id);
      break;
    case PROP_TARGET_PROJECT_NAME:
      g_value_set_string (value, self->target_project_name);
      break;
    case PROP_GENERATE_UNDO:
      g_value_set_boolean (value, self->generate_undo);
      break;
    case PROP_RESOLVING:
      g_value_set_boolean (value, self->resolving);
      break;
    case PROP_PROJECTS_LOADING:
      g_value_set_boolean (value, self->projects_loading);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CONTENT:
      g_value_set_object (value, self->content);
      break;
    case PROP_BLOCKED_REASON:
      g_value_set_string (value, ferry_migration_draft_get_blocked_reason (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_draft_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FerryMigrationDraft *self = FERRY_MIGRATION_DRAFT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ferry_migration_draft_set_name (self, g_value_get_string (value));
      break;
    case PROP_PROJECT_MERGE:
      ferry_migration_draft_set_project_merge (self, g_value_get_boolean (value));
      break;
    case PROP_PACKAGE_TYPE:
      ferry_migration_draft_set_package_type (self, g_value_get_enum (value));
      break;
    case PROP_SOURCE:
      ferry_migration_draft_set_source (self, g_value_get_object (value), self->source_project_id,
                                        self->source_project_name);
      break;
    case PROP_SOURCE_PROJECT_ID:
      ferry_migration_draft_set_source (self, self->source, g_value_get_string (value), self->source_project_name);
      break;
    case PROP_SOURCE_PROJECT_NAME:
      ferry_migration_draft_set_source (self, self->source, self->source_project_id, g_value_get_string (value));
      break;
    case PROP_TARGET:
      ferry_migration_draft_set_target (self, g_value_get_object (value), self->target_project_id,
                                        self->target_project_name);
      break;
    case PROP_TARGET_PROJECT_ID:
      ferry_migration_draft_set_target (self, self->target, g_value_get_string (value), self->target_project_name);
      break;
    case PROP_TARGET_PROJECT_NAME:
      ferry_migration_draft_set_target (self, self->target, self->target_project_id, g_value_get_string (value));
      break;
    case PROP_GENERATE_UNDO:
      ferry_migration_draft_set_generate_undo (self, g_value_get_boolean (value));
      break;
    case PROP_RESOLVING:
      ferry_migration_draft_set_resolving (self, g_value_get_boolean (value));
      break;
    case PROP_PROJECTS_LOADING:
      ferry_migration_draft_set_projects_loading (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_draft_class_init (FerryMigrationDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_migration_draft_dispose;
  object_class->finalize = ferry_migration_draft_finalize;
  object_class->get_property = ferry_migration_draft_get_property;
  object_class->set_property = ferry_migration_draft_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_PROJECT_MERGE] = g_param_spec_boolean ("project-merge", NULL, NULL, FALSE, rw);
  properties[PROP_PACKAGE_TYPE] =
    g_param_spec_enum ("package-type", NULL, NULL, FERRY_TYPE_PACKAGE_TYPE, FERRY_PACKAGE_TYPE_PROJECT, rw);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, FERRY_TYPE_ENVIRONMENT, rw);
  properties[PROP_SOURCE_PROJECT_ID] = g_param_spec_string ("source-project-id", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE_PROJECT_NAME] = g_param_spec_string ("source-project-name", NULL, NULL, NULL, rw);
  properties[PROP_TARGET] = g_param_spec_object ("target", NULL, NULL, FERRY_TYPE_ENVIRONMENT, rw);
  properties[PROP_TARGET_PROJECT_ID] = g_param_spec_string ("target-project-id", NULL, NULL, NULL, rw);
  properties[PROP_TARGET_PROJECT_NAME] = g_param_spec_string ("target-project-name", NULL, NULL, NULL, rw);
  properties[PROP_GENERATE_UNDO] = g_param_spec_boolean ("generate-undo", NULL, NULL, TRUE, rw);
  properties[PROP_RESOLVING] = g_param_spec_boolean ("resolving", NULL, NULL, FALSE, rw);
  properties[PROP_PROJECTS_LOADING] = g_param_spec_boolean ("projects-loading", NULL, NULL, FALSE, rw);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, FERRY_TYPE_TOC_SETTINGS, ro);
  properties[PROP_CONTENT] = g_param_spec_object ("content", NULL, NULL, G_TYPE_LIST_STORE, ro);
  properties[PROP_BLOCKED_REASON] = g_param_spec_string ("blocked-reason", NULL, NULL, NULL, ro);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryMigrationDraft::changed:
   *
   * Anything a preview or a run depends on changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
settings_changed_cb (FerryMigrationDraft *self)
{
  changed (self);
}

static void
ferry_migration_draft_init (FerryMigrationDraft *self)
{
  self->generate_undo = TRUE;
  self->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->content = g_list_store_new (FERRY_TYPE_CONTENT_ITEM);
  self->settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  /* A new migration brings over what is newer: use_newer replaces what was
   * changed later in the source and keeps what the target changed since
   * (the servers' own default, use_existing, would update nothing that
   * both sides have). A plan or a package read in brings its own. */
  ferry_toc_settings_set_default_action (self->settings, FERRY_MIGRATION_DRAFT_DEFAULT_ACTION);

  g_signal_connect_swapped (self->settings, "notify::package-type", G_CALLBACK (package_type_changed_cb), self);
  g_signal_connect_swapped (self->settings, "notify::project-merge", G_CALLBACK (project_merge_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->content, "items-changed", G_CALLBACK (content_items_changed_cb), self);
  self->blocked_reason = compute_blocked_reason (self);
}
