/* ferry-migration-editor-what.c: page 1, what migrates where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include <string.h>

#include "ferry-migration-editor-private.h"

/* ------------------------------------------------------------------------ */
/* Page 1: what                                                               */
/* ------------------------------------------------------------------------ */

void
_ferry_migration_editor_update_what_page (FerryMigrationEditor *self)
{
  FerryPackageType type = package_type (self);
  gboolean merge = is_merge (self);
  g_autofree char *source_text = NULL;

  if (type == FERRY_PACKAGE_TYPE_CONFIGURATION)
    /* Translators: an environment and its configuration (users, groups…) */
    source_text = g_strdup_printf (_("%s · configuration"), environment_name (source_env (self)));
  else
    source_text = g_strdup_printf ("%s · %s", environment_name (source_env (self)),
                                   source_project_name (self) ? source_project_name (self)
                                   : source_project_id (self) ? source_project_id (self) : _("no project"));
  adw_action_row_set_subtitle (self->source_row, source_text);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                               merge ? _("Every object of the source project")
                                     : _("The objects listed below, each with its action, and what they use"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), !merge);
  if (merge)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row), _("A project merge always uses a project package"));
  else if (type == FERRY_PACKAGE_TYPE_PROJECT)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                                 _("Project objects: reports, metrics, attributes, folders…"));
  else if (type == FERRY_PACKAGE_TYPE_CONFIGURATION)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                                 _("Users, groups and other configuration objects; no project"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                                 _("The project’s security links of users and groups: only users and groups"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->target_project_row), type != FERRY_PACKAGE_TYPE_CONFIGURATION);
  if (type == FERRY_PACKAGE_TYPE_CONFIGURATION)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->target_project_row),
                                 _("Configuration packages go to the target’s configuration, not to a project"));
  else if (self->projects_error != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->target_project_row), self->projects_error);
  else if (ferry_migration_draft_get_projects_loading (self->draft))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->target_project_row), _("Listing projects…"));
  else if (connection_of (target_env (self)) == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->target_project_row), _("Not connected"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->target_project_row), NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->content_group), !merge);
  gtk_widget_set_visible (GTK_WIDGET (self->merge_group), merge);
  if (merge)
    {
      g_autofree char *text = g_strdup_printf (_("Every object of %s in %s is merged into %s in %s, by the rules of the next page."),
                                               source_project_name (self) ? source_project_name (self) : _("the project"),
                                               environment_name (source_env (self)),
                                               target_project_name (self) ? target_project_name (self) : _("the chosen project"),
                                               environment_name (target_env (self)));

      gtk_label_set_label (self->merge_label, text);
    }

  ferry_migration_content_list_update (self->content_group);

  ferry_settings_editor_set_source (self->settings_editor, connection_of (source_env (self)), source_project_id (self));
}

/* Rows show the package type's verdict: bind them again. */
void
_ferry_migration_editor_content_refresh_rows (FerryMigrationEditor *self)
{
  ferry_migration_content_list_refresh_rows (self->content_group);
}

/* The objects whose own action is keep_both: undo will not be possible. */
void
_ferry_migration_editor_update_content_keep_both (FerryMigrationEditor *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

  for (guint i = 0; i < n && !is_merge (self); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      if (ferry_conflict_action_blocks_undo (ferry_content_item_get_action (item)))
        g_ptr_array_add (names, (gpointer) (ferry_content_item_get_name (item)
                                            ? ferry_content_item_get_name (item)
                                            : ferry_content_item_get_object_id (item)));
    }
  if (names->len == 1)
    /* Translators: an object's name */
    text = g_strdup_printf (_("the action of “%s”"), (char *) g_ptr_array_index (names, 0));
  else if (names->len > 1)
    text = g_strdup_printf (ngettext ("the action of %u object", "the actions of %u objects", names->len),
                            names->len);
  ferry_settings_editor_set_content_keep_both (self->settings_editor, text);

  if (text != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Undo will not be available for this migration: “Keep both” is %s."), text);

      ferry_migration_content_list_set_undo_note (self->content_group, note);
    }
  else
    ferry_migration_content_list_set_undo_note (self->content_group, NULL);
}

static void
content_item_notify_cb (FerryMigrationEditor *self)
{
  _ferry_migration_editor_update_content_keep_both (self);
  _ferry_migration_editor_definition_changed (self);
}

void
_ferry_migration_editor_content_items_changed_cb (GListModel           *model,
                                                  guint                 position,
                                                  guint                 removed,
                                                  guint                 added,
                                                  FerryMigrationEditor *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (model, i);

      if (g_object_get_data (G_OBJECT (item), "ferry-editor-watched") == NULL)
        {
          g_object_set_data (G_OBJECT (item), "ferry-editor-watched", GINT_TO_POINTER (1));
          g_signal_connect_object (item, "notify::action", G_CALLBACK (content_item_notify_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (item, "notify::include-dependents", G_CALLBACK (content_item_notify_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  if (self->loading_plan)
    return;
  _ferry_migration_editor_update_content_keep_both (self);
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

static gboolean
content_contains (FerryMigrationEditor *self,
                  const char           *id)
{
  return ferry_migration_draft_contains (self->draft, id);
}

/* --- Reading the selected objects --------------------------------------------------- */

/* Objects of the source by id alone (replace, with dependents), read from
 * the source afterwards (resolve_selected()); ids there already are left
 * as they are. Returns how many were added. */
guint
_ferry_migration_editor_append_objects (FerryMigrationEditor *self,
                                        const char * const   *object_ids)
{
  guint added = 0;

  for (guint i = 0; object_ids != NULL && object_ids[i] != NULL; i++)
    {
      g_autoptr(FerryContentItem) item = NULL;

      if (content_contains (self, object_ids[i]))
        continue;
      item = ferry_content_item_new (object_ids[i], object_ids[i], 0, 0, NULL,
                                     FERRY_CONFLICT_ACTION_REPLACE, TRUE);
      g_list_store_append (self->content, item);
      added++;
    }
  return added;
}

/* Names, types and folders of the content's objects from INVENTORY (the
 * source project's); with NOTE_MISSING, the objects it lacks are noted as
 * not in the source. Returns whether any item changed. */
gboolean
_ferry_migration_editor_describe_from (FerryMigrationEditor *self,
                                       FerryInventory       *inventory,
                                       gboolean              note_missing)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));
  gboolean changed = FALSE;

  self->loading_plan = TRUE;   /* one update at the end */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);
      const FerryInventoryItem *found = ferry_inventory_find (inventory, ferry_content_item_get_object_id (item));
      g_autoptr(FerryContentItem) resolved = NULL;

      if (found == NULL)
        {
          if (note_missing)
            ferry_migration_draft_set_missing (self->draft, ferry_content_item_get_object_id (item), TRUE);
          continue;
        }
      resolved = ferry_content_item_new (found->id, found->name, found->type, found->subtype, found->path,
                                         ferry_content_item_get_action (item),
                                         ferry_content_item_get_include_dependents (item));
      g_list_store_splice (self->content, i, 1, (gpointer *) &resolved, 1);
      changed = TRUE;
    }
  self->loading_plan = FALSE;
  return changed;
}

typedef struct
{
  FerryMigrationEditor  *self;
  GCancellable          *cancellable;
} Resolve;

static void
resolve_free (Resolve *r)
{
  g_clear_object (&r->cancellable);
  g_free (r);
}

static void
resolve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Resolve *r = user_data;
  FerryMigrationEditor *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) inventory = NULL;

  inventory = ferry_inventory_load_finish (result, NULL, &error);
  if (g_cancellable_is_cancelled (r->cancellable))
    {
      resolve_free (r);
      return;
    }
  if (inventory == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the selected objects: %s"), error->message);

      ferry_migration_draft_set_resolving (self->draft, FALSE);
      _ferry_migration_editor_toast (self, message);
      _ferry_migration_editor_update_what_page (self);
      _ferry_migration_editor_update_actions (self);
      resolve_free (r);
      return;
    }

  _ferry_migration_editor_describe_from (self, inventory, TRUE);
  ferry_migration_draft_set_resolving (self->draft, FALSE);

  _ferry_migration_editor_update_auto_name (self);
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
  resolve_free (r);
}

static gboolean content_unresolved (FerryMigrationEditor *self);
static void     resolve_selected   (FerryMigrationEditor *self);

static gboolean
resolve_idle_cb (gpointer user_data)
{
  FerryMigrationEditor *self = user_data;

  self->resolve_id = 0;
  if (!ferry_migration_draft_get_resolving (self->draft) && content_unresolved (self))
    resolve_selected (self);
  return G_SOURCE_REMOVE;
}

/* The objects known by id alone are read from the source soon (reading
 * means listing the whole project): after the caller has had the chance
 * to tell what it knows of them (ferry_migration_editor_describe_objects()). */
void
_ferry_migration_editor_queue_resolve (FerryMigrationEditor *self)
{
  if (self->resolve_id == 0)
    self->resolve_id = g_idle_add (resolve_idle_cb, self);
}

static void
resolve_selected (FerryMigrationEditor *self)
{
  FerryConnection *connection = connection_of (source_env (self));
  Resolve *r;

  if (connection == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->content)) == 0)
    return;

  r = g_new0 (Resolve, 1);
  r->self = self;
  r->cancellable = g_object_ref (self->cancellable);
  ferry_migration_draft_set_resolving (self->draft, TRUE);
  ferry_inventory_load_async (connection, source_project_id (self), NULL, NULL, NULL,
                              self->cancellable, resolve_done_cb, r);
}

/* --- Target and projects --------------------------------------------------------------- */

static void
select_target_in_row (FerryMigrationEditor *self)
{
  guint n = self->environments ? g_list_model_get_n_items (self->environments) : 0;

  self->syncing = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) env = g_list_model_get_item (self->environments, i);

      if (env == target_env (self))
        {
          adw_combo_row_set_selected (self->target_row, i);
          break;
        }
    }
  self->syncing = FALSE;
}

static void
select_project_in_row (FerryMigrationEditor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));
  guint pick = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && pick == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (g_strcmp0 (ferry_project_get_id (project), target_project_id (self)) == 0)
        pick = i;
    }

  self->syncing = TRUE;
  adw_combo_row_set_selected (self->target_project_row, pick);
  self->syncing = FALSE;
}

static void
projects_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;

  projects = ferry_discovery_list_projects_finish (FERRY_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->view_stack == NULL)
    return;

  ferry_migration_draft_set_projects_loading (self->draft, FALSE);
  if (projects == NULL)
    {
      self->projects_error = g_strdup_printf (_("Could not list the projects: %s"), error->message);
    }
  else
    {
      const char *wanted = target_project_id (self);
      gboolean found = FALSE;

      g_list_store_splice (self->projects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->projects)),
                           projects->pdata, projects->len);
      for (guint i = 0; i < projects->len && wanted != NULL; i++)
        found |= g_strcmp0 (ferry_project_get_id (g_ptr_array_index (projects, i)), wanted) == 0;
      if (!found)
        {
          /* The same project as the source's (same id, else same name). */
          FerryProject *pick = NULL;

          for (guint i = 0; i < projects->len && pick == NULL; i++)
            if (g_strcmp0 (ferry_project_get_id (g_ptr_array_index (projects, i)), source_project_id (self)) == 0)
              pick = g_ptr_array_index (projects, i);
          for (guint i = 0; i < projects->len && pick == NULL; i++)
            if (g_strcmp0 (ferry_project_get_name (g_ptr_array_index (projects, i)), source_project_name (self)) == 0)
              pick = g_ptr_array_index (projects, i);
          ferry_migration_draft_set_target (self->draft, target_env (self),
                                            pick ? ferry_project_get_id (pick) : NULL,
                                            pick ? ferry_project_get_name (pick) : NULL);
        }
      select_project_in_row (self);
    }

  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

static void
list_projects (FerryMigrationEditor *self)
{
  FerryConnection *connection = connection_of (target_env (self));

  g_cancellable_cancel (self->projects_cancellable);
  g_clear_object (&self->projects_cancellable);
  g_clear_pointer (&self->projects_error, g_free);
  g_list_store_remove_all (self->projects);
  ferry_migration_draft_set_projects_loading (self->draft, FALSE);

  if (connection == NULL)
    return;

  self->projects_cancellable = g_cancellable_new ();
  ferry_migration_draft_set_projects_loading (self->draft, TRUE);
  ferry_discovery_list_projects_async (connection, self->projects_cancellable, projects_cb, g_object_ref (self));
}

static void
target_state_cb (FerryMigrationEditor *self)
{
  list_projects (self);
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

static gboolean
content_unresolved (FerryMigrationEditor *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->content)); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      if (ferry_content_item_get_object_type (item) == 0 &&
          g_strcmp0 (ferry_content_item_get_name (item), ferry_content_item_get_object_id (item)) == 0)
        return TRUE;
    }
  return FALSE;
}

void
_ferry_migration_editor_source_state_cb (FerryMigrationEditor *self)
{
  /* Objects selected while the source was not connected are read now. */
  if (connection_of (source_env (self)) != NULL && !ferry_migration_draft_get_resolving (self->draft) && content_unresolved (self))
    resolve_selected (self);
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

static gboolean
model_contains (GListModel *model,
                gpointer    wanted)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if ((gpointer) item == wanted)
        return TRUE;
    }
  return FALSE;
}

/* The editor lists the projects of the target when it connects. */
void
_ferry_migration_editor_watch_target (FerryMigrationEditor *self,
                                      FerryEnvironment     *old_target,
                                      FerryEnvironment     *new_target)
{
  if (old_target == new_target)
    return;
  if (old_target != NULL)
    g_signal_handlers_disconnect_by_func (old_target, target_state_cb, self);
  if (new_target != NULL)
    g_signal_connect_object (new_target, "notify::state", G_CALLBACK (target_state_cb), self, G_CONNECT_SWAPPED);
}

void
ferry_migration_editor_set_target (FerryMigrationEditor *self,
                                   FerryEnvironment     *target,
                                   const char           *project_id,
                                   const char           *project_name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target));

  _ferry_migration_editor_watch_target (self, target_env (self), target);
  ferry_migration_draft_set_target (self->draft, target, project_id, project_name);

  /* Every environment the row offers, the target among them. */
  if (self->environments == NULL || (target != NULL && !model_contains (self->environments, target)))
    {
      GListStore *own = g_list_store_new (FERRY_TYPE_ENVIRONMENT);

      if (self->environments != NULL)
        for (guint i = 0; i < g_list_model_get_n_items (self->environments); i++)
          {
            g_autoptr(GObject) env = g_list_model_get_item (self->environments, i);

            g_list_store_append (own, env);
          }
      if (target != NULL)
        g_list_store_append (own, target);
      g_set_object (&self->environments, G_LIST_MODEL (own));
      g_object_unref (own);
      self->syncing = TRUE;
      adw_combo_row_set_model (self->target_row, self->environments);
      self->syncing = FALSE;
    }
  select_target_in_row (self);
  list_projects (self);
  _ferry_migration_editor_update_auto_name (self);
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

void
_ferry_migration_editor_target_row_selected_cb (FerryMigrationEditor *self)
{
  g_autoptr(FerryEnvironment) env = NULL;
  guint selected;

  if (self->syncing || self->environments == NULL)
    return;
  selected = adw_combo_row_get_selected (self->target_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  env = g_list_model_get_item (self->environments, selected);
  if (env == target_env (self))
    return;
  /* The same project (by id, else by name) is looked for in the new target. */
  ferry_migration_editor_set_target (self, env, target_project_id (self), target_project_name (self));
}

void
_ferry_migration_editor_target_project_row_selected_cb (FerryMigrationEditor *self)
{
  g_autoptr(FerryProject) project = NULL;
  guint selected;

  if (self->syncing)
    return;
  selected = adw_combo_row_get_selected (self->target_project_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  project = g_list_model_get_item (G_LIST_MODEL (self->projects), selected);
  if (project == NULL || g_strcmp0 (ferry_project_get_id (project), target_project_id (self)) == 0)
    return;
  ferry_migration_draft_set_target (self->draft, target_env (self),
                                    ferry_project_get_id (project), ferry_project_get_name (project));
  _ferry_migration_editor_update_what_page (self);
  _ferry_migration_editor_definition_changed (self);
}

void
ferry_migration_editor_set_environments (FerryMigrationEditor *self,
                                         GListModel           *environments)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  g_set_object (&self->environments, environments);
  self->syncing = TRUE;
  adw_combo_row_set_model (self->target_row, environments);
  self->syncing = FALSE;
  /* Re-adds the target when the list lacks it, and selects it. */
  ferry_migration_editor_set_target (self, target_env (self), target_project_id (self), target_project_name (self));
  _ferry_migration_editor_notify (self, PROP_ENVIRONMENTS);
}

/* --- Kind and package type ----------------------------------------------------------------- */

gboolean
_ferry_migration_editor_merge_to_selected (GBinding     *binding,
                                           const GValue *from,
                                           GValue       *to,
                                           gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_boolean (from) ? 1 : 0);
  return TRUE;
}

gboolean
_ferry_migration_editor_selected_to_merge (GBinding     *binding,
                                           const GValue *from,
                                           GValue       *to,
                                           gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_boolean (to, selected == 1);
  return TRUE;
}

/* The draft has cleared the settings that stop applying. */
void
_ferry_migration_editor_package_type_changed_cb (FerryMigrationEditor *self)
{
  _ferry_migration_editor_content_refresh_rows (self);
  _ferry_migration_editor_update_what_page (self);
}

void
_ferry_migration_editor_project_merge_changed_cb (FerryMigrationEditor *self)
{
  /* (the draft makes a merge's package a project package) */
  _ferry_migration_editor_update_content_keep_both (self);
  _ferry_migration_editor_update_auto_name (self);
  _ferry_migration_editor_update_what_page (self);
}

void
_ferry_migration_editor_settings_changed_cb (FerryMigrationEditor *self)
{
  _ferry_migration_editor_definition_changed (self);
}

/* --- The name ---------------------------------------------------------------------------------- */

void
_ferry_migration_editor_name_changed_cb (FerryMigrationEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!self->syncing)
    self->name_edited = g_strcmp0 (text, self->auto_name) != 0;
  ferry_migration_draft_set_name (self->draft, text);
  _ferry_migration_editor_notify (self, PROP_NAME);
  _ferry_migration_editor_update_actions (self);
}
