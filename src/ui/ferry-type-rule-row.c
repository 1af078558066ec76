/* ferry-type-rule-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-type-rule-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-type-rule-row.h"

struct _FerryTypeRuleRow
{
  GtkListBoxRow        parent_instance;

  /* template children */
  GtkBox              *box;
  GtkDropDown         *type_drop_down;

  /* owned */
  FerryObjectTypeRule *rule;
  GtkStringList       *model;        /* the presets, then the rule's own type if none fits */
  gboolean             has_custom;
  gboolean             syncing;
};

G_DEFINE_FINAL_TYPE (FerryTypeRuleRow, ferry_type_rule_row, GTK_TYPE_LIST_BOX_ROW)

/* Selects the rule's type, adding it after the presets when it is none. */
static void
sync_from_rule (FerryTypeRuleRow *self)
{
  int type = ferry_object_type_rule_get_object_type (self->rule);
  int subtype = ferry_object_type_rule_get_subtype (self->rule);
  int index = ferry_object_type_preset_find (type, subtype);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  if (self->has_custom)
    {
      gtk_string_list_remove (self->model, ferry_object_type_presets_get_n ());
      self->has_custom = FALSE;
    }
  if (index < 0)
    {
      const char *name = ferry_object_type_name (type, subtype);
      g_autofree char *label = NULL;

      if (subtype > 0)
        label = name ? g_strdup_printf (_("%s (type %d, subtype %d)"), name, type, subtype)
                     : g_strdup_printf (_("Type %d, subtype %d"), type, subtype);
      else
        label = name ? g_strdup_printf (_("%s (all subtypes)"), name)
                     : g_strdup_printf (_("Type %d (all subtypes)"), type);
      gtk_string_list_append (self->model, label);
      self->has_custom = TRUE;
      index = ferry_object_type_presets_get_n ();
    }
  gtk_drop_down_set_selected (self->type_drop_down, (guint) index);
  self->syncing = FALSE;
}

static void
type_selected_cb (FerryTypeRuleRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_drop_down);
  int type = 0, subtype = 0;

  if (self->rule == NULL || self->syncing || selected >= ferry_object_type_presets_get_n ())
    return;
  self->syncing = TRUE;
  ferry_object_type_preset_get (selected, &type, &subtype);
  /* Both at once would be nicer; subtype first keeps every step valid
   * when the type stays. */
  ferry_object_type_rule_set_object_type (self->rule, type);
  ferry_object_type_rule_set_subtype (self->rule, subtype);
  self->syncing = FALSE;
  sync_from_rule (self);
}

static void
ferry_type_rule_row_dispose (GObject *object)
{
  FerryTypeRuleRow *self = FERRY_TYPE_RULE_ROW (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ferry_type_rule_row_parent_class)->dispose (object);
}

static void
ferry_type_rule_row_class_init (FerryTypeRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_type_rule_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-type-rule-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTypeRuleRow, box);
  gtk_widget_class_bind_template_child (widget_class, FerryTypeRuleRow, type_drop_down);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
}

static void
ferry_type_rule_row_init (FerryTypeRuleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = gtk_string_list_new (NULL);
  for (guint i = 0; i < ferry_object_type_presets_get_n (); i++)
    gtk_string_list_append (self->model, ferry_object_type_preset_get (i, NULL, NULL));
  /* No rule yet: the selection this causes is not an edit. */
  gtk_drop_down_set_model (self->type_drop_down, G_LIST_MODEL (self->model));
}

GtkWidget *
ferry_type_rule_row_new (FerryObjectTypeRule *rule)
{
  FerryTypeRuleRow *self;

  g_return_val_if_fail (FERRY_IS_OBJECT_TYPE_RULE (rule), NULL);

  self = g_object_new (FERRY_TYPE_TYPE_RULE_ROW, NULL);
  self->rule = g_object_ref (rule);
  sync_from_rule (self);
  g_signal_connect_object (rule, "notify::object-type", G_CALLBACK (sync_from_rule), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rule, "notify::subtype", G_CALLBACK (sync_from_rule), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

FerryObjectTypeRule *
ferry_type_rule_row_get_rule (FerryTypeRuleRow *self)
{
  g_return_val_if_fail (FERRY_IS_TYPE_RULE_ROW (self), NULL);
  return self->rule;
}

GtkDropDown *
ferry_type_rule_row_get_type_drop_down (FerryTypeRuleRow *self)
{
  g_return_val_if_fail (FERRY_IS_TYPE_RULE_ROW (self), NULL);
  return self->type_drop_down;
}

void
ferry_type_rule_row_add_suffix (FerryTypeRuleRow *self,
                                GtkWidget        *widget)
{
  g_return_if_fail (FERRY_IS_TYPE_RULE_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  gtk_box_append (self->box, widget);
}
