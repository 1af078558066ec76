/* ferry-migration-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-migration-editor.h"
#include "ferry-password-dialog.h"

/* After an edit on the Preview page, wait this long before previewing again. */
#define REFRESH_DELAY_MS 400

struct _FerryMigrationEditor
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;
  GtkButton            *notice_close_button;
  AdwViewStack         *view_stack;
  AdwEntryRow          *name_row;
  AdwActionRow         *source_row;
  AdwComboRow          *target_row;
  AdwComboRow          *target_project_row;
  AdwComboRow          *kind_row;
  AdwComboRow          *type_row;
  AdwPreferencesGroup  *content_group;
  GtkMenuButton        *add_content_button;
  GtkStack             *content_stack;
  GtkColumnView        *content_view;
  GtkLabel             *content_empty_label;
  GtkSpinner           *content_spinner;
  GtkWidget            *content_undo_box;
  GtkLabel             *content_undo_label;
  AdwPreferencesGroup  *merge_group;
  GtkLabel             *merge_label;
  FerrySettingsEditor  *settings_editor;
  FerryPreviewView     *preview_view;
  GtkRevealer          *run_revealer;
  GtkImage             *run_icon;
  GtkLabel             *run_label;
  GtkLabel             *run_percent;
  GtkProgressBar       *run_bar;
  GtkWidget            *run_error_box;
  GtkLabel             *run_error_label;
  GtkWidget            *login_button;
  GtkWidget            *retry_button;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  GtkWidget            *blocked_box;
  GtkLabel             *blocked_label;

  /* what is defined: the draft owns it; settings and content are its */
  FerryMigrationDraft  *draft;
  GListModel           *environments;     /* the target row's model */
  GListStore           *projects;         /* FerryProject of the target */
  char                 *projects_error;

  /* what */
  FerryTocSettings     *settings;         /* the draft's */
  GListStore           *content;          /* the draft's: FerryContentItem */
  FerryObjectPicker    *content_picker;
  char                 *auto_name;
  gboolean              name_edited;
  gboolean              loading_plan;
  gboolean              syncing;
  char                 *plan_notice;

  /* state */
  FerryMigrationEditorPage page;
  char                 *blocked_reason;
  GCancellable         *cancellable;       /* the editor's life */
  GCancellable         *preview_cancellable;
  GCancellable         *projects_cancellable;
  gboolean              preview_running;
  gboolean              preview_stale;
  guint                 refresh_id;
  guint                 resolve_id;       /* the selected objects are read from an idle */
  FerryJob             *job;
  GFile                *package_file;      /* the last "Save Package…" target, for Retry */
};

G_DEFINE_FINAL_TYPE (FerryMigrationEditor, ferry_migration_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_NAME,
  PROP_PAGE,
  PROP_JOB,
  PROP_BLOCKED_REASON,
  PROP_ENVIRONMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_JOB_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *page_names[] = { "what", "rules", "preview" };

static void definition_changed (FerryMigrationEditor *self);
static void update_actions (FerryMigrationEditor *self);
static void update_what_page (FerryMigrationEditor *self);
static void list_projects (FerryMigrationEditor *self);
static void retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

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

static FerryEnvironment *
source_env (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source (self->draft);
}

static FerryEnvironment *
target_env (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target (self->draft);
}

static const char *
source_project_id (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source_project_id (self->draft);
}

static const char *
source_project_name (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source_project_name (self->draft);
}

static const char *
target_project_id (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target_project_id (self->draft);
}

static const char *
target_project_name (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target_project_name (self->draft);
}

static const char *
environment_name (FerryEnvironment *environment)
{
  return environment != NULL ? ferry_environment_get_name (environment) : "";
}

static void
toast (FerryMigrationEditor *self,
       const char           *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gboolean
is_merge (FerryMigrationEditor *self)
{
  return ferry_toc_settings_get_project_merge (self->settings);
}

static FerryPackageType
package_type (FerryMigrationEditor *self)
{
  return ferry_toc_settings_get_package_type (self->settings);
}

/* The project the objects come from (none for configuration packages). */
static const char *
source_project (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_package_source_project (self->draft);
}

static const char *
target_project (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_package_target_project (self->draft);
}

static void
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
update_auto_name (FerryMigrationEditor *self)
{
  g_autofree char *name = NULL;

  if (self->name_edited)
    return;
  name = ferry_migration_draft_make_auto_name (self->draft);
  g_free (self->auto_name);
  self->auto_name = g_strdup (name);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->syncing = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Blocked reasons                                                            */
/* ------------------------------------------------------------------------ */

/* What and Rules: the draft's reasons. */
static char *
what_blocked_reason (FerryMigrationEditor *self)
{
  return ferry_migration_draft_dup_definition_reason (self->draft);
}

static char *
rules_blocked_reason (FerryMigrationEditor *self)
{
  return g_strdup (ferry_migration_draft_get_blocked_reason (self->draft));
}

static char *
preview_blocked_reason (FerryMigrationEditor *self)
{
  FerryPreviewResult *result = ferry_preview_view_get_result (self->preview_view);

  if (self->job != NULL && ferry_job_get_state (self->job) == FERRY_JOB_STATE_RUNNING)
    return g_strdup (_("A migration from this window is running"));
  if (self->preview_running || self->refresh_id != 0)
    return g_strdup (_("The preview is not ready yet"));
  if (g_strcmp0 (ferry_preview_view_get_state (self->preview_view), "error") == 0)
    return g_strdup (_("The preview failed: retry it"));
  if (result == NULL || self->preview_stale)
    return g_strdup (_("The preview is out of date: refresh it (menu, Refresh Preview)"));
  if (ferry_preview_result_get_failure (result) != NULL)
    return g_strdup (_("The migration would fail: see the preview"));
  if (ferry_preview_result_get_n_items (result) == 0)
    return g_strdup (_("The migration touches no object"));
  return NULL;
}

static char *
blocked_reason_for (FerryMigrationEditor     *self,
                    FerryMigrationEditorPage  page)
{
  char *reason = page >= FERRY_MIGRATION_EDITOR_PAGE_RULES ? rules_blocked_reason (self)
                                                            : what_blocked_reason (self);

  if (reason == NULL && page >= FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    reason = preview_blocked_reason (self);
  return reason;
}

static void
update_actions (FerryMigrationEditor *self)
{
  g_autofree char *reason = blocked_reason_for (self, self->page);
  g_autofree char *package_reason = NULL;
  gboolean job_running = self->job != NULL && ferry_job_get_state (self->job) == FERRY_JOB_STATE_RUNNING;
  static const char *subtitles[] = { N_("Step 1 of 3: What"), N_("Step 2 of 3: Rules"), N_("Step 3 of 3: Preview") };

  if (g_strcmp0 (reason, self->blocked_reason) != 0)
    {
      g_free (self->blocked_reason);
      self->blocked_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
    }

  gtk_widget_set_visible (self->blocked_box, reason != NULL);
  gtk_label_set_label (self->blocked_label, reason ? reason : "");
  gtk_widget_set_tooltip_text (self->blocked_box, reason);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.back", self->page > FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next", reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.run",
                                 self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW && reason == NULL);

  package_reason = blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-package",
                                 !is_merge (self) && package_reason == NULL && !job_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.refresh-preview",
                                 self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);

  adw_window_title_set_subtitle (self->window_title, _(subtitles[self->page]));
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    {
      gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Run"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "editor.run");
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Next"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "editor.next");
    }
}

/* ------------------------------------------------------------------------ */
/* Page 1: what                                                               */
/* ------------------------------------------------------------------------ */

static const char *kind_labels[] = { N_("Object migration"), N_("Project merge"), NULL };
static const char *type_labels[] = { N_("Project"), N_("Configuration"), N_("Project security"), NULL };

static void
update_what_page (FerryMigrationEditor *self)
{
  FerryPackageType type = package_type (self);
  gboolean merge = is_merge (self);
  g_autofree char *source_text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

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

  switch (type)
    {
    case FERRY_PACKAGE_TYPE_CONFIGURATION:
      ferry_object_picker_set_mode (self->content_picker, FERRY_OBJECT_PICKER_CONFIGURATION);
      adw_preferences_group_set_description (self->content_group,
                                             _("Users, user groups and other configuration objects of the source"));
      break;
    case FERRY_PACKAGE_TYPE_PROJECT_SECURITY:
      ferry_object_picker_set_mode (self->content_picker, FERRY_OBJECT_PICKER_USERS_AND_GROUPS);
      adw_preferences_group_set_description (self->content_group,
                                             _("Users and user groups whose security links in the project move"));
      break;
    case FERRY_PACKAGE_TYPE_PROJECT:
    default:
      ferry_object_picker_set_mode (self->content_picker, FERRY_OBJECT_PICKER_SEARCH);
      adw_preferences_group_set_description (self->content_group,
                                             _("Objects of the source project; each pulls in what it uses when “Include dependents” is on"));
      break;
    }
  ferry_object_picker_set_source (self->content_picker, connection_of (source_env (self)), source_project (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_content_button), connection_of (source_env (self)) != NULL);

  if (ferry_migration_draft_get_resolving (self->draft))
    {
      gtk_spinner_set_spinning (self->content_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  else
    {
      gtk_spinner_set_spinning (self->content_spinner, FALSE);
      gtk_label_set_label (self->content_empty_label,
                           type == FERRY_PACKAGE_TYPE_PROJECT
                           ? _("No objects yet. Select objects in the Compare view, or add them with the + button.")
                           : _("No users or groups yet. Add them with the + button."));
      gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
    }

  ferry_settings_editor_set_source (self->settings_editor, connection_of (source_env (self)), source_project_id (self));
}

/* --- The content list ------------------------------------------------------------ */

typedef enum
{
  CONTENT_COLUMN_OBJECT,
  CONTENT_COLUMN_FOLDER,
  CONTENT_COLUMN_ACTION,
  CONTENT_COLUMN_DEPENDENTS,
  CONTENT_COLUMN_REMOVE,
} ContentColumn;

static void
content_remove_clicked_cb (GtkButton            *button,
                           FerryMigrationEditor *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "list-item");
  FerryContentItem *item = gtk_list_item_get_item (list_item);
  guint position;

  if (item != NULL && g_list_store_find (self->content, item, &position))
    g_list_store_remove (self->content, position);
}

static void
content_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  ContentColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  FerryMigrationEditor *self = user_data;
  GtkWidget *child = NULL;

  switch (column)
    {
    case CONTENT_COLUMN_OBJECT:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *type = gtk_label_new (NULL);
        GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_xalign (GTK_LABEL (type), 0);
        gtk_widget_add_css_class (type, "caption");
        gtk_widget_add_css_class (type, "dim-label");
        gtk_widget_add_css_class (warning, "warning");
        gtk_box_append (GTK_BOX (labels), name);
        gtk_box_append (GTK_BOX (labels), type);
        gtk_box_append (GTK_BOX (box), warning);
        gtk_box_append (GTK_BOX (box), labels);
        child = box;
      }
      break;

    case CONTENT_COLUMN_FOLDER:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (child, "dim-label");
      break;

    case CONTENT_COLUMN_ACTION:
      {
        const char * const *labels = ferry_conflict_action_labels ();

        child = gtk_drop_down_new_from_strings (labels);
        gtk_widget_set_tooltip_text (child, _("What happens when the target has the object"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Action"), -1);
      }
      break;

    case CONTENT_COLUMN_DEPENDENTS:
      child = gtk_switch_new ();
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (child, _("Also migrate what the object uses (with the default action)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Include dependents"), -1);
      break;

    case CONTENT_COLUMN_REMOVE:
    default:
      child = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (child, "flat");
      gtk_widget_set_tooltip_text (child, _("Remove From the Migration"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove From the Migration"), -1);
      g_object_set_data (G_OBJECT (child), "list-item", list_item);
      g_signal_connect (child, "clicked", G_CALLBACK (content_remove_clicked_cb), self);
      break;
    }

  gtk_list_item_set_child (list_item, child);
}

static void
content_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  ContentColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  FerryMigrationEditor *self = user_data;
  FerryContentItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GBinding *binding = NULL;

  switch (column)
    {
    case CONTENT_COLUMN_OBJECT:
      {
        GtkWidget *warning = gtk_widget_get_first_child (child);
        GtkWidget *labels = gtk_widget_get_last_child (child);
        GtkWidget *name = gtk_widget_get_first_child (labels);
        GtkWidget *type = gtk_widget_get_last_child (labels);
        int object_type = ferry_content_item_get_object_type (item);
        const char *type_name = ferry_object_type_name (object_type, ferry_content_item_get_subtype (item));
        g_autofree char *reason = NULL;
        g_autofree char *type_text = NULL;

        gtk_label_set_label (GTK_LABEL (name), ferry_content_item_get_name (item)
                                               ? ferry_content_item_get_name (item)
                                               : ferry_content_item_get_object_id (item));
        gtk_widget_set_tooltip_text (name, ferry_content_item_get_object_id (item));
        type_text = type_name ? g_strdup (type_name)
                              : object_type > 0 ? g_strdup_printf (_("Type %d"), object_type) : g_strdup ("");
        gtk_label_set_label (GTK_LABEL (type), type_text);

        if (ferry_migration_draft_is_missing (self->draft, ferry_content_item_get_object_id (item)))
          reason = g_strdup (_("Not found in the source"));
        else if (object_type > 0)
          ferry_package_type_accepts (package_type (self), object_type, ferry_content_item_get_name (item), &reason);
        gtk_widget_set_visible (warning, reason != NULL);
        gtk_widget_set_tooltip_text (warning, reason);
      }
      break;

    case CONTENT_COLUMN_FOLDER:
      gtk_label_set_label (GTK_LABEL (child), ferry_content_item_get_path (item)
                                              ? ferry_content_item_get_path (item) : "");
      gtk_widget_set_tooltip_text (child, ferry_content_item_get_path (item));
      break;

    case CONTENT_COLUMN_ACTION:
      binding = g_object_bind_property_full (item, "action", child, "selected",
                                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                             ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
      break;

    case CONTENT_COLUMN_DEPENDENTS:
      binding = g_object_bind_property (item, "include-dependents", child, "active",
                                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      break;

    case CONTENT_COLUMN_REMOVE:
    default:
      break;
    }

  if (binding != NULL)
    g_object_set_data_full (G_OBJECT (list_item), "binding", g_object_ref (binding), g_object_unref);
}

static void
content_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "binding");

  if (binding != NULL)
    {
      g_binding_unbind (binding);
      g_object_set_data (G_OBJECT (list_item), "binding", NULL);
    }
}

static void
add_content_column (FerryMigrationEditor *self,
                    ContentColumn         column,
                    const char           *title,
                    gboolean              expand,
                    int                   width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (content_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (content_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (content_unbind_cb), self);
  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, column != CONTENT_COLUMN_REMOVE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->content_view, view_column);
}

/* Rows show the package type's verdict: bind them again. */
static void
content_refresh_rows (FerryMigrationEditor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self->content), 0, n, n);
}

/* The objects whose own action is keep_both: undo will not be possible. */
static void
update_content_keep_both (FerryMigrationEditor *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->content));

  for (guint i = 0; i < n && !is_merge (self); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (G_LIST_MODEL (self->content), i);

      if (ferry_content_item_get_action (item) == FERRY_CONFLICT_ACTION_KEEP_BOTH)
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

      gtk_label_set_label (self->content_undo_label, note);
    }
  gtk_widget_set_visible (self->content_undo_box, text != NULL);
}

static void
content_item_notify_cb (FerryMigrationEditor *self)
{
  update_content_keep_both (self);
  definition_changed (self);
}

static void
content_items_changed_cb (GListModel           *model,
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
  update_content_keep_both (self);
  update_what_page (self);
  definition_changed (self);
}

static gboolean
content_contains (FerryMigrationEditor *self,
                  const char           *id)
{
  return ferry_migration_draft_contains (self->draft, id);
}

static void
content_picked_cb (FerryMigrationEditor *self,
                   FerryObjectInfo      *info)
{
  g_autoptr(FerryContentItem) item = NULL;
  gboolean dependents;

  if (content_contains (self, ferry_object_info_get_id (info)))
    return;
  /* As the reference page's samples: project and configuration packages
   * take what the object uses, project security packages only the links. */
  dependents = package_type (self) != FERRY_PACKAGE_TYPE_PROJECT_SECURITY;
  item = ferry_content_item_new_from_object_info (info, FERRY_CONFLICT_ACTION_REPLACE, dependents);
  g_list_store_append (self->content, item);
}

/* --- Reading the selected objects --------------------------------------------------- */

/* Objects of the source by id alone (replace, with dependents), read from
 * the source afterwards (resolve_selected()); ids there already are left
 * as they are. Returns how many were added. */
static guint
append_objects (FerryMigrationEditor *self,
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
static gboolean
describe_from (FerryMigrationEditor *self,
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
  FerryInventoryBuilder *builder;
} Resolve;

static void
resolve_free (Resolve *r)
{
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->builder, ferry_inventory_builder_free);
  g_free (r);
}

static gboolean
resolve_page_cb (JsonArray  *items,
                 gpointer    user_data,
                 GError    **error)
{
  return ferry_inventory_builder_add_json_array (user_data, items, error);
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

  if (g_cancellable_is_cancelled (r->cancellable))
    {
      resolve_free (r);
      return;
    }
  if (!ferry_discovery_search_pages_finish (FERRY_CONNECTION (object), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the selected objects: %s"), error->message);

      ferry_migration_draft_set_resolving (self->draft, FALSE);
      toast (self, message);
      update_what_page (self);
      update_actions (self);
      resolve_free (r);
      return;
    }

  inventory = ferry_inventory_builder_end (r->builder);
  describe_from (self, inventory, TRUE);
  ferry_migration_draft_set_resolving (self->draft, FALSE);

  update_auto_name (self);
  update_what_page (self);
  definition_changed (self);
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
static void
queue_resolve (FerryMigrationEditor *self)
{
  if (self->resolve_id == 0)
    self->resolve_id = g_idle_add (resolve_idle_cb, self);
}

static void
resolve_selected (FerryMigrationEditor *self)
{
  FerryConnection *connection = connection_of (source_env (self));
  g_autoptr(FerrySearchQuery) query = NULL;
  Resolve *r;

  if (connection == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->content)) == 0)
    return;

  r = g_new0 (Resolve, 1);
  r->self = self;
  r->cancellable = g_object_ref (self->cancellable);
  r->builder = ferry_inventory_builder_new ();
  query = ferry_search_query_new ();
  query->get_ancestors = TRUE;
  ferry_migration_draft_set_resolving (self->draft, TRUE);
  ferry_discovery_search_pages_async (connection, source_project_id (self), query,
                                      resolve_page_cb, r->builder, NULL, NULL, NULL, NULL,
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

  update_what_page (self);
  definition_changed (self);
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
  update_what_page (self);
  definition_changed (self);
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

static void
source_state_cb (FerryMigrationEditor *self)
{
  /* Objects selected while the source was not connected are read now. */
  if (connection_of (source_env (self)) != NULL && !ferry_migration_draft_get_resolving (self->draft) && content_unresolved (self))
    resolve_selected (self);
  update_what_page (self);
  definition_changed (self);
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
static void
watch_target (FerryMigrationEditor *self,
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
  update_auto_name (self);
  update_what_page (self);
  definition_changed (self);
}

static void
target_row_selected_cb (FerryMigrationEditor *self)
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

static void
target_project_row_selected_cb (FerryMigrationEditor *self)
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
  update_what_page (self);
  definition_changed (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

/* --- Kind and package type ----------------------------------------------------------------- */

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

/* The draft has cleared the settings that stop applying. */
static void
package_type_changed_cb (FerryMigrationEditor *self)
{
  content_refresh_rows (self);
  update_what_page (self);
}

static void
project_merge_changed_cb (FerryMigrationEditor *self)
{
  /* (the draft makes a merge's package a project package) */
  update_content_keep_both (self);
  update_auto_name (self);
  update_what_page (self);
}

static void
settings_changed_cb (FerryMigrationEditor *self)
{
  definition_changed (self);
}

/* --- The name ---------------------------------------------------------------------------------- */

static void
name_changed_cb (FerryMigrationEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!self->syncing)
    self->name_edited = g_strcmp0 (text, self->auto_name) != 0;
  ferry_migration_draft_set_name (self->draft, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  update_actions (self);
}

/* ------------------------------------------------------------------------ */
/* Page 3: the preview                                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryMigrationEditor *self;
  GCancellable         *cancellable;
} Call;

static Call *
call_new (FerryMigrationEditor *self,
          GCancellable         *cancellable)
{
  Call *call = g_new0 (Call, 1);

  call->self = self;
  call->cancellable = g_object_ref (cancellable);
  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->cancellable);
  g_free (call);
}

static void
preview_progress_cb (const char *message,
                     double      fraction,
                     gpointer    user_data)
{
  Call *call = user_data;

  if (g_cancellable_is_cancelled (call->cancellable) || message == NULL)
    return;
  ferry_preview_view_show_loading (call->self->preview_view, message, fraction);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  FerryMigrationEditor *self = call->self;
  g_autoptr(FerryPreviewResult) preview = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (call->cancellable);

  preview = ferry_preview_run_finish (result, &error);
  /* call is freed with the progress data (after this callback) */
  if (cancelled)
    return;

  self->preview_running = FALSE;
  if (preview == NULL)
    ferry_preview_view_show_error (self->preview_view, error);
  else
    {
      self->preview_stale = FALSE;
      ferry_preview_view_set_result (self->preview_view, preview);
    }
  update_actions (self);
}

void
ferry_migration_editor_refresh_preview (FerryMigrationEditor *self)
{
  g_autofree char *reason = NULL;
  Call *call;

  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  reason = blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  if (reason != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, reason);

      self->preview_running = FALSE;
      self->preview_stale = TRUE;
      ferry_preview_view_show_error (self->preview_view, error);
      update_actions (self);
      return;
    }

  self->preview_cancellable = g_cancellable_new ();
  self->preview_running = TRUE;
  self->preview_stale = TRUE;
  ferry_preview_view_show_loading (self->preview_view, NULL, -1);
  call = call_new (self, self->preview_cancellable);
  ferry_preview_run_async (connection_of (source_env (self)), source_project (self), environment_name (source_env (self)),
                           connection_of (target_env (self)), target_project (self), environment_name (target_env (self)),
                           self->settings, is_merge (self) ? NULL : G_LIST_MODEL (self->content),
                           preview_progress_cb, call, (GDestroyNotify) call_free,
                           self->preview_cancellable, preview_done_cb, call);
  update_actions (self);
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  FerryMigrationEditor *self = data;

  self->refresh_id = 0;
  ferry_migration_editor_refresh_preview (self);
  return G_SOURCE_REMOVE;
}

/* Anything the preview depends on changed. */
static void
definition_changed (FerryMigrationEditor *self)
{
  if (self->loading_plan || self->view_stack == NULL)
    return;

  self->preview_stale = TRUE;
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    {
      g_cancellable_cancel (self->preview_cancellable);
      self->preview_running = FALSE;
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
    }
  update_auto_name (self);
  update_actions (self);
}

static void
preview_retry_cb (FerryMigrationEditor *self)
{
  ferry_migration_editor_refresh_preview (self);
}

/* ------------------------------------------------------------------------ */
/* Pages                                                                      */
/* ------------------------------------------------------------------------ */

void
ferry_migration_editor_set_page (FerryMigrationEditor     *self,
                                 FerryMigrationEditorPage  page)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (page <= FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);

  if (self->page != page)
    {
      self->page = page;
      adw_view_stack_set_visible_child_name (self->view_stack, page_names[page]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  if (page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW && !self->preview_running &&
      (self->preview_stale || ferry_preview_view_get_result (self->preview_view) == NULL))
    ferry_migration_editor_refresh_preview (self);
  update_actions (self);
}

FerryMigrationEditorPage
ferry_migration_editor_get_page (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  return self->page;
}

const char *
ferry_migration_editor_get_blocked_reason (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->blocked_reason;
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);

  if (self->page > FERRY_MIGRATION_EDITOR_PAGE_WHAT)
    ferry_migration_editor_set_page (self, self->page - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);

  if (self->blocked_reason != NULL || self->page >= FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    return;
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RULES)
    self->preview_stale = TRUE;   /* always a fresh look at the servers */
  ferry_migration_editor_set_page (self, self->page + 1);
}

/* ------------------------------------------------------------------------ */
/* Running                                                                    */
/* ------------------------------------------------------------------------ */

static void
update_run_bar (FerryMigrationEditor *self)
{
  FerryJob *job = self->job;
  g_autofree char *percent = NULL;
  const char *label;

  if (job == NULL)
    {
      gtk_revealer_set_reveal_child (self->run_revealer, FALSE);
      return;
    }

  gtk_revealer_set_reveal_child (self->run_revealer, TRUE);
  label = ferry_job_get_step_label (job);
  if (ferry_job_get_warning (job) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s (retrying: %s)"), label ? label : "", ferry_job_get_warning (job));

      gtk_label_set_label (self->run_label, text);
    }
  else if (ferry_job_get_state (job) == FERRY_JOB_STATE_RUNNING)
    gtk_label_set_label (self->run_label, label ? label : _("Starting…"));
  gtk_progress_bar_set_fraction (self->run_bar, ferry_job_get_progress (job));
  percent = g_strdup_printf ("%.0f %%", ferry_job_get_progress (job) * 100.0);
  gtk_label_set_label (self->run_percent, percent);
}

static gboolean
needs_login (const GError *error)
{
  return g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_CONNECTED);
}

static GApplication *
application_of (FerryMigrationEditor *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (app == NULL && parent != NULL)
    app = gtk_window_get_application (parent);
  return app != NULL ? G_APPLICATION (app) : g_application_get_default ();
}

static void
notify_desktop (FerryMigrationEditor *self,
                const char           *title,
                const char           *body)
{
  GApplication *app;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (gtk_window_is_active (GTK_WINDOW (self)))
    return;
  app = application_of (self);
  if (app == NULL || !g_application_get_is_registered (app))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  id = g_strdup_printf ("ferry-job-%p", (void *) self->job);
  g_application_send_notification (app, id, notification);
}

static void
job_finished_cb (FerryJob             *job,
                 FerryMigrationEditor *self)
{
  FerryJobState state = ferry_job_get_state (job);
  gboolean package = ferry_job_get_kind (job) == FERRY_JOB_KIND_PACKAGE_CREATE;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *text = NULL;

  if (job != self->job)
    return;

  update_run_bar (self);
  gtk_widget_set_visible (self->run_error_box, state == FERRY_JOB_STATE_FAILED);

  switch (state)
    {
    case FERRY_JOB_STATE_SUCCEEDED:
      if (package)
        {
          g_autofree char *path = self->package_file ? g_file_get_parse_name (self->package_file) : NULL;

          text = g_strdup_printf (_("Package saved to %s"), path ? path : "");
        }
      else
        text = g_strdup_printf (_("“%s” is imported into %s"), name, environment_name (target_env (self)));
      gtk_image_set_from_icon_name (self->run_icon, "object-select-symbolic");
      gtk_label_set_label (self->run_label, text);
      /* The target has changed: running again needs a new look at it. */
      if (!package)
        self->preview_stale = TRUE;
      toast (self, text);
      notify_desktop (self, package ? _("Package Saved") : _("Migration Imported"), text);
      break;

    case FERRY_JOB_STATE_FAILED:
      {
        const GError *error = ferry_job_get_error (job);
        g_autofree char *described = error ? ferry_api_error_describe (error) : g_strdup (_("Unknown error"));
        gboolean login = error != NULL && needs_login (error);

        text = g_strdup_printf (package ? _("The package could not be made: %s")
                                        : _("The migration failed: %s"), described);
        gtk_image_set_from_icon_name (self->run_icon, "dialog-error-symbolic");
        gtk_label_set_label (self->run_label, package ? _("Package failed") : _("Migration failed"));
        gtk_label_set_label (self->run_error_label, text);
        gtk_widget_set_visible (self->login_button, login);
        gtk_widget_set_visible (self->retry_button, TRUE);
        toast (self, package ? _("The package could not be made") : _("The migration failed"));
        notify_desktop (self, package ? _("Package Failed") : _("Migration Failed"), text);
      }
      break;

    case FERRY_JOB_STATE_CANCELLED:
      gtk_image_set_from_icon_name (self->run_icon, "process-stop-symbolic");
      gtk_label_set_label (self->run_label, _("Stopped watching: the server goes on with the work it started"));
      break;

    case FERRY_JOB_STATE_READY:
    case FERRY_JOB_STATE_RUNNING:
    default:
      break;
    }

  update_actions (self);
}

static void
job_changed_cb (FerryMigrationEditor *self)
{
  update_run_bar (self);
}

static void
start_job (FerryMigrationEditor *self,
           FerryJob             *job)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);

  g_signal_connect_object (job, "notify::progress", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::step-label", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::warning", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished_cb), self, 0);

  gtk_image_set_from_icon_name (self->run_icon, "emblem-synchronizing-symbolic");
  gtk_widget_set_visible (self->run_error_box, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);

  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
  /* No cancellable of the editor's: closing the editor must not stop the
   * job, which the Migrations view goes on watching. */
  ferry_job_run_async (job, NULL, NULL, NULL);
  update_run_bar (self);
  update_actions (self);
}

FerryJob *
ferry_migration_editor_run (FerryMigrationEditor *self)
{
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *started = NULL;
  FerryMigrationSpec spec;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  if (!ferry_migration_draft_to_spec (self->draft, &spec, &error))
    {
      toast (self, error->message);
      return NULL;
    }

  job = ferry_job_new_migration (ferry_migration_draft_get_source_connection (self->draft),
                                 ferry_migration_draft_get_target_connection (self->draft), &spec);
  if (!ferry_migration_draft_get_generate_undo (self->draft))
    ferry_job_set_generate_undo (job, FALSE);
  g_clear_object (&self->package_file);
  start_job (self, job);

  started = g_strdup_printf (_("“%s” started"), spec.name);
  toast (self, started);
  return self->job;
}

FerryJob *
ferry_migration_editor_save_package_to_file (FerryMigrationEditor *self,
                                             GFile                *file)
{
  g_autoptr(JsonNode) definition = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  reason = blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  if (reason == NULL && is_merge (self))
    reason = g_strdup (_("A project merge makes no package file: choose an object migration"));
  if (reason != NULL)
    {
      toast (self, reason);
      return NULL;
    }

  /* {type, settings, content}: api.md §4.3 */
  definition = ferry_migration_draft_dup_package_definition (self->draft);

  job = ferry_job_new_package_create (connection_of (source_env (self)), source_project (self), definition, file);
  g_set_object (&self->package_file, file);
  start_job (self, job);
  toast (self, _("Making the package…"));
  return self->job;
}

FerryJob *
ferry_migration_editor_get_job (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->job;
}

/* --- Run, with a confirmation that names what changes ------------------------------------- */

static void
run_response_cb (AdwMessageDialog     *dialog,
                 const char           *response,
                 FerryMigrationEditor *self)
{
  if (g_strcmp0 (response, "run") == 0)
    ferry_migration_editor_run (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryPreviewResult *result = ferry_preview_view_get_result (self->preview_view);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;
  gboolean risky;

  if (self->blocked_reason != NULL || result == NULL)
    return;

  heading = g_strdup_printf (_("Run “%s”?"), gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  if (target_project (self) != NULL)
    where = g_strdup_printf ("%s (%s)", environment_name (target_env (self)),
                             target_project_name (self) ? target_project_name (self) : target_project_id (self));
  else
    where = g_strdup (environment_name (target_env (self)));
  /* Translators: the target, then the counts of the preview */
  body = g_strdup_printf (_("In %s: %u created, %u replaced, %u deleted, %u duplicated, %u kept as they are, %u unchanged. %s"),
                          where,
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_CREATE),
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_REPLACE),
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_DELETE),
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_DUPLICATE),
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_KEEP_EXISTING),
                          ferry_preview_result_get_count (result, FERRY_OUTCOME_SKIP),
                          ferry_preview_result_get_undo_possible (result)
                          ? _("Undo will be possible afterwards.")
                          : _("Undo will not be available for this migration."));
  risky = ferry_preview_result_get_count (result, FERRY_OUTCOME_REPLACE) > 0 ||
          ferry_preview_result_get_count (result, FERRY_OUTCOME_DELETE) > 0 ||
          !ferry_preview_result_get_undo_possible (result);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "run", _("_Run"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "run",
                                              risky ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (run_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryJob *job = self->job;

  if (job == NULL || ferry_job_get_state (job) == FERRY_JOB_STATE_RUNNING)
    return;

  if (ferry_job_get_kind (job) == FERRY_JOB_KIND_PACKAGE_CREATE && self->package_file != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (self->package_file);

      ferry_migration_editor_save_package_to_file (self, file);
    }
  else if (ferry_job_get_migration_id (job) != NULL &&
           connection_of (source_env (self)) != NULL && connection_of (target_env (self)) != NULL)
    {
      /* Goes on from where the servers have it (e.g. PUT again after
       * import_failed), instead of making a second migration. */
      g_autoptr(FerryJob) resumed = ferry_job_resume_migration (connection_of (source_env (self)),
                                                                connection_of (target_env (self)),
                                                                ferry_job_get_migration_id (job));

      start_job (self, resumed);
    }
  else
    ferry_migration_editor_run (self);
}

/* --- Log in again --------------------------------------------------------------------------- */

static void
login_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_environment_connect_finish (FERRY_ENVIRONMENT (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not log in to %s: %s"), ferry_environment_get_name (FERRY_ENVIRONMENT (object)),
                              error->message);
      toast (self, text);
      return;
    }
  retry_action (GTK_WIDGET (self), "editor.retry", NULL);
}

static void
password_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      FerryMigrationEditor *self)
{
  FerryEnvironment *environment = ferry_password_dialog_get_environment (FERRY_PASSWORD_DIALOG (dialog));

  if (g_strcmp0 (response, "connect") != 0)
    return;
  ferry_environment_connect_async (environment, ferry_password_dialog_get_password (FERRY_PASSWORD_DIALOG (dialog)),
                                   self->cancellable, login_done_cb, g_object_ref (self));
}

static void
login_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryEnvironment *environment;
  FerryPasswordDialog *dialog;

  /* The side that lost its session; the target when both look fine. */
  if (ferry_environment_get_state (source_env (self)) != FERRY_CONNECTION_STATE_CONNECTED)
    environment = source_env (self);
  else
    environment = target_env (self);
  if (environment == NULL)
    return;

  dialog = ferry_password_dialog_new (GTK_WINDOW (self), environment);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Plans                                                                      */
/* ------------------------------------------------------------------------ */

FerryPlan *
ferry_migration_editor_dup_plan (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  ferry_migration_draft_set_name (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  return ferry_migration_draft_to_plan (self->draft);
}

static void
set_notice (FerryMigrationEditor *self,
            const char           *text)
{
  set_string (&self->plan_notice, text);
  gtk_label_set_label (self->notice_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

void
ferry_migration_editor_load_plan (FerryMigrationEditor *self,
                                  const FerryPlan      *plan)
{
  g_autofree char *notice = NULL;
  FerryEnvironment *old_target;

  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (plan != NULL);

  /* The draft takes the plan (kind and type first, the settings, the
   * objects, the name, the source project, the target among the
   * environments); the pages follow in one update. */
  old_target = target_env (self) ? g_object_ref (target_env (self)) : NULL;
  self->loading_plan = TRUE;
  ferry_migration_draft_load_plan (self->draft, plan, self->environments, &notice);
  self->loading_plan = FALSE;
  if (plan->name != NULL && *plan->name != '\0')
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), plan->name);
      self->syncing = FALSE;
      self->name_edited = TRUE;
    }

  watch_target (self, old_target, target_env (self));
  g_clear_object (&old_target);
  ferry_migration_editor_set_target (self, target_env (self), target_project_id (self), target_project_name (self));

  set_notice (self, notice);
  update_content_keep_both (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  content_refresh_rows (self);
  update_what_page (self);
  definition_changed (self);
}

const char *
ferry_migration_editor_get_plan_notice (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->plan_notice;
}

static void
plan_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_plan_save_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not save the plan: %s"), error->message);
      toast (self, text);
      return;
    }
  toast (self, _("Plan saved"));
}

void
ferry_migration_editor_save_plan_to_file (FerryMigrationEditor *self,
                                          GFile                *file)
{
  g_autoptr(FerryPlan) plan = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  plan = ferry_migration_editor_dup_plan (self);
  ferry_plan_save_async (plan, file, self->cancellable, plan_saved_cb, g_object_ref (self));
}

static void
plan_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) plan = NULL;

  plan = ferry_plan_load_finish (result, &error);
  if (plan == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not open the plan: %s"), error->message);
      toast (self, text);
      return;
    }
  ferry_migration_editor_load_plan (self, plan);
  ferry_migration_editor_set_page (self, FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  toast (self, _("Plan opened"));
}

void
ferry_migration_editor_open_plan_from_file (FerryMigrationEditor *self,
                                            GFile                *file)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  ferry_plan_load_async (file, self->cancellable, plan_loaded_cb, g_object_ref (self));
}

/* --- File choosers ----------------------------------------------------------------------------- */

static char *
file_name_for (FerryMigrationEditor *self,
               const char           *extension)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  g_strdelimit (name, "/\\:*?\"<>|", '-');
  if (*g_strstrip (name) == '\0')
    {
      g_free (name);
      name = g_strdup (_("Migration"));
    }
  return g_strconcat (name, extension, NULL);
}

typedef enum
{
  CHOOSE_SAVE_PLAN,
  CHOOSE_OPEN_PLAN,
  CHOOSE_SAVE_PACKAGE,
} ChooseKind;

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     FerryMigrationEditor *self)
{
  ChooseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;
  switch (kind)
    {
    case CHOOSE_SAVE_PLAN:
      ferry_migration_editor_save_plan_to_file (self, file);
      break;
    case CHOOSE_OPEN_PLAN:
      ferry_migration_editor_open_plan_from_file (self, file);
      break;
    case CHOOSE_SAVE_PACKAGE:
    default:
      ferry_migration_editor_save_package_to_file (self, file);
      break;
    }
}

static void
choose_file (FerryMigrationEditor *self,
             ChooseKind            kind)
{
  GtkFileChooserAction action = kind == CHOOSE_OPEN_PLAN ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE;
  const char *title = kind == CHOOSE_OPEN_PLAN ? _("Open Plan")
                      : kind == CHOOSE_SAVE_PLAN ? _("Save Plan") : _("Save Package");
  const char *accept = kind == CHOOSE_OPEN_PLAN ? _("_Open") : _("_Save");
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (kind == CHOOSE_SAVE_PACKAGE)
    {
      g_autofree char *name = file_name_for (self, ".mmp");

      gtk_file_filter_set_name (filter, _("Migration packages"));
      gtk_file_filter_add_pattern (filter, "*.mmp");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Ferry plans"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_filter_add_mime_type (filter, "application/json");
      if (kind == CHOOSE_SAVE_PLAN)
        {
          g_autofree char *name = file_name_for (self, ".json");

          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
        }
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_file (FERRY_MIGRATION_EDITOR (widget), CHOOSE_SAVE_PLAN);
}

static void
open_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_file (FERRY_MIGRATION_EDITOR (widget), CHOOSE_OPEN_PLAN);
}

static void
save_package_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_file (FERRY_MIGRATION_EDITOR (widget), CHOOSE_SAVE_PACKAGE);
}

static void
refresh_preview_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ferry_migration_editor_refresh_preview (FERRY_MIGRATION_EDITOR (widget));
}

static void
notice_close_cb (FerryMigrationEditor *self)
{
  set_notice (self, NULL);
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                  */
/* ------------------------------------------------------------------------ */

FerryTocSettings *
ferry_migration_editor_get_settings (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->settings;
}

GListStore *
ferry_migration_editor_get_content (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->content;
}

const char *
ferry_migration_editor_get_name (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
ferry_migration_editor_set_name (FerryMigrationEditor *self,
                                 const char           *name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

gboolean
ferry_migration_editor_get_project_merge (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), FALSE);
  return is_merge (self);
}

void
ferry_migration_editor_set_project_merge (FerryMigrationEditor *self,
                                          gboolean              project_merge)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  ferry_migration_draft_set_project_merge (self->draft, project_merge);
}

FerryPackageType
ferry_migration_editor_get_package_type (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), FERRY_PACKAGE_TYPE_PROJECT);
  return package_type (self);
}

void
ferry_migration_editor_set_package_type (FerryMigrationEditor *self,
                                         FerryPackageType      type)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  ferry_migration_draft_set_package_type (self->draft, type);
}

FerryEnvironment *
ferry_migration_editor_get_source (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return source_env (self);
}

FerryEnvironment *
ferry_migration_editor_get_target (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return target_env (self);
}

const char *
ferry_migration_editor_get_target_project_id (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return target_project_id (self);
}

FerryPreviewView *
ferry_migration_editor_get_preview_view (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->preview_view;
}

FerrySettingsEditor *
ferry_migration_editor_get_settings_editor (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->settings_editor;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_editor_dispose (GObject *object)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->projects_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->resolve_id, g_source_remove);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  if (self->draft != NULL)
    {
      if (target_env (self) != NULL)
        g_signal_handlers_disconnect_by_data (target_env (self), self);
      if (source_env (self) != NULL)
        g_signal_handlers_disconnect_by_data (source_env (self), self);
      g_signal_handlers_disconnect_by_data (self->draft, self);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->content != NULL)
    g_signal_handlers_disconnect_by_data (self->content, self);
  if (self->content_view != NULL)
    gtk_column_view_set_model (self->content_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATION_EDITOR);

  g_clear_object (&self->environments);
  g_clear_object (&self->projects);
  self->content = NULL;
  self->settings = NULL;
  g_clear_object (&self->draft);
  g_clear_object (&self->package_file);

  G_OBJECT_CLASS (ferry_migration_editor_parent_class)->dispose (object);
}

static void
ferry_migration_editor_finalize (GObject *object)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->projects_cancellable);
  g_free (self->projects_error);
  g_free (self->auto_name);
  g_free (self->plan_notice);
  g_free (self->blocked_reason);

  G_OBJECT_CLASS (ferry_migration_editor_parent_class)->finalize (object);
}

static void
ferry_migration_editor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_NAME:
      g_value_set_string (value, ferry_migration_editor_get_name (self));
      break;
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_BLOCKED_REASON:
      g_value_set_string (value, self->blocked_reason);
      break;
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, self->environments);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_editor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ferry_migration_editor_set_name (self, g_value_get_string (value));
      break;
    case PROP_PAGE:
      ferry_migration_editor_set_page (self, g_value_get_int (value));
      break;
    case PROP_ENVIRONMENTS:
      ferry_migration_editor_set_environments (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_editor_class_init (FerryMigrationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_editor_dispose;
  object_class->finalize = ferry_migration_editor_finalize;
  object_class->get_property = ferry_migration_editor_get_property;
  object_class->set_property = ferry_migration_editor_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, FERRY_TYPE_TOC_SETTINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL, FERRY_MIGRATION_EDITOR_PAGE_WHAT, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW,
                      FERRY_MIGRATION_EDITOR_PAGE_WHAT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, FERRY_TYPE_JOB, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryMigrationEditor::job-started:
   * @job: the FerryJob, already running
   */
  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_JOB);

  g_type_ensure (FERRY_TYPE_SETTINGS_EDITOR);
  g_type_ensure (FERRY_TYPE_PREVIEW_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_close_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, target_project_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, add_content_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_empty_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_undo_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, content_undo_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, merge_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, merge_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, settings_editor);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, preview_view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_percent);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_error_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, login_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, next_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, blocked_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, blocked_label);

  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "editor.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "editor.open-plan", NULL, open_plan_action);
  gtk_widget_class_install_action (widget_class, "editor.save-plan", NULL, save_plan_action);
  gtk_widget_class_install_action (widget_class, "editor.save-package", NULL, save_package_action);
  gtk_widget_class_install_action (widget_class, "editor.refresh-preview", NULL, refresh_preview_action);
  gtk_widget_class_install_action (widget_class, "editor.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "editor.log-in", NULL, login_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "editor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "editor.open-plan", NULL);
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
ferry_migration_editor_init (FerryMigrationEditor *self)
{
  g_autoptr(GtkStringList) kinds = labels_model (kind_labels);
  g_autoptr(GtkStringList) types = labels_model (type_labels);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->projects = g_list_store_new (FERRY_TYPE_PROJECT);
  self->draft = ferry_migration_draft_new ();
  self->content = ferry_migration_draft_get_content (self->draft);
  self->settings = ferry_migration_draft_get_settings (self->draft);

  /* Models before bindings. */
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  {
    g_autoptr(GtkExpression) environment_name = gtk_property_expression_new (FERRY_TYPE_ENVIRONMENT, NULL, "name");
    g_autoptr(GtkExpression) project_name = gtk_property_expression_new (FERRY_TYPE_PROJECT, NULL, "name");

    adw_combo_row_set_expression (self->target_row, environment_name);
    adw_combo_row_set_expression (self->target_project_row, project_name);
  }
  adw_combo_row_set_model (self->target_project_row, G_LIST_MODEL (self->projects));

  /* The pages bind to the draft: the kind, the package type, the name,
   * and the reason Next/Run are blocked. */
  g_object_bind_property_full (self->draft, "project-merge", self->kind_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               merge_to_selected, selected_to_merge, NULL, NULL);
  g_object_bind_property_full (self->draft, "package-type", self->type_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
  g_signal_connect_swapped (self->settings, "notify::package-type", G_CALLBACK (package_type_changed_cb), self);
  g_signal_connect_swapped (self->settings, "notify::project-merge", G_CALLBACK (project_merge_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  /* The name row writes the draft's name (name_changed_cb()). */
  ferry_migration_draft_set_name (self->draft, "");
  g_signal_connect_swapped (self->draft, "notify::blocked-reason", G_CALLBACK (update_actions), self);

  ferry_settings_editor_set_settings (self->settings_editor, self->settings);

  /* The content list: columns first, then the model. */
  add_content_column (self, CONTENT_COLUMN_OBJECT, _("Object"), TRUE, -1);
  add_content_column (self, CONTENT_COLUMN_FOLDER, _("Folder"), TRUE, -1);
  add_content_column (self, CONTENT_COLUMN_ACTION, _("Action"), FALSE, 150);
  add_content_column (self, CONTENT_COLUMN_DEPENDENTS, _("Include Dependents"), FALSE, 150);
  add_content_column (self, CONTENT_COLUMN_REMOVE, NULL, FALSE, 56);
  gtk_column_view_set_model (self->content_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->content)))));
  g_signal_connect (self->content, "items-changed", G_CALLBACK (content_items_changed_cb), self);

  self->content_picker = FERRY_OBJECT_PICKER (ferry_object_picker_new ());
  g_signal_connect_swapped (self->content_picker, "picked", G_CALLBACK (content_picked_cb), self);
  gtk_menu_button_set_popover (self->add_content_button, GTK_WIDGET (self->content_picker));

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->target_row, "notify::selected", G_CALLBACK (target_row_selected_cb), self);
  g_signal_connect_swapped (self->target_project_row, "notify::selected",
                            G_CALLBACK (target_project_row_selected_cb), self);
  g_signal_connect_swapped (self->preview_view, "retry", G_CALLBACK (preview_retry_cb), self);
  g_signal_connect_swapped (self->notice_close_button, "clicked", G_CALLBACK (notice_close_cb), self);

  self->page = FERRY_MIGRATION_EDITOR_PAGE_WHAT;
  self->preview_stale = TRUE;
  ferry_preview_view_show_empty (self->preview_view);
}

FerryMigrationEditor *
ferry_migration_editor_new (GtkWindow          *parent,
                            FerryEnvironment   *source,
                            const char         *source_project_id,
                            const char         *source_project_name,
                            FerryEnvironment   *target,
                            const char         *target_project_id,
                            const char         *target_project_name,
                            const char * const *selected_object_ids)
{
  FerryMigrationEditor *self;
  gboolean merge;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (source), NULL);
  g_return_val_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target), NULL);

  self = g_object_new (FERRY_TYPE_MIGRATION_EDITOR, NULL);
  if (parent != NULL)
    {
      GtkApplication *app = gtk_window_get_application (parent);

      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
      if (app != NULL)
        gtk_window_set_application (GTK_WINDOW (self), app);
    }
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);

  ferry_migration_draft_set_source (self->draft, source, source_project_id,
                                    source_project_name ? source_project_name : source_project_id);
  g_signal_connect_object (source, "notify::state", G_CALLBACK (source_state_cb), self, G_CONNECT_SWAPPED);

  /* The selected objects; their names and folders are read below. */
  merge = selected_object_ids == NULL || selected_object_ids[0] == NULL;
  self->loading_plan = TRUE;
  append_objects (self, selected_object_ids);
  ferry_toc_settings_set_project_merge (self->settings, merge);
  self->loading_plan = FALSE;

  ferry_migration_editor_set_target (self, target, target_project_id,
                                     target_project_name ? target_project_name : target_project_id);
  queue_resolve (self);
  update_auto_name (self);
  update_what_page (self);
  update_actions (self);
  return self;
}

/**
 * ferry_migration_editor_add_objects:
 * @object_ids: ids of objects of the source project (e.g. those selected
 *   in the source pane)
 *
 * Adds the objects to the content (replace, with dependents, as the
 * objects chosen when the editor opened), turning a project merge into an
 * object migration; ids already there are left as they are. Their names
 * and folders are read from the source.
 *
 * Returns: how many objects were added.
 */
guint
ferry_migration_editor_add_objects (FerryMigrationEditor *self,
                                    const char * const   *object_ids)
{
  guint added;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), 0);

  self->loading_plan = TRUE;
  added = append_objects (self, object_ids);
  if (added > 0)
    ferry_toc_settings_set_project_merge (self->settings, FALSE);
  self->loading_plan = FALSE;
  if (added == 0)
    return 0;

  queue_resolve (self);
  update_auto_name (self);
  update_what_page (self);
  definition_changed (self);
  return added;
}

/* The project the objects come from (kept for configuration packages too). */
const char *
ferry_migration_editor_get_source_project_id (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  return source_project_id (self);
}

/**
 * ferry_migration_editor_describe_from_inventory:
 * @inventory: the source project's inventory (e.g. the Compare page's)
 *
 * Gives the objects of the content known by id alone their names, types
 * and folders from INVENTORY, so that the source project need not be
 * listed again to name them. Objects INVENTORY lacks stay to be read.
 */
void
ferry_migration_editor_describe_from_inventory (FerryMigrationEditor *self,
                                                FerryInventory       *inventory)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (inventory != NULL);

  if (!describe_from (self, inventory, FALSE))
    return;
  update_auto_name (self);
  update_what_page (self);
  definition_changed (self);
}
