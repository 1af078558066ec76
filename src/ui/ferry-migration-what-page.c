/* ferry-migration-what-page.c: page 1 of the migration editor, what migrates where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-what-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-content-list.h"
#include "ferry-migration-what-page.h"
#include "ferry-settings-editor.h"

struct _FerryMigrationWhatPage
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwEntryRow          *name_row;
  AdwActionRow         *source_row;
  AdwComboRow          *target_row;
  AdwComboRow          *target_project_row;
  AdwComboRow          *kind_row;
  AdwComboRow          *type_row;
  FerryMigrationContentList *content_group;
  AdwPreferencesGroup  *merge_group;
  GtkLabel             *merge_label;

  FerryMigrationDraft  *draft;
  FerryTocSettings     *settings;         /* the draft's */
  GListStore           *content;          /* the draft's: FerryContentItem */
  GListModel           *environments;     /* the target row's model */
  GListStore           *projects;         /* FerryProject of the target */
  char                 *projects_error;
  char                 *auto_name;
  char                 *content_keep_both;
  gboolean              name_edited;
  gboolean              loading;
  gboolean              syncing;
  char                 *fixed_reason;     /* source, target, kind fixed: why (an edit) */

  GCancellable         *cancellable;      /* the page's life */
  GCancellable         *projects_cancellable;
  guint                 resolve_id;       /* the selected objects are read from an idle */
};

G_DEFINE_FINAL_TYPE (FerryMigrationWhatPage, ferry_migration_what_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_ENVIRONMENTS,
  PROP_CONTENT_KEEP_BOTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DEFINITION_CHANGED,
  SIGNAL_NAME_CHANGED,
  SIGNAL_RESOLVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kind_labels[] = { N_("Object migration"), N_("Project merge"), NULL };
static const char * const type_labels[] = { N_("Project"), N_("Configuration"), N_("Project security"), NULL };

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

static FerryEnvironment *
source_env (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_source (self->draft);
}

static FerryEnvironment *
target_env (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_target (self->draft);
}

static const char *
source_project_id (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_source_project_id (self->draft);
}

static const char *
source_project_name (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_source_project_name (self->draft);
}

static const char *
target_project_id (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_target_project_id (self->draft);
}

static const char *
target_project_name (FerryMigrationWhatPage *self)
{
  return ferry_migration_draft_get_target_project_name (self->draft);
}

static gboolean
is_merge (FerryMigrationWhatPage *self)
{
  return ferry_toc_settings_get_project_merge (self->settings);
}

static void
definition_changed (FerryMigrationWhatPage *self)
{
  g_signal_emit (self, signals[SIGNAL_DEFINITION_CHANGED], 0);
}

/* ------------------------------------------------------------------------ */
/* The rows                                                                   */
/* ------------------------------------------------------------------------ */

void
ferry_migration_what_page_update (FerryMigrationWhatPage *self)
{
  FerryPackageType type;
  gboolean merge;
  g_autofree char *source_text = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  if (self->draft == NULL)
    return;

  type = ferry_toc_settings_get_package_type (self->settings);
  merge = is_merge (self);
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

  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), !merge && self->fixed_reason == NULL);
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

  gtk_widget_set_sensitive (GTK_WIDGET (self->target_project_row),
                            type != FERRY_PACKAGE_TYPE_CONFIGURATION && self->fixed_reason == NULL);
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
}

/* The objects whose own action is keep_both: undo will not be possible. */
static void
update_content_keep_both (FerryMigrationWhatPage *self)
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
  if (g_strcmp0 (text, self->content_keep_both) != 0)
    {
      g_free (self->content_keep_both);
      self->content_keep_both = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_KEEP_BOTH]);
    }

  if (text != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Undo will not be available for this migration: “Keep both” is %s."), text);

      ferry_migration_content_list_set_undo_note (self->content_group, note);
    }
  else
    ferry_migration_content_list_set_undo_note (self->content_group, NULL);
}

const char *
ferry_migration_what_page_get_content_keep_both (FerryMigrationWhatPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), NULL);
  return self->content_keep_both;
}

static void
content_item_notify_cb (FerryMigrationWhatPage *self)
{
  update_content_keep_both (self);
  definition_changed (self);
}

static void
content_items_changed_cb (GListModel             *model,
                          guint                   position,
                          guint                   removed,
                          guint                   added,
                          FerryMigrationWhatPage *self)
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
  if (self->loading)
    return;
  update_content_keep_both (self);
  ferry_migration_what_page_update (self);
  definition_changed (self);
}

void
ferry_migration_what_page_set_loading (FerryMigrationWhatPage *self,
                                       gboolean                loading)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  self->loading = loading;
}

gboolean
ferry_migration_what_page_get_loading (FerryMigrationWhatPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), FALSE);
  return self->loading;
}

/* ------------------------------------------------------------------------ */
/* Reading the selected objects                                               */
/* ------------------------------------------------------------------------ */

/* Objects of the source by id alone (replace, with dependents), read from
 * the source afterwards (resolve_selected()); ids there already are left
 * as they are. Returns how many were added. */
guint
ferry_migration_what_page_append_objects (FerryMigrationWhatPage *self,
                                          const char * const     *object_ids)
{
  guint added = 0;

  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), 0);

  for (guint i = 0; object_ids != NULL && object_ids[i] != NULL; i++)
    {
      g_autoptr(FerryContentItem) item = NULL;

      if (ferry_migration_draft_contains (self->draft, object_ids[i]))
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
ferry_migration_what_page_describe_from (FerryMigrationWhatPage *self,
                                         FerryInventory         *inventory,
                                         gboolean                note_missing)
{
  guint n;
  gboolean changed = FALSE;

  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->content));
  self->loading = TRUE;   /* one update at the end */
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
  self->loading = FALSE;
  return changed;
}

typedef struct
{
  FerryMigrationWhatPage *self;
  GCancellable           *cancellable;
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
  FerryMigrationWhatPage *self = r->self;
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
      g_signal_emit (self, signals[SIGNAL_RESOLVE_FAILED], 0, message);
      resolve_free (r);
      return;
    }

  ferry_migration_what_page_describe_from (self, inventory, TRUE);
  ferry_migration_draft_set_resolving (self->draft, FALSE);

  ferry_migration_what_page_update_auto_name (self);
  ferry_migration_what_page_update (self);
  definition_changed (self);
  resolve_free (r);
}

static gboolean
content_unresolved (FerryMigrationWhatPage *self)
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

static void
resolve_selected (FerryMigrationWhatPage *self)
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

static gboolean
resolve_idle_cb (gpointer user_data)
{
  FerryMigrationWhatPage *self = user_data;

  self->resolve_id = 0;
  if (!ferry_migration_draft_get_resolving (self->draft) && content_unresolved (self))
    resolve_selected (self);
  return G_SOURCE_REMOVE;
}

/* The objects known by id alone are read from the source soon (reading
 * means listing the whole project): after the caller has had the chance
 * to tell what it knows of them (ferry_migration_editor_describe_from_inventory()). */
void
ferry_migration_what_page_queue_resolve (FerryMigrationWhatPage *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));

  if (self->resolve_id == 0)
    self->resolve_id = g_idle_add (resolve_idle_cb, self);
}

void
ferry_migration_what_page_source_changed (FerryMigrationWhatPage *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));

  /* Objects selected while the source was not connected are read now. */
  if (connection_of (source_env (self)) != NULL && !ferry_migration_draft_get_resolving (self->draft) &&
      content_unresolved (self))
    resolve_selected (self);
  ferry_migration_what_page_update (self);
}

/* ------------------------------------------------------------------------ */
/* Target and projects                                                        */
/* ------------------------------------------------------------------------ */

static void
select_target_in_row (FerryMigrationWhatPage *self)
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
select_project_in_row (FerryMigrationWhatPage *self)
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
  g_autoptr(FerryMigrationWhatPage) self = user_data;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;

  projects = ferry_discovery_list_projects_finish (FERRY_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->name_row == NULL)
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

  ferry_migration_what_page_update (self);
  definition_changed (self);
}

static void
list_projects (FerryMigrationWhatPage *self)
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
target_state_cb (FerryMigrationWhatPage *self)
{
  list_projects (self);
  ferry_migration_what_page_update (self);
  definition_changed (self);
}

/* The page lists the projects of the target when it connects. */
static void
watch_target (FerryMigrationWhatPage *self,
              FerryEnvironment       *old_target,
              FerryEnvironment       *new_target)
{
  if (old_target == new_target)
    return;
  if (old_target != NULL)
    g_signal_handlers_disconnect_by_func (old_target, target_state_cb, self);
  if (new_target != NULL)
    g_signal_connect_object (new_target, "notify::state", G_CALLBACK (target_state_cb), self, G_CONNECT_SWAPPED);
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

void
ferry_migration_what_page_set_target (FerryMigrationWhatPage *self,
                                      FerryEnvironment       *target,
                                      const char             *project_id,
                                      const char             *project_name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  g_return_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target));

  watch_target (self, target_env (self), target);
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
  ferry_migration_what_page_update_auto_name (self);
  ferry_migration_what_page_update (self);
  definition_changed (self);
}

static void
target_row_selected_cb (FerryMigrationWhatPage *self)
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
  ferry_migration_what_page_set_target (self, env, target_project_id (self), target_project_name (self));
}

static void
target_project_row_selected_cb (FerryMigrationWhatPage *self)
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
  ferry_migration_what_page_update (self);
  definition_changed (self);
}

void
ferry_migration_what_page_set_environments (FerryMigrationWhatPage *self,
                                            GListModel             *environments)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  g_set_object (&self->environments, environments);
  self->syncing = TRUE;
  adw_combo_row_set_model (self->target_row, environments);
  self->syncing = FALSE;
  /* Re-adds the target when the list lacks it, and selects it. */
  ferry_migration_what_page_set_target (self, target_env (self), target_project_id (self), target_project_name (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

GListModel *
ferry_migration_what_page_get_environments (FerryMigrationWhatPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), NULL);
  return self->environments;
}

/* ------------------------------------------------------------------------ */
/* Kind and package type                                                      */
/* ------------------------------------------------------------------------ */

static gboolean
merge_to_selected (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_boolean (from) ? 1 : 0);
  return TRUE;
}

static gboolean
selected_to_merge (GBinding     *binding,
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

/* The draft has cleared the settings that stop applying; rows show the
 * package type's verdict: bind them again. */
static void
package_type_changed_cb (FerryMigrationWhatPage *self)
{
  ferry_migration_content_list_refresh_rows (self->content_group);
  ferry_migration_what_page_update (self);
}

static void
project_merge_changed_cb (FerryMigrationWhatPage *self)
{
  /* (the draft makes a merge's package a project package) */
  update_content_keep_both (self);
  ferry_migration_what_page_update_auto_name (self);
  ferry_migration_what_page_update (self);
}

/* ------------------------------------------------------------------------ */
/* The name                                                                   */
/* ------------------------------------------------------------------------ */

static void
name_changed_cb (FerryMigrationWhatPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!self->syncing)
    self->name_edited = g_strcmp0 (text, self->auto_name) != 0;
  ferry_migration_draft_set_name (self->draft, text);
  g_signal_emit (self, signals[SIGNAL_NAME_CHANGED], 0);
}

void
ferry_migration_what_page_update_auto_name (FerryMigrationWhatPage *self)
{
  g_autofree char *name = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));

  if (self->name_edited || self->draft == NULL)
    return;
  name = ferry_migration_draft_make_auto_name (self->draft);
  g_free (self->auto_name);
  self->auto_name = g_strdup (name);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->syncing = FALSE;
}

const char *
ferry_migration_what_page_get_name (FerryMigrationWhatPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
ferry_migration_what_page_set_name (FerryMigrationWhatPage *self,
                                    const char             *name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

/* ------------------------------------------------------------------------ */
/* Plans                                                                      */
/* ------------------------------------------------------------------------ */

void
ferry_migration_what_page_load_plan (FerryMigrationWhatPage  *self,
                                     const FerryPlan         *plan,
                                     char                   **notice)
{
  FerryEnvironment *old_target;

  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  g_return_if_fail (plan != NULL);

  /* The draft takes the plan (kind and type first, the settings, the
   * objects, the name, the source project, the target among the
   * environments); the page follows in one update. */
  old_target = target_env (self) ? g_object_ref (target_env (self)) : NULL;
  self->loading = TRUE;
  ferry_migration_draft_load_plan (self->draft, plan, self->environments, notice);
  self->loading = FALSE;
  if (plan->name != NULL && *plan->name != '\0')
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), plan->name);
      self->syncing = FALSE;
      self->name_edited = TRUE;
    }

  watch_target (self, old_target, target_env (self));
  g_clear_object (&old_target);
  ferry_migration_what_page_set_target (self, target_env (self), target_project_id (self), target_project_name (self));
  update_content_keep_both (self);
  ferry_migration_content_list_refresh_rows (self->content_group);
}

/* ------------------------------------------------------------------------ */
/* The draft                                                                  */
/* ------------------------------------------------------------------------ */

void
ferry_migration_what_page_set_draft (FerryMigrationWhatPage *self,
                                     FerryMigrationDraft    *draft)
{
  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));
  g_return_if_fail (FERRY_IS_MIGRATION_DRAFT (draft));
  g_return_if_fail (self->draft == NULL);   /* bound once */

  self->draft = g_object_ref (draft);
  self->content = ferry_migration_draft_get_content (draft);
  self->settings = ferry_migration_draft_get_settings (draft);

  /* The rows bind to the draft: the kind and the package type. */
  g_object_bind_property_full (draft, "project-merge", self->kind_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               merge_to_selected, selected_to_merge, NULL, NULL);
  g_object_bind_property_full (draft, "package-type", self->type_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
  g_signal_connect_object (self->settings, "notify::package-type", G_CALLBACK (package_type_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::project-merge", G_CALLBACK (project_merge_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The content list: columns first, then the model. */
  ferry_migration_content_list_set_draft (self->content_group, draft);
  g_signal_connect_object (self->content, "items-changed", G_CALLBACK (content_items_changed_cb), self, 0);

  /* The name row writes the draft's name (name_changed_cb()). */
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

FerryMigrationDraft *
ferry_migration_what_page_get_draft (FerryMigrationWhatPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), NULL);
  return self->draft;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_what_page_dispose (GObject *object)
{
  FerryMigrationWhatPage *self = FERRY_MIGRATION_WHAT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->projects_cancellable);
  g_clear_handle_id (&self->resolve_id, g_source_remove);
  if (self->draft != NULL && target_env (self) != NULL)
    g_signal_handlers_disconnect_by_data (target_env (self), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATION_WHAT_PAGE);

  g_clear_object (&self->environments);
  g_clear_object (&self->projects);
  self->content = NULL;
  self->settings = NULL;
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ferry_migration_what_page_parent_class)->dispose (object);
}

static void
ferry_migration_what_page_finalize (GObject *object)
{
  FerryMigrationWhatPage *self = FERRY_MIGRATION_WHAT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->projects_cancellable);
  g_free (self->projects_error);
  g_free (self->auto_name);
  g_free (self->content_keep_both);
  g_free (self->fixed_reason);

  G_OBJECT_CLASS (ferry_migration_what_page_parent_class)->finalize (object);
}

static void
ferry_migration_what_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  FerryMigrationWhatPage *self = FERRY_MIGRATION_WHAT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, self->environments);
      break;
    case PROP_CONTENT_KEEP_BOTH:
      g_value_set_string (value, self->content_keep_both);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_what_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  FerryMigrationWhatPage *self = FERRY_MIGRATION_WHAT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      if (g_value_get_object (value) != NULL)
        ferry_migration_what_page_set_draft (self, g_value_get_object (value));
      break;
    case PROP_ENVIRONMENTS:
      ferry_migration_what_page_set_environments (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_what_page_class_init (FerryMigrationWhatPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_what_page_dispose;
  object_class->finalize = ferry_migration_what_page_finalize;
  object_class->get_property = ferry_migration_what_page_get_property;
  object_class->set_property = ferry_migration_what_page_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, FERRY_TYPE_MIGRATION_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT_KEEP_BOTH] =
    g_param_spec_string ("content-keep-both", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DEFINITION_CHANGED] =
    g_signal_new ("definition-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_NAME_CHANGED] =
    g_signal_new ("name-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RESOLVE_FAILED] =
    g_signal_new ("resolve-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FERRY_TYPE_MIGRATION_CONTENT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-what-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, target_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, target_project_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, content_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, merge_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationWhatPage, merge_label);

}

static GtkStringList *
labels_model (const char * const *labels)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  return list;
}

static void
ferry_migration_what_page_init (FerryMigrationWhatPage *self)
{
  g_autoptr(GtkStringList) kinds = labels_model (kind_labels);
  g_autoptr(GtkStringList) types = labels_model (type_labels);
  g_autoptr(GtkExpression) environment_name = gtk_property_expression_new (FERRY_TYPE_ENVIRONMENT, NULL, "name");
  g_autoptr(GtkExpression) project_name = gtk_property_expression_new (FERRY_TYPE_PROJECT, NULL, "name");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->projects = g_list_store_new (FERRY_TYPE_PROJECT);

  /* Models before bindings. */
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  adw_combo_row_set_expression (self->target_row, environment_name);
  adw_combo_row_set_expression (self->target_project_row, project_name);
  adw_combo_row_set_model (self->target_project_row, G_LIST_MODEL (self->projects));

  g_signal_connect_swapped (self->target_row, "notify::selected", G_CALLBACK (target_row_selected_cb), self);
  g_signal_connect_swapped (self->target_project_row, "notify::selected", G_CALLBACK (target_project_row_selected_cb), self);
}

gboolean
ferry_migration_what_page_load_record (FerryMigrationWhatPage *self,
                                       JsonObject             *record,
                                       FerryEnvironment       *source,
                                       FerryEnvironment       *target,
                                       GError                **error)
{
  FerryEnvironment *old_target;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  old_target = target_env (self) ? g_object_ref (target_env (self)) : NULL;
  self->loading = TRUE;
  ok = ferry_migration_draft_load_record (self->draft, record, source, target, error);
  self->loading = FALSE;
  if (ok)
    {
      /* A copy: the row writes the draft's name while it is set. */
      g_autofree char *name = g_strdup (ferry_migration_draft_get_name (self->draft));

      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      self->syncing = FALSE;
      self->name_edited = TRUE;
    }
  watch_target (self, old_target, target_env (self));
  g_clear_object (&old_target);
  ferry_migration_what_page_set_target (self, target_env (self), target_project_id (self), target_project_name (self));
  update_content_keep_both (self);
  ferry_migration_content_list_refresh_rows (self->content_group);
  ferry_migration_draft_mark_unmodified (self->draft);
  return ok;
}

void
ferry_migration_what_page_set_fixed (FerryMigrationWhatPage *self,
                                     const char             *reason)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->source_row), GTK_WIDGET (self->target_row), GTK_WIDGET (self->target_project_row),
    GTK_WIDGET (self->kind_row), GTK_WIDGET (self->type_row),
  };

  g_return_if_fail (FERRY_IS_MIGRATION_WHAT_PAGE (self));

  g_free (self->fixed_reason);
  self->fixed_reason = g_strdup (reason);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gtk_widget_set_sensitive (rows[i], reason == NULL);
      gtk_widget_set_tooltip_text (rows[i], reason);
    }
}
