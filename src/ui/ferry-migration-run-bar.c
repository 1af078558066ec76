/* ferry-migration-run-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-run-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-run-bar.h"

#include "ferry-widget-util.h"

struct _FerryMigrationRunBar
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkRevealer    *run_revealer;
  GtkImage       *run_icon;
  GtkLabel       *run_label;
  GtkLabel       *run_percent;
  GtkProgressBar *run_bar;
  GtkWidget      *run_error_box;
  GtkLabel       *run_error_label;
  GtkWidget      *login_button;
  GtkWidget      *retry_button;

  FerryJob       *job;
};

G_DEFINE_FINAL_TYPE (FerryMigrationRunBar, ferry_migration_run_bar, ADW_TYPE_BIN)

void
ferry_migration_run_bar_update (FerryMigrationRunBar *self)
{
  FerryJob *job;
  g_autofree char *percent = NULL;
  const char *label;

  g_return_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self));

  job = self->job;
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
  ferry_progress_bar_set_fraction (self->run_bar, ferry_job_get_progress (job));
  percent = g_strdup_printf ("%.0f %%", ferry_job_get_progress (job) * 100.0);
  gtk_label_set_label (self->run_percent, percent);
}

static void
job_changed_cb (FerryMigrationRunBar *self)
{
  ferry_migration_run_bar_update (self);
}

void
ferry_migration_run_bar_set_job (FerryMigrationRunBar *self,
                                 FerryJob             *job)
{
  g_return_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self));
  g_return_if_fail (job == NULL || FERRY_IS_JOB (job));

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify::progress", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::step-label", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (job, "notify::warning", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_image_set_from_icon_name (self->run_icon, "emblem-synchronizing-symbolic");
  gtk_widget_set_visible (self->run_error_box, FALSE);
}

FerryJob *
ferry_migration_run_bar_get_job (FerryMigrationRunBar *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self), NULL);
  return self->job;
}

void
ferry_migration_run_bar_show_succeeded (FerryMigrationRunBar *self,
                                        const char           *text)
{
  g_return_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self));

  ferry_migration_run_bar_update (self);
  gtk_widget_set_visible (self->run_error_box, FALSE);
  gtk_image_set_from_icon_name (self->run_icon, "object-select-symbolic");
  gtk_label_set_label (self->run_label, text);
}

void
ferry_migration_run_bar_show_failed (FerryMigrationRunBar *self,
                                     const char           *label,
                                     const char           *text,
                                     gboolean              login)
{
  g_return_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self));

  ferry_migration_run_bar_update (self);
  gtk_widget_set_visible (self->run_error_box, TRUE);
  gtk_image_set_from_icon_name (self->run_icon, "dialog-error-symbolic");
  gtk_label_set_label (self->run_label, label);
  gtk_label_set_label (self->run_error_label, text);
  gtk_widget_set_visible (self->login_button, login);
  gtk_widget_set_visible (self->retry_button, TRUE);
}

void
ferry_migration_run_bar_show_cancelled (FerryMigrationRunBar *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_RUN_BAR (self));

  ferry_migration_run_bar_update (self);
  gtk_widget_set_visible (self->run_error_box, FALSE);
  gtk_image_set_from_icon_name (self->run_icon, "process-stop-symbolic");
  gtk_label_set_label (self->run_label, _("Stopped watching: the server goes on with the work it started"));
}

static void
ferry_migration_run_bar_dispose (GObject *object)
{
  FerryMigrationRunBar *self = FERRY_MIGRATION_RUN_BAR (object);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  /* Not gtk_widget_dispose_template(): the template's root is the bin's
   * child (run_revealer), which AdwBin unparents itself. */

  G_OBJECT_CLASS (ferry_migration_run_bar_parent_class)->dispose (object);
}

static void
ferry_migration_run_bar_class_init (FerryMigrationRunBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_run_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-run-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_percent);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_error_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, run_error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, login_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationRunBar, retry_button);
}

static void
ferry_migration_run_bar_init (FerryMigrationRunBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
