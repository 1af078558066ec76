/* ferry-migration-preview-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-preview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-preview-page.h"
#include "ferry-preflight-view.h"

/* After an edit on the Preview page, wait this long before previewing again. */
#define REFRESH_DELAY_MS 400

struct _FerryMigrationPreviewPage
{
  AdwBin               parent_instance;

  /* template widgets */
  FerryPreviewView    *view;
  FerryPreflightView  *preflight_view;

  FerryMigrationDraft *draft;
  GCancellable        *cancellable;      /* the running preview's */
  gboolean             running;
  gboolean             stale;
  guint                refresh_id;
};

G_DEFINE_FINAL_TYPE (FerryMigrationPreviewPage, ferry_migration_preview_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (FerryMigrationPreviewPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

typedef struct
{
  FerryMigrationPreviewPage *self;
  GCancellable              *cancellable;
} Call;

static Call *
call_new (FerryMigrationPreviewPage *self,
          GCancellable              *cancellable)
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
  ferry_preview_view_show_loading (call->self->view, message, fraction);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  FerryMigrationPreviewPage *self = call->self;
  g_autoptr(FerryPreviewResult) preview = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (call->cancellable);

  preview = ferry_preview_run_finish (result, &error);
  /* call is freed with the progress data (after this callback) */
  if (cancelled)
    return;

  self->running = FALSE;
  if (preview == NULL)
    ferry_preview_view_show_error (self->view, error);
  else
    {
      self->stale = FALSE;
      ferry_preview_view_set_result (self->view, preview);
    }
  changed (self);
}

void
ferry_migration_preview_page_refresh (FerryMigrationPreviewPage *self)
{
  FerryMigrationDraft *draft;
  FerryEnvironment *source, *target;
  const char *reason;
  Call *call;

  g_return_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self));
  g_return_if_fail (self->draft != NULL);

  draft = self->draft;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  reason = ferry_migration_draft_get_blocked_reason (draft);
  if (reason != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, reason);

      self->running = FALSE;
      self->stale = TRUE;
      ferry_preview_view_show_error (self->view, error);
      changed (self);
      return;
    }

  source = ferry_migration_draft_get_source (draft);
  target = ferry_migration_draft_get_target (draft);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  self->stale = TRUE;
  ferry_preview_view_show_loading (self->view, NULL, -1);
  call = call_new (self, self->cancellable);
  ferry_preview_run_async (ferry_migration_draft_get_source_connection (draft),
                           ferry_migration_draft_get_package_source_project (draft),
                           ferry_environment_get_name (source),
                           ferry_migration_draft_get_target_connection (draft),
                           ferry_migration_draft_get_package_target_project (draft),
                           ferry_environment_get_name (target),
                           ferry_migration_draft_get_settings (draft),
                           ferry_migration_draft_get_project_merge (draft)
                           ? NULL : G_LIST_MODEL (ferry_migration_draft_get_content (draft)),
                           preview_progress_cb, call, (GDestroyNotify) call_free,
                           self->cancellable, preview_done_cb, call);
  changed (self);
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  FerryMigrationPreviewPage *self = data;

  self->refresh_id = 0;
  ferry_migration_preview_page_refresh (self);
  return G_SOURCE_REMOVE;
}

void
ferry_migration_preview_page_schedule_refresh (FerryMigrationPreviewPage *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self));

  self->stale = TRUE;
  g_cancellable_cancel (self->cancellable);
  self->running = FALSE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

void
ferry_migration_preview_page_set_stale (FerryMigrationPreviewPage *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self));
  self->stale = TRUE;
}

gboolean
ferry_migration_preview_page_get_stale (FerryMigrationPreviewPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self), TRUE);
  return self->stale;
}

gboolean
ferry_migration_preview_page_get_running (FerryMigrationPreviewPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self), FALSE);
  return self->running;
}

char *
ferry_migration_preview_page_dup_blocked_reason (FerryMigrationPreviewPage *self)
{
  FerryPreviewResult *result;

  g_return_val_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self), NULL);

  result = ferry_preview_view_get_result (self->view);
  if (self->running || self->refresh_id != 0)
    return g_strdup (_("The preview is not ready yet"));
  if (g_strcmp0 (ferry_preview_view_get_state (self->view), "error") == 0)
    return g_strdup (_("The preview failed: retry it"));
  if (result == NULL || self->stale)
    return g_strdup (_("The preview is out of date: refresh it (menu, Refresh Preview)"));
  if (ferry_preview_result_get_failure (result) != NULL)
    return g_strdup (_("The migration would fail: see the preview"));
  if (ferry_preview_result_get_n_items (result) == 0)
    return g_strdup (_("The migration touches no object"));
  return NULL;
}

FerryPreflightView *
ferry_migration_preview_page_get_preflight_view (FerryMigrationPreviewPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self), NULL);
  return self->preflight_view;
}

FerryPreviewView *
ferry_migration_preview_page_get_view (FerryMigrationPreviewPage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self), NULL);
  return self->view;
}

void
ferry_migration_preview_page_set_draft (FerryMigrationPreviewPage *self,
                                        FerryMigrationDraft       *draft)
{
  g_return_if_fail (FERRY_IS_MIGRATION_PREVIEW_PAGE (self));
  g_return_if_fail (draft == NULL || FERRY_IS_MIGRATION_DRAFT (draft));

  g_set_object (&self->draft, draft);
}

static void
retry_cb (FerryMigrationPreviewPage *self)
{
  ferry_migration_preview_page_refresh (self);
}

static void
ferry_migration_preview_page_dispose (GObject *object)
{
  FerryMigrationPreviewPage *self = FERRY_MIGRATION_PREVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->draft);
  /* Not gtk_widget_dispose_template(): the template's root is the bin's
   * child (view), which AdwBin unparents itself. */

  G_OBJECT_CLASS (ferry_migration_preview_page_parent_class)->dispose (object);
}

static void
ferry_migration_preview_page_class_init (FerryMigrationPreviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_preview_page_dispose;

  /**
   * FerryMigrationPreviewPage::changed:
   *
   * Whether the preview runs, is out of date or failed may have changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FERRY_TYPE_PREVIEW_VIEW);
  g_type_ensure (FERRY_TYPE_PREFLIGHT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferryapp/Ferry/ferry-migration-preview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationPreviewPage, view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationPreviewPage, preflight_view);
}

static void
ferry_migration_preview_page_init (FerryMigrationPreviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->stale = TRUE;
  ferry_preview_view_show_empty (self->view);
  g_signal_connect_swapped (self->view, "retry", G_CALLBACK (retry_cb), self);
}
