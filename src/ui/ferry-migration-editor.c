/* ferry-migration-editor.c: the pages, the preview, blocked reasons, the GObject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include <string.h>

#include "ferry-a11y.h"
#include "ferry-migration-editor-private.h"

G_DEFINE_FINAL_TYPE (FerryMigrationEditor, ferry_migration_editor, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_JOB_STARTED,
  SIGNAL_SHOW_MIGRATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const page_names[] = { "what", "rules", "preview", "run" };

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

void
_ferry_migration_editor_toast (FerryMigrationEditor *self,
                               const char           *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
_ferry_migration_editor_set_string (char       **field,
                                    const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* The Rules page reads the source project (folders, users and groups). */
void
_ferry_migration_editor_sync_source (FerryMigrationEditor *self)
{
  ferry_settings_editor_set_source (self->settings_editor, connection_of (source_env (self)), source_project_id (self));
}

/* ------------------------------------------------------------------------ */
/* Blocked reasons                                                            */
/* ------------------------------------------------------------------------ */

/* What and Rules: the draft's reasons. */
static char *
what_blocked_reason (FerryMigrationEditor *self)
{
  char *reason = _ferry_migration_editor_edit_reason (self);

  if (reason != NULL)
    return reason;
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
  char *reason;

  if (self->job != NULL && ferry_job_get_state (self->job) == FERRY_JOB_STATE_RUNNING)
    return g_strdup (_("A migration from this window is running"));
  /* A failed check first: it says what to do on a server. */
  /* The checks are about an import: an edit imports nothing. */
  reason = _ferry_migration_editor_is_edit (self) ? NULL : _ferry_migration_editor_preflight_reason (self);
  if (reason != NULL)
    return reason;
  return ferry_migration_preview_page_dup_blocked_reason (self->preview_page);
}

char *
_ferry_migration_editor_blocked_reason_for (FerryMigrationEditor     *self,
                                            FerryMigrationEditorPage  page)
{
  char *reason = page >= FERRY_MIGRATION_EDITOR_PAGE_RULES ? rules_blocked_reason (self)
                                                            : what_blocked_reason (self);

  if (reason == NULL && page >= FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    reason = preview_blocked_reason (self);
  return reason;
}

/* The button Enter presses on the current page (NULL: none yet). */
static GtkWidget *
primary_button (FerryMigrationEditor *self)
{
  switch (self->page)
    {
    case FERRY_MIGRATION_EDITOR_PAGE_WHAT:
    case FERRY_MIGRATION_EDITOR_PAGE_RULES:
      return self->next_button;
    case FERRY_MIGRATION_EDITOR_PAGE_PREVIEW:
      return self->run_button;
    case FERRY_MIGRATION_EDITOR_PAGE_RUN:
    default:
      return gtk_widget_get_visible (self->done_button) ? self->done_button : NULL;
    }
}

/* The page's primary button is the default widget, and takes the focus
 * once it can after the page changed (not from someone typing). */
static void
update_focus (FerryMigrationEditor *self)
{
  GtkWidget *primary = primary_button (self);

  gtk_window_set_default_widget (GTK_WINDOW (self), primary);
  if (!self->focus_pending || primary == NULL)
    return;
  /* Mapped: a window being shown would move the focus again. */
  if (gtk_widget_get_mapped (primary) && gtk_widget_is_sensitive (primary) && gtk_widget_grab_focus (primary))
    self->focus_pending = FALSE;
}

static void
focus_widget_cb (FerryMigrationEditor *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Someone types (the name): the focus stays with them. Lost (the
   * focused button went away or grey): the primary button takes it again
   * when it can. */
  if (focus != NULL && GTK_IS_EDITABLE (focus))
    self->focus_pending = FALSE;
  else if (focus == NULL)
    {
      self->focus_pending = TRUE;
      update_focus (self);
    }
}

/* The live page's buttons: what can be done with the migration now. */
static void
update_live_actions (FerryMigrationEditor *self)
{
  FerryLiveState state = ferry_migration_live_page_get_state (self->live_page);
  gboolean live = self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN;
  gboolean finished = state != FERRY_LIVE_STATE_IMPORTING && state != FERRY_LIVE_STATE_UNDOING &&
                      state != FERRY_LIVE_STATE_UPDATING && state != FERRY_LIVE_STATE_NONE;
  gboolean failed = state == FERRY_LIVE_STATE_FAILED;
  g_autofree char *undo_reason = NULL;
  gboolean undo = live && _ferry_migration_editor_undo_available (self, &undo_reason);
  const char *id = self->job != NULL ? ferry_job_get_migration_id (self->job) : NULL;

  gtk_widget_set_visible (self->undo_button, live && (state == FERRY_LIVE_STATE_IMPORTED ||
                                                      state == FERRY_LIVE_STATE_UNDO_FAILED));
  gtk_widget_set_tooltip_text (self->undo_button, undo_reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.undo", undo);
  gtk_widget_set_visible (self->done_button, live && finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.done", live && finished);
  gtk_widget_set_visible (self->show_button, live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-migration", live && id != NULL);
  gtk_widget_set_visible (self->retry_button, live && failed);
  gtk_widget_set_visible (self->login_button, live && failed && _ferry_migration_editor_needs_login (self));
  /* After a failure, Retry is what the user came for; Done stays plain. */
  if (failed)
    gtk_widget_remove_css_class (self->done_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->done_button, "suggested-action");
}

void
_ferry_migration_editor_update_actions (FerryMigrationEditor *self)
{
  g_autofree char *reason = NULL;
  g_autofree char *package_reason = NULL;
  gboolean job_running = self->job != NULL && ferry_job_get_state (self->job) == FERRY_JOB_STATE_RUNNING;
  gboolean live = self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN;
  static const char * const subtitles[] = { N_("Step 1 of 3: What"), N_("Step 2 of 3: Rules"), N_("Step 3 of 3: Preview") };

  reason = live ? NULL : _ferry_migration_editor_blocked_reason_for (self, self->page);
  if (g_strcmp0 (reason, self->blocked_reason) != 0)
    {
      g_free (self->blocked_reason);
      self->blocked_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
    }

  gtk_widget_set_visible (self->blocked_box, reason != NULL);
  gtk_label_set_label (self->blocked_label, reason ? reason : "");
  gtk_widget_set_tooltip_text (self->blocked_box, reason);
  /* A job of this window running is information, not a warning. */
  gtk_image_set_from_icon_name (self->blocked_icon, job_running ? "emblem-synchronizing-symbolic" : "dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blocked_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  job_running ? _("Note") : _("Blocked"), -1);

  gtk_widget_set_visible (self->back_button, !live);
  gtk_widget_set_visible (self->next_button, self->page < FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  gtk_widget_set_visible (self->run_button, self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  /* A user who may request an import but not approve it requests it. */
  gtk_button_set_label (GTK_BUTTON (self->run_button),
                        _ferry_migration_editor_is_edit (self) ? _("_Update Package")
                        : _ferry_migration_editor_request_only (self) ? _("_Request Import") : _("_Run"));
  gtk_widget_set_tooltip_text (self->run_button,
                               self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW ? reason : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.back", !live && self->page > FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next",
                                 self->page < FERRY_MIGRATION_EDITOR_PAGE_PREVIEW && reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.run",
                                 self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW && reason == NULL);

  /* Save Package… stays available and says why when it cannot (a menu
   * item has no tooltip); while a job runs it waits. */
  package_reason = _ferry_migration_editor_blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-package", !live && !job_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.refresh-preview",
                                 self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.open-plan", !live);

  if (live)
    {
      g_autofree char *route = g_strdup_printf ("%s → %s", environment_name (source_env (self)),
                                                environment_name (target_env (self)));

      adw_window_title_set_title (self->window_title, ferry_migration_what_page_get_name (self->what_page));
      adw_window_title_set_subtitle (self->window_title, route);
    }
  else
    adw_window_title_set_subtitle (self->window_title, _(subtitles[self->page]));
  update_live_actions (self);
  update_focus (self);
}

/* ------------------------------------------------------------------------ */
/* Page 3: the preview                                                        */
/* ------------------------------------------------------------------------ */

void
ferry_migration_editor_refresh_preview (FerryMigrationEditor *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));

  ferry_migration_preview_page_refresh (self->preview_page);
}

/* Anything the preview depends on changed. */
void
_ferry_migration_editor_definition_changed (FerryMigrationEditor *self)
{
  if (self->view_stack == NULL || ferry_migration_what_page_get_loading (self->what_page))
    return;
  /* A migration that ran is shown as it ran: nothing previews again. */
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
    return;

  ferry_migration_preview_page_set_stale (self->preview_page);
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    ferry_migration_preview_page_schedule_refresh (self->preview_page);
  ferry_migration_what_page_update_auto_name (self->what_page);
  _ferry_migration_editor_sync_source (self);
  /* Another source, target or project: checked again. */
  _ferry_migration_editor_update_preflight (self);
  _ferry_migration_editor_update_actions (self);
}

/* ------------------------------------------------------------------------ */
/* Pages                                                                      */
/* ------------------------------------------------------------------------ */

void
ferry_migration_editor_set_page (FerryMigrationEditor     *self,
                                 FerryMigrationEditorPage  page)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (page <= FERRY_MIGRATION_EDITOR_PAGE_RUN);

  /* Once a migration ran, the editor is its live page for good; the live
   * page needs one that ran. */
  if ((self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN) != (page == FERRY_MIGRATION_EDITOR_PAGE_RUN))
    {
      if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN || ferry_migration_live_page_get_job (self->live_page) == NULL)
        return;
    }

  if (self->page != page)
    {
      /* Run: the definition is no longer unsaved work. */
      if (page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
        _ferry_migration_editor_forget_draft (self);
      self->page = page;
      self->focus_pending = TRUE;
      adw_view_stack_set_visible_child_name (self->view_stack, page_names[page]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  _ferry_migration_editor_update_preflight (self);
  if (page == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW && !ferry_migration_preview_page_get_running (self->preview_page) &&
      (ferry_migration_preview_page_get_stale (self->preview_page) ||
       ferry_preview_view_get_result (ferry_migration_preview_page_get_view (self->preview_page)) == NULL))
    ferry_migration_editor_refresh_preview (self);
  _ferry_migration_editor_update_actions (self);
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
    ferry_migration_preview_page_set_stale (self->preview_page);   /* always a fresh look at the servers */
  ferry_migration_editor_set_page (self, self->page + 1);
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                  */
/* ------------------------------------------------------------------------ */

FerryMigrationDraft *
ferry_migration_editor_get_draft (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->draft;
}

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
  return ferry_migration_what_page_get_name (self->what_page);
}

void
ferry_migration_editor_set_name (FerryMigrationEditor *self,
                                 const char           *name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  ferry_migration_what_page_set_name (self->what_page, name);
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
  return ferry_migration_preview_page_get_view (self->preview_page);
}

FerryMigrationLivePage *
ferry_migration_editor_get_live_page (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->live_page;
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
  _ferry_migration_editor_clear_preflight (self);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  if (self->undo_job != NULL)
    g_signal_handlers_disconnect_by_data (self->undo_job, self);
  g_clear_object (&self->undo_job);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->draft != NULL)
    {
      if (source_env (self) != NULL)
        g_signal_handlers_disconnect_by_data (source_env (self), self);
      g_signal_handlers_disconnect_by_data (self->draft, self);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->content != NULL)
    g_signal_handlers_disconnect_by_data (self->content, self);
  /* The focus moves while the pages go: nothing to give it to any more. */
  g_signal_handlers_disconnect_by_func (self, focus_widget_cb, NULL);
  g_signal_handlers_disconnect_by_func (self, update_focus, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATION_EDITOR);

  self->content = NULL;
  self->settings = NULL;
  _ferry_migration_editor_flush_draft (self);
  if (self->close_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->close_dialog), (gpointer *) &self->close_dialog);
  self->close_dialog = NULL;
  g_clear_object (&self->draft);
  g_clear_object (&self->package_file);
  _ferry_migration_editor_clear_edit (self);

  G_OBJECT_CLASS (ferry_migration_editor_parent_class)->dispose (object);
}

static gboolean
close_request (GtkWindow *window)
{
  if (_ferry_migration_editor_close_request (FERRY_MIGRATION_EDITOR (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (ferry_migration_editor_parent_class)->close_request (window);
}

static void
ferry_migration_editor_finalize (GObject *object)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_free (self->plan_notice);
  g_free (self->blocked_reason);
  g_free (self->run_summary);

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
      g_value_set_object (value, ferry_migration_what_page_get_environments (self->what_page));
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
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
    case PROP_MONITOR:
      ferry_migration_editor_set_monitor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* "Show in Migrations": the window that opened the editor shows it. */
static void
show_migration_default (FerryMigrationEditor *self,
                        const char           *migration_id)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent == NULL || migration_id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-migrations", "s", migration_id);
  gtk_window_present (parent);
}

static void
ferry_migration_editor_class_init (FerryMigrationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_editor_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = close_request;
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
    g_param_spec_int ("page", NULL, NULL, FERRY_MIGRATION_EDITOR_PAGE_WHAT, FERRY_MIGRATION_EDITOR_PAGE_RUN,
                      FERRY_MIGRATION_EDITOR_PAGE_WHAT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, FERRY_TYPE_JOB, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKED_REASON] =
    g_param_spec_string ("blocked-reason", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FerryMigrationEditor:monitor:
   *
   * Runs and keeps the jobs the editor starts (the application's monitor,
   * so that closing the editor stops nothing). Without one, the editor
   * makes a monitor of its own when it first runs a job.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, FERRY_TYPE_MIGRATION_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryMigrationEditor::job-started:
   * @job: the FerryJob, already running
   */
  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_JOB);
  /**
   * FerryMigrationEditor::show-migration:
   * @migration_id: the migration the editor ran
   *
   * "Show in Migrations" was pressed. The default handler (run last)
   * activates "win.show-migrations" with the id on the window the editor is
   * transient for.
   */
  signals[SIGNAL_SHOW_MIGRATION] =
    g_signal_new_class_handler ("show-migration", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (show_migration_default), NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FERRY_TYPE_SETTINGS_EDITOR);
  g_type_ensure (FERRY_TYPE_PREVIEW_VIEW);
  g_type_ensure (FERRY_TYPE_MIGRATION_WHAT_PAGE);
  g_type_ensure (FERRY_TYPE_MIGRATION_RUN_BAR);
  g_type_ensure (FERRY_TYPE_MIGRATION_PREVIEW_PAGE);
  g_type_ensure (FERRY_TYPE_MIGRATION_LIVE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, notice_close_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, what_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, settings_editor);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, preview_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, live_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_status);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, next_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, run_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, undo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, done_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, show_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, login_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, blocked_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, blocked_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationEditor, blocked_label);

  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "editor.run", NULL, _ferry_migration_editor_run_action);
  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, _ferry_migration_editor_undo_action);
  gtk_widget_class_install_action (widget_class, "editor.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "editor.show-migration", NULL, _ferry_migration_editor_show_migration_action);
  gtk_widget_class_install_action (widget_class, "editor.open-plan", NULL, _ferry_migration_editor_open_plan_action);
  gtk_widget_class_install_action (widget_class, "editor.save-plan", NULL, _ferry_migration_editor_save_plan_action);
  gtk_widget_class_install_action (widget_class, "editor.save-package", NULL, _ferry_migration_editor_save_package_action);
  gtk_widget_class_install_action (widget_class, "editor.refresh-preview", NULL, _ferry_migration_editor_refresh_preview_action);
  gtk_widget_class_install_action (widget_class, "editor.retry", NULL, _ferry_migration_editor_retry_action);
  gtk_widget_class_install_action (widget_class, "editor.log-in", NULL, _ferry_migration_editor_login_action);
  gtk_widget_class_install_action (widget_class, "editor.check-again", NULL, _ferry_migration_editor_check_again_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "editor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "editor.open-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "editor.undo", NULL);
  /* Run from anywhere on the preview, not only where Enter reaches Run. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.run", NULL);
}

static void
settings_changed_cb (FerryMigrationEditor *self)
{
  _ferry_migration_editor_definition_changed (self);
}

static void
name_changed_cb (FerryMigrationEditor *self)
{
  _ferry_migration_editor_notify (self, PROP_NAME);
  _ferry_migration_editor_update_actions (self);
}

static void
resolve_failed_cb (FerryMigrationEditor *self,
                   const char           *message)
{
  _ferry_migration_editor_toast (self, message);
  ferry_migration_what_page_update (self->what_page);
  _ferry_migration_editor_update_actions (self);
}

static void
content_keep_both_cb (FerryMigrationEditor *self)
{
  ferry_settings_editor_set_content_keep_both (self->settings_editor,
                                               ferry_migration_what_page_get_content_keep_both (self->what_page));
}

static void
source_state_cb (FerryMigrationEditor *self)
{
  ferry_migration_what_page_source_changed (self->what_page);
  _ferry_migration_editor_sync_source (self);
  _ferry_migration_editor_definition_changed (self);
}

static void
ferry_migration_editor_init (FerryMigrationEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->draft = ferry_migration_draft_new ();
  self->content = ferry_migration_draft_get_content (self->draft);
  self->settings = ferry_migration_draft_get_settings (self->draft);

  /* The pages bind to the draft; its reason blocks Next/Run. */
  ferry_migration_what_page_set_draft (self->what_page, self->draft);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  /* The name row writes the draft's name. */
  ferry_migration_draft_set_name (self->draft, "");
  g_signal_connect_swapped (self->draft, "notify::blocked-reason", G_CALLBACK (_ferry_migration_editor_update_actions), self);

  ferry_settings_editor_set_settings (self->settings_editor, self->settings);

  g_signal_connect_swapped (self->what_page, "definition-changed", G_CALLBACK (_ferry_migration_editor_definition_changed), self);
  g_signal_connect_swapped (self->what_page, "name-changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->what_page, "resolve-failed", G_CALLBACK (resolve_failed_cb), self);
  g_signal_connect_swapped (self->what_page, "notify::content-keep-both", G_CALLBACK (content_keep_both_cb), self);
  ferry_migration_preview_page_set_draft (self->preview_page, self->draft);
  g_signal_connect_swapped (self->preview_page, "changed", G_CALLBACK (_ferry_migration_editor_update_actions), self);
  g_signal_connect_swapped (self->live_page, "changed", G_CALLBACK (_ferry_migration_editor_update_actions), self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_cb), NULL);
  g_signal_connect_after (self, "map", G_CALLBACK (update_focus), NULL);
  g_signal_connect_swapped (self->notice_close_button, "clicked", G_CALLBACK (_ferry_migration_editor_notice_close_cb), self);

  self->page = FERRY_MIGRATION_EDITOR_PAGE_WHAT;
  /* Next takes the focus as soon as it can: not "Open Plan…". */
  self->focus_pending = TRUE;
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
  ferry_migration_what_page_set_loading (self->what_page, TRUE);
  ferry_migration_what_page_append_objects (self->what_page, selected_object_ids);
  ferry_toc_settings_set_project_merge (self->settings, merge);
  ferry_migration_what_page_set_loading (self->what_page, FALSE);

  ferry_migration_editor_set_target (self, target, target_project_id,
                                     target_project_name ? target_project_name : target_project_id);
  ferry_migration_what_page_queue_resolve (self->what_page);
  ferry_migration_what_page_update_auto_name (self->what_page);
  ferry_migration_what_page_update (self->what_page);
  _ferry_migration_editor_sync_source (self);
  _ferry_migration_editor_update_actions (self);
  _ferry_migration_editor_watch_draft (self);
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

  /* A migration that ran is no longer being defined. */
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
    return 0;
  ferry_migration_what_page_set_loading (self->what_page, TRUE);
  added = ferry_migration_what_page_append_objects (self->what_page, object_ids);
  if (added > 0)
    ferry_toc_settings_set_project_merge (self->settings, FALSE);
  ferry_migration_what_page_set_loading (self->what_page, FALSE);
  if (added == 0)
    return 0;

  ferry_migration_what_page_queue_resolve (self->what_page);
  ferry_migration_what_page_update_auto_name (self->what_page);
  ferry_migration_what_page_update (self->what_page);
  _ferry_migration_editor_definition_changed (self);
  return added;
}

void
ferry_migration_editor_set_target (FerryMigrationEditor *self,
                                   FerryEnvironment     *target,
                                   const char           *project_id,
                                   const char           *project_name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (target == NULL || FERRY_IS_ENVIRONMENT (target));

  ferry_migration_what_page_set_target (self->what_page, target, project_id, project_name);
}

void
ferry_migration_editor_set_environments (FerryMigrationEditor *self,
                                         GListModel           *environments)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  ferry_migration_what_page_set_environments (self->what_page, environments);
  _ferry_migration_editor_notify (self, PROP_ENVIRONMENTS);
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

  if (!ferry_migration_what_page_describe_from (self->what_page, inventory, FALSE))
    return;
  ferry_migration_what_page_update_auto_name (self->what_page);
  ferry_migration_what_page_update (self->what_page);
  _ferry_migration_editor_definition_changed (self);
}

void
_ferry_migration_editor_notify (FerryMigrationEditor *self,
                                guint                 prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_ferry_migration_editor_emit_job_started (FerryMigrationEditor *self,
                                          FerryJob             *job)
{
  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
}

void
_ferry_migration_editor_emit_show_migration (FerryMigrationEditor *self,
                                             const char           *migration_id)
{
  g_signal_emit (self, signals[SIGNAL_SHOW_MIGRATION], 0, migration_id);
}
