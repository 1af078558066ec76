/* ferry-migration-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-cell.h"

#include "ferry-cell-icon.h"
#include "ferry-cell-text.h"

#include "ferry-migrations-view-private.h"
#include "ferry-widget-util.h"

struct _FerryMigrationCell
{
  GtkWidget              parent_instance;

  FerryMigrationsView   *view;              /* weak */
  FerryMigrationsColumn  column;
  FerryMigration        *migration;
  gulong                 notify_handler;
  GtkWidget             *image;             /* FerryCellIcon: the state's */
  GtkWidget             *text;              /* FerryCellText */
  GtkWidget             *second;            /* FerryCellText: the route's projects */
  /* Made when first shown: most rows have neither, and the column view
   * makes and drops rows by the hundred. */
  GtkWidget             *progress;          /* GtkProgressBar */
  GtkWidget             *badge;             /* FerryCellIcon: the certification (package status) */
};

G_DEFINE_FINAL_TYPE (FerryMigrationCell, ferry_migration_cell, GTK_TYPE_WIDGET)

/* The certification, a small pill beside the package's state (its word in
 * the tooltip and the accessible label). */
static void
update_badge (FerryMigrationCell *self,
              FerryMigration     *m)
{
  const char *icon = NULL;
  const char *style = NULL;
  const char *word = m != NULL ? ferry_migration_details_describe_certification (m, &icon, &style) : NULL;

  if (word == NULL)
    {
      if (self->badge != NULL)
        gtk_widget_set_visible (self->badge, FALSE);
      return;
    }
  if (self->badge == NULL)
    {
      self->badge = ferry_cell_icon_new (12);
      gtk_widget_set_valign (self->badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->badge, "certification-badge");
      gtk_widget_set_parent (self->badge, GTK_WIDGET (self));
    }
  gtk_widget_set_visible (self->badge, TRUE);
  ferry_cell_icon_set_icon_name (FERRY_CELL_ICON (self->badge), icon);
  gtk_widget_remove_css_class (self->badge, "success");
  gtk_widget_remove_css_class (self->badge, "error");
  gtk_widget_remove_css_class (self->badge, "accent");
  gtk_widget_add_css_class (self->badge, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_PROPERTY_LABEL, word, -1);
}

void
ferry_migration_cell_update (FerryMigrationCell *self)
{
  static const char *const styles[] = { "success", "warning", "error", "accent", "dim-label", NULL };
  FerryMigrationsView *view = self->view;
  FerryMigration *m = self->migration;

  if (view == NULL || m == NULL)
    {
      ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), NULL);
      if (self->second != NULL)
        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->second), NULL);
      if (self->progress != NULL)
        gtk_widget_set_visible (self->progress, FALSE);
      if (self->badge != NULL)
        gtk_widget_set_visible (self->badge, FALSE);
      return;
    }

  switch (self->column)
    {
    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      {
        g_autofree char *route = _ferry_migrations_view_dup_route_line (view, m);
        g_autofree char *projects = _ferry_migrations_view_dup_projects_line (m);

        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), route);
        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->second), projects);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      {
        const char *icon = NULL;
        const char *style = NULL;
        const char *word;

        if (self->column == FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS)
          {
            /* A failed validation of a package not imported yet says so. */
            word = ferry_migration_details_describe_list_state (m, &icon, &style);
            update_badge (self, m);
          }
        else
          word = ferry_migration_details_describe_import_state (m, &icon, &style);
        ferry_cell_icon_set_icon_name (FERRY_CELL_ICON (self->image), icon);
        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), word);
        for (guint i = 0; styles[i] != NULL; i++)
          if (g_strcmp0 (styles[i], style) != 0)
            gtk_widget_remove_css_class (GTK_WIDGET (self), styles[i]);
        if (style != NULL)
          gtk_widget_add_css_class (GTK_WIDGET (self), style);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        double progress = _ferry_migrations_view_row_progress (view, m, NULL);

        if (progress >= 0.0 && self->progress == NULL)
          {
            self->progress = gtk_progress_bar_new ();
            gtk_widget_set_hexpand (self->progress, TRUE);
            gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
            gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
            gtk_widget_insert_before (self->progress, GTK_WIDGET (self), self->text);
          }
        if (self->progress != NULL)
          gtk_widget_set_visible (self->progress, progress >= 0.0);
        gtk_widget_set_visible (self->text, progress >= 0.0);
        if (progress >= 0.0)
          {
            /* Translators: a progress, e.g. "45 %" */
            g_autofree char *percent = g_strdup_printf (_("%.0f %%"), progress * 100.0);

            ferry_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), progress);
            ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), percent);
          }
        else
          ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), NULL);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_NAME:
      {
        g_autofree char *text = ferry_migrations_view_dup_cell_text (view, m, self->column);

        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), text);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PURPOSE:
    case FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE:
    case FERRY_MIGRATIONS_COLUMN_CREATOR:
    case FERRY_MIGRATIONS_COLUMN_CREATED:
    case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
    default:
      {
        g_autofree char *text = ferry_migrations_view_dup_cell_text (view, m, self->column);

        ferry_cell_text_set_text (FERRY_CELL_TEXT (self->text), text);
      }
      break;
    }
}

/* Tooltips are made when asked for: setting one on every bind costs a
 * round trip to the display server. */
char *
ferry_migration_cell_dup_tooltip (FerryMigrationCell *self)
{
  FerryMigrationsView *view;
  FerryMigration *m;
  char *text = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION_CELL (self), NULL);

  view = self->view;
  m = self->migration;
  if (view == NULL || m == NULL)
    return NULL;

  switch (self->column)
    {
    case FERRY_MIGRATIONS_COLUMN_NAME:
      text = g_strdup_printf ("%s\n%s", _ferry_migrations_view_migration_name (m), ferry_migration_get_id (m));
      break;

    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      text = ferry_migrations_view_dup_cell_text (view, m, self->column);
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      {
        gboolean package = self->column == FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS;
        const char *word = package ? ferry_migration_details_describe_list_state (m, NULL, NULL)
                                   : ferry_migration_details_describe_import_state (m, NULL, NULL);
        const char *message = package ? ferry_migration_get_package_message (m)
                                      : ferry_migration_get_import_message (m);

        /* Failed rows: the server's message one hover away (and in the
         * details, one click away). */
        if (message != NULL && *message != '\0')
          text = g_strdup_printf ("%s: %s", word, message);
        else
          text = g_strdup (word);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        const char *label = NULL;

        if (_ferry_migrations_view_row_progress (view, m, &label) < 0.0 || label == NULL)
          return NULL;
        text = g_strdup (label);
      }
      break;

    default:
      break;
    }
  return text;
}

/* A class handler, not a signal handler per cell: the column view makes
 * and drops cells by the thousand, and each instance with handlers costs
 * GLib a table entry to add and remove. */
static gboolean
ferry_migration_cell_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard,
                                    GtkTooltip *tooltip)
{
  g_autofree char *text = ferry_migration_cell_dup_tooltip (FERRY_MIGRATION_CELL (widget));

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_migration_notify_cb (FerryMigrationCell *self)
{
  ferry_migration_cell_update (self);
}

FerryMigration *
ferry_migration_cell_get_migration (FerryMigrationCell *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_CELL (self), NULL);

  return self->migration;
}

void
ferry_migration_cell_set_migration (FerryMigrationCell *self,
                                    FerryMigration     *migration)
{
  g_return_if_fail (FERRY_IS_MIGRATION_CELL (self));

  if (self->migration == migration)
    return;
  if (self->migration != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->migration);
      g_clear_object (&self->migration);
    }
  if (migration != NULL)
    {
      self->migration = g_object_ref (migration);
      self->notify_handler = g_signal_connect_swapped (migration, "notify",
                                                       G_CALLBACK (cell_migration_notify_cb), self);
    }
  ferry_migration_cell_update (self);
}

static GtkWidget *
new_text (guint min_chars,
          guint nat_chars,
          guint nat_lines)
{
  GtkWidget *text = ferry_cell_text_new (min_chars, nat_chars, nat_lines);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  return text;
}

GtkWidget *
ferry_migration_cell_new (FerryMigrationsView   *view,
                          FerryMigrationsColumn  column)
{
  FerryMigrationCell *self = g_object_new (FERRY_TYPE_MIGRATION_CELL, NULL);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->column = column;
  g_set_weak_pointer (&self->view, view);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  switch (column)
    {
    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
      self->text = new_text (8, 24, 1);
      self->second = new_text (8, 24, 1);
      gtk_widget_add_css_class (self->second, "caption");
      gtk_widget_add_css_class (self->second, "dim-label");
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      gtk_widget_set_parent (self->second, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      self->image = ferry_cell_icon_new (16);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      self->text = new_text (6, 14, 1);
      gtk_widget_set_parent (self->image, GTK_WIDGET (self));
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "migration-state");
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      self->text = new_text (5, 5, 1);
      gtk_widget_set_hexpand (self->text, FALSE);
      gtk_widget_add_css_class (self->text, "numeric");
      gtk_widget_set_visible (self->text, FALSE);
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_CREATED:
    case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
      self->text = new_text (10, 16, 1);
      gtk_widget_add_css_class (self->text, "numeric");
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_NAME:
      /* Long names (the editor's "Merge X: Development → Production,
       * 7 Dec 2026") wrap to a second line, as tall as the route's two,
       * before they are cut. */
      self->text = new_text (8, 28, 2);
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    default:
      self->text = new_text (6, 14, 1);
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;
    }

  if (view != NULL)
    _ferry_migrations_view_add_cell (view, self);
  return GTK_WIDGET (self);
}

static void
ferry_migration_cell_dispose (GObject *object)
{
  FerryMigrationCell *self = FERRY_MIGRATION_CELL (object);
  GtkWidget *child;

  if (self->view != NULL)
    _ferry_migrations_view_remove_cell (self->view, self);
  g_clear_weak_pointer (&self->view);
  ferry_migration_cell_set_migration (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_migration_cell_parent_class)->dispose (object);
}

static void
ferry_migration_cell_class_init (FerryMigrationCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_cell_dispose;
  widget_class->query_tooltip = ferry_migration_cell_query_tooltip;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferry-migration-cell");
}

static void
ferry_migration_cell_init (FerryMigrationCell *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

