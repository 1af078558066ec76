/* ferry-preview-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preview-rows"

#include "config.h"

#include "ferry-preview-rows.h"

struct _FerryPreviewRows
{
  GObject     parent_instance;

  GListModel *model;      /* nullable */
  gulong      changed_id;
  guint       shown;      /* the first SHOWN items of MODEL are ours */
};

static void ferry_preview_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryPreviewRows, ferry_preview_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ferry_preview_rows_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
ferry_preview_rows_get_item_type (GListModel *list)
{
  FerryPreviewRows *self = FERRY_PREVIEW_ROWS (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
ferry_preview_rows_get_n_items (GListModel *list)
{
  return FERRY_PREVIEW_ROWS (list)->shown;
}

static gpointer
ferry_preview_rows_get_item (GListModel *list,
                             guint       position)
{
  FerryPreviewRows *self = FERRY_PREVIEW_ROWS (list);

  if (position >= self->shown)
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
ferry_preview_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_preview_rows_get_item_type;
  iface->get_n_items = ferry_preview_rows_get_n_items;
  iface->get_item = ferry_preview_rows_get_item;
}

/* What changed in the underlying model, told in our terms: a change inside
 * the shown rows as it is; one that runs past their end replaces the shown
 * rows from POSITION on with as many (or as few) new ones; one after them
 * only adds to what is pending. */
static void
model_items_changed_cb (GListModel       *model,
                        guint             position,
                        guint             removed,
                        guint             added,
                        FerryPreviewRows *self)
{
  guint n = g_list_model_get_n_items (model);

  if (position >= self->shown)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      return;
    }
  if (position + removed <= self->shown)
    {
      self->shown = self->shown - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  else
    {
      guint removed_shown = self->shown - position;
      guint added_shown = MIN (added, removed_shown);

      self->shown = position + added_shown;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed_shown, added_shown);
    }
  g_warn_if_fail (self->shown <= n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

void
ferry_preview_rows_set_model (FerryPreviewRows *self,
                              GListModel       *model)
{
  guint removed;

  g_return_if_fail (FERRY_IS_PREVIEW_ROWS (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->changed_id = g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  removed = self->shown;
  self->shown = 0;
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

GListModel *
ferry_preview_rows_get_model (FerryPreviewRows *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_ROWS (self), NULL);
  return self->model;
}

guint
ferry_preview_rows_get_pending (FerryPreviewRows *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_ROWS (self), 0);

  if (self->model == NULL)
    return 0;
  return g_list_model_get_n_items (self->model) - self->shown;
}

guint
ferry_preview_rows_reveal (FerryPreviewRows *self,
                           guint             n_items)
{
  guint added;
  guint position;

  g_return_val_if_fail (FERRY_IS_PREVIEW_ROWS (self), 0);

  added = MIN (n_items, ferry_preview_rows_get_pending (self));
  if (added == 0)
    return 0;
  position = self->shown;
  self->shown += added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  return added;
}

static void
ferry_preview_rows_dispose (GObject *object)
{
  FerryPreviewRows *self = FERRY_PREVIEW_ROWS (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_clear_object (&self->model);
  self->shown = 0;

  G_OBJECT_CLASS (ferry_preview_rows_parent_class)->dispose (object);
}

static void
ferry_preview_rows_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryPreviewRows *self = FERRY_PREVIEW_ROWS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, ferry_preview_rows_get_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_rows_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryPreviewRows *self = FERRY_PREVIEW_ROWS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ferry_preview_rows_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_rows_class_init (FerryPreviewRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_preview_rows_dispose;
  object_class->get_property = ferry_preview_rows_get_property;
  object_class->set_property = ferry_preview_rows_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_preview_rows_init (FerryPreviewRows *self)
{
}

FerryPreviewRows *
ferry_preview_rows_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  return g_object_new (FERRY_TYPE_PREVIEW_ROWS, "model", model, NULL);
}
