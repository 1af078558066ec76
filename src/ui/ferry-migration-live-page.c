/* ferry-migration-live-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-live-page.h"

#include "ferry-widget-util.h"

struct _FerryMigrationLivePage
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkImage       *live_icon;
  GtkLabel       *live_title;
  GtkLabel       *live_description;
  GtkWidget      *progress_box;
  GtkProgressBar *live_progress;
  GtkLabel       *live_percent;

  /* shown */
  FerryJob       *job;
  char           *target_name;
  char           *name;
  char           *summary;
  FerryLiveState  state;
};

G_DEFINE_FINAL_TYPE (FerryMigrationLivePage, ferry_migration_live_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FerryLiveState
state_of (FerryJob *job)
{
  gboolean undo = FERRY_IS_UNDO_JOB (job);

  if (job == NULL)
    return FERRY_LIVE_STATE_NONE;
  if (FERRY_IS_PACKAGE_EDIT_JOB (job))
    switch (ferry_job_get_state (job))
      {
      case FERRY_JOB_STATE_SUCCEEDED:
        return FERRY_LIVE_STATE_UPDATED;
      case FERRY_JOB_STATE_FAILED:
        return FERRY_LIVE_STATE_UPDATE_FAILED;
      case FERRY_JOB_STATE_CANCELLED:
        return FERRY_LIVE_STATE_STOPPED;
      case FERRY_JOB_STATE_READY:
      case FERRY_JOB_STATE_RUNNING:
      default:
        return FERRY_LIVE_STATE_UPDATING;
      }
  switch (ferry_job_get_state (job))
    {
    case FERRY_JOB_STATE_SUCCEEDED:
      if (FERRY_IS_MIGRATION_JOB (job) && ferry_migration_job_get_request_only (job))
        return FERRY_LIVE_STATE_REQUESTED;
      return undo ? FERRY_LIVE_STATE_UNDONE : FERRY_LIVE_STATE_IMPORTED;
    case FERRY_JOB_STATE_FAILED:
      return undo ? FERRY_LIVE_STATE_UNDO_FAILED : FERRY_LIVE_STATE_FAILED;
    case FERRY_JOB_STATE_CANCELLED:
      return FERRY_LIVE_STATE_STOPPED;
    case FERRY_JOB_STATE_READY:
    case FERRY_JOB_STATE_RUNNING:
    default:
      return undo ? FERRY_LIVE_STATE_UNDOING : FERRY_LIVE_STATE_IMPORTING;
    }
}

static void
set_icon (FerryMigrationLivePage *self,
          const char             *icon_name,
          const char             *css_class)
{
  static const char * const classes[] = { "dim-label", "success", "error", "warning" };

  gtk_image_set_from_icon_name (self->live_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->live_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->live_icon), css_class);
}

/* What the job does now: its step, and the transient failure it rides out. */
static char *
step_text (FerryJob *job)
{
  const char *step = ferry_job_get_step_label (job);
  const char *warning = ferry_job_get_warning (job);

  if (step == NULL)
    step = _("Starting…");
  if (warning != NULL)
    /* Translators: the job's step, then a failure it retries */
    return g_strdup_printf (_("%s (retrying: %s)"), step, warning);
  return g_strdup (step);
}

static char *
error_text (FerryJob *job)
{
  const GError *error = ferry_job_get_error (job);

  return error != NULL ? ferry_api_error_describe (error) : g_strdup (_("Unknown error"));
}

static void
update (FerryMigrationLivePage *self)
{
  FerryLiveState state = state_of (self->job);
  const char *target = self->target_name ? self->target_name : "";
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  gboolean progress = FALSE;
  gboolean selectable = FALSE;

  switch (state)
    {
    case FERRY_LIVE_STATE_IMPORTING:
      title = g_strdup_printf (_("Importing into %s…"), target);
      description = step_text (self->job);
      set_icon (self, "emblem-synchronizing-symbolic", "dim-label");
      progress = TRUE;
      break;

    case FERRY_LIVE_STATE_IMPORTED:
      title = g_strdup_printf (_("Imported into %s"), target);
      /* Translators: the migration's name, then what changed ("12 objects updated, 3 added") */
      description = self->summary != NULL ? g_strdup_printf (_("“%s”: %s."), self->name, self->summary)
                                          : g_strdup_printf (_("“%s” was imported."), self->name);
      set_icon (self, "object-select-symbolic", "success");
      break;

    case FERRY_LIVE_STATE_REQUESTED:
      title = g_strdup (_("Import Requested"));
      /* Translators: the migration's name, then the target environment */
      description = g_strdup_printf (_("“%s” is ready to be imported: an administrator of %s must approve it. "
                                       "Until then nothing changes there; the Migrations page shows the request."),
                                     self->name, target);
      set_icon (self, "document-send-symbolic", "success");
      break;

    case FERRY_LIVE_STATE_FAILED:
      {
        g_autofree char *error = error_text (self->job);

        title = g_strdup_printf (_("Not imported into %s"), target);
        /* Translators: the migration's name, then the server's message */
        description = g_strdup_printf (_("“%s” failed, and nothing was changed in %s: %s"), self->name, target, error);
        set_icon (self, "dialog-error-symbolic", "error");
        selectable = TRUE;
      }
      break;

    case FERRY_LIVE_STATE_STOPPED:
      title = g_strdup (_("Stopped watching"));
      description = g_strdup (_("The server goes on with the work it started; the Migrations page follows it."));
      set_icon (self, "process-stop-symbolic", "dim-label");
      break;

    case FERRY_LIVE_STATE_UNDOING:
      title = g_strdup (_("Undoing…"));
      {
        g_autofree char *step = step_text (self->job);

        /* Translators: the target environment, then the job's step */
        description = g_strdup_printf (_("Putting %s back as it was: %s"), target, step);
      }
      set_icon (self, "edit-undo-symbolic", "dim-label");
      progress = TRUE;
      break;

    case FERRY_LIVE_STATE_UNDONE:
      title = g_strdup_printf (_("Undone: %s is back as it was"), target);
      description = g_strdup_printf (_("“%s” was undone."), self->name);
      set_icon (self, "edit-undo-symbolic", "success");
      break;

    case FERRY_LIVE_STATE_UNDO_FAILED:
      {
        g_autofree char *error = error_text (self->job);

        title = g_strdup (_("Undo failed"));
        description = g_strdup_printf (_("%s may be only partly back as it was: %s"), target, error);
        set_icon (self, "dialog-error-symbolic", "error");
        selectable = TRUE;
      }
      break;

    case FERRY_LIVE_STATE_UPDATING:
      title = g_strdup (_("Updating the Package…"));
      description = step_text (self->job);
      set_icon (self, "emblem-synchronizing-symbolic", "dim-label");
      progress = TRUE;
      break;

    case FERRY_LIVE_STATE_UPDATED:
      title = g_strdup (_("Package Updated"));
      /* Translators: the package's name, then the environment that holds it */
      description = g_strdup_printf (_("“%s” was created anew in %s with the changes. "
                                       "Nothing was imported: the migration goes on from the Migrations page."),
                                     self->name, target);
      set_icon (self, "object-select-symbolic", "success");
      break;

    case FERRY_LIVE_STATE_UPDATE_FAILED:
      {
        g_autofree char *error = error_text (self->job);

        title = g_strdup (_("Package Not Updated"));
        /* Translators: the package's name, then the server's message */
        description = g_strdup_printf (_("“%s” could not be updated: %s"), self->name, error);
        set_icon (self, "dialog-error-symbolic", "error");
        selectable = TRUE;
      }
      break;

    case FERRY_LIVE_STATE_NONE:
    default:
      title = g_strdup ("");
      description = g_strdup ("");
      break;
    }

  gtk_label_set_label (self->live_title, title);
  gtk_label_set_label (self->live_description, description);
  gtk_label_set_selectable (self->live_description, selectable);
  gtk_widget_set_visible (self->progress_box, progress);
  if (progress)
    {
      g_autofree char *percent = g_strdup_printf ("%.0f %%", ferry_job_get_progress (self->job) * 100.0);

      ferry_progress_bar_set_fraction (self->live_progress, ferry_job_get_progress (self->job));
      gtk_label_set_label (self->live_percent, percent);
    }

  if (state != self->state)
    {
      self->state = state;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

void
ferry_migration_live_page_set_job (FerryMigrationLivePage *self,
                                   FerryJob               *job,
                                   const char             *target_name,
                                   const char             *name,
                                   const char             *summary)
{
  g_return_if_fail (FERRY_IS_MIGRATION_LIVE_PAGE (self));
  g_return_if_fail (job == NULL || FERRY_IS_JOB (job));

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  g_free (self->target_name);
  self->target_name = g_strdup (target_name);
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  g_free (self->summary);
  self->summary = g_strdup (summary);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::progress", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::step-label", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::warning", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "finished", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  /* A new job is a new state, even when it looks the same. */
  self->state = FERRY_LIVE_STATE_NONE;
  update (self);
}

FerryJob *
ferry_migration_live_page_get_job (FerryMigrationLivePage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIVE_PAGE (self), NULL);
  return self->job;
}

FerryLiveState
ferry_migration_live_page_get_state (FerryMigrationLivePage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIVE_PAGE (self), FERRY_LIVE_STATE_NONE);
  return self->state;
}

const char *
ferry_migration_live_page_get_title (FerryMigrationLivePage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIVE_PAGE (self), NULL);
  return gtk_label_get_label (self->live_title);
}

const char *
ferry_migration_live_page_get_description (FerryMigrationLivePage *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIVE_PAGE (self), NULL);
  return gtk_label_get_label (self->live_description);
}

static void
ferry_migration_live_page_dispose (GObject *object)
{
  FerryMigrationLivePage *self = FERRY_MIGRATION_LIVE_PAGE (object);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  /* Not gtk_widget_dispose_template(): the template's root is the bin's
   * child, which AdwBin unparents itself. */

  G_OBJECT_CLASS (ferry_migration_live_page_parent_class)->dispose (object);
}

static void
ferry_migration_live_page_finalize (GObject *object)
{
  FerryMigrationLivePage *self = FERRY_MIGRATION_LIVE_PAGE (object);

  g_free (self->target_name);
  g_free (self->name);
  g_free (self->summary);

  G_OBJECT_CLASS (ferry_migration_live_page_parent_class)->finalize (object);
}

static void
ferry_migration_live_page_class_init (FerryMigrationLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_live_page_dispose;
  object_class->finalize = ferry_migration_live_page_finalize;

  /**
   * FerryMigrationLivePage::changed:
   *
   * The state (importing, imported, failed, undoing, …) moved.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, live_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, live_title);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, live_description);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, live_progress);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationLivePage, live_percent);
}

static void
ferry_migration_live_page_init (FerryMigrationLivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
